"""What every form shares: options for selects, radios and checkboxes as WTForms wants them."""

from collections.abc import Iterable, Mapping

from wtforms.fields.choices import SelectChoice


def choices(options: Mapping | Iterable[tuple]) -> list[SelectChoice]:
    """Options from a dict of value: label, or from (value, label) pairs."""
    pairs = options.items() if isinstance(options, Mapping) else options
    return [SelectChoice(str(value), label) for value, label in pairs]


def offered(field) -> set[str]:
    """The values a field offers (to refuse one that was not offered)."""
    return {str(choice.value) for choice in field.choices or []}
