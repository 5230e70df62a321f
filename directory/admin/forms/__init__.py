"""Admin forms, one module per topic. Shared field helpers live here."""

from govuk_frontend_wtf.wtforms_widgets import GovCheckboxesInput
from wtforms import SelectMultipleField
from wtforms.validators import ValidationError

from directory.forms import offered


class CheckboxesField(SelectMultipleField):
    """A group of checkboxes whose choices are set when the form is made."""

    widget = GovCheckboxesInput()

    def pre_validate(self, form) -> None:
        # Ticking nothing is allowed; ticking something not offered is not.
        values = offered(self)
        for value in self.data or []:
            if str(value) not in values:
                raise ValidationError("Choose from the list")


def comma_list(text: str | None) -> list[str]:
    """"English, Polish ,," -> ["English", "Polish"]."""
    return [part.strip() for part in (text or "").split(",") if part.strip()]
