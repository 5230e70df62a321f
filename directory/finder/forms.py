"""The finder's questions as GET forms: no CSRF token is needed, since nothing is changed, and
the answers stay in the URL."""

from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovCheckboxInput,
    GovRadioInput,
    GovTextInput,
)
from wtforms import BooleanField, Form, RadioField, SelectMultipleField, StringField
from wtforms.validators import StopValidation, ValidationError

from directory.finder import journey
from directory.forms import choices, offered
from directory.listings import catalogue
from directory.models import Area, Pathway
from directory.places import geography


def chosen(message: str):
    """At least one answer, and only answers that were offered (old links may hold others)."""

    def check(form, field):
        values = field.data if isinstance(field.data, list) else [field.data]
        if not any(values) or not set(values) <= offered(field):
            raise StopValidation(message)

    return check


class HelpForm(Form):
    pathway = SelectMultipleField(
        "What help is needed?", widget=GovCheckboxesInput(), validate_choice=False,
        description="Choose all that you need. You can choose more than one.",
        validators=[chosen("Choose at least one kind of help")])

    def __init__(self, formdata):
        super().__init__(formdata)
        self.terms = catalogue.active_terms(Pathway)
        self.pathway.choices = choices((term.slug, term.public_name) for term in self.terms)


class WhereForm(Form):
    """A postcode (to sort by distance) or an area. Not a conditionally revealed field: that
    pattern puts aria-expanded on a radio, which the ARIA rules (and axe) do not allow."""

    postcode = StringField(
        "Your postcode", widget=GovTextInput(),
        description="For example, NR2 4AB, or just the first part, like NR2. "
                    "We use it to put the nearest places first. If you live outside "
                    "Norfolk, we show services anyone in England can use.")
    area = RadioField("Or choose an area", widget=GovRadioInput(), validate_choice=False)

    def __init__(self, formdata):
        super().__init__(formdata)
        districts = [(a.slug, a.name) for a in catalogue.active_terms(Area) if not a.county_wide]
        self.area.choices = choices([*districts, (journey.ANYWHERE, "Anywhere in Norfolk")])

    def validate_postcode(self, field):
        """A postcode outside Norfolk is fine: it gets services anyone in England can use."""
        if (field.data or "").strip():
            place = geography.find_place(field.data)
            if place.problem and not place.outside:
                raise ValidationError(place.problem)

    def validate_area(self, field):
        if not (self.postcode.data or "").strip():
            chosen("Enter a postcode or choose an area")(self, field)


class WhoForm(Form):
    question_field = "client_group"
    client_group = SelectMultipleField(
        "Who is the support for?", widget=GovCheckboxesInput(), validate_choice=False,
        description="Choose all that fit. Services for anyone are always shown.",
        validators=[chosen("Choose who the support is for")])

    def __init__(self, formdata):
        super().__init__(formdata)
        self.client_group.choices = choices(journey.who_choices())


class WhenForm(Form):
    question_field = "when"
    when = RadioField(
        "Where are you now?", widget=GovRadioInput(), validate_choice=False,
        validators=[chosen("Choose where they are now")])

    def __init__(self, formdata):
        super().__init__(formdata)
        answers = journey.Answers.from_args(formdata)
        self.when.label.text = journey.when_question(answers)
        if answers.for_families:
            self.when.description = ("Tell us about the person in your family who is in "
                                     "prison or in trouble with the law. We also show support "
                                     "for you.")
            self.when.validators[0] = chosen("Choose where your family member is now")
        else:
            self.when.description = ("If you are helping someone else, answer for them. "
                                     "This helps us show support for the right time.")
            self.when.validators[0] = chosen("Choose where you are now")
        self.when.choices = choices((c.value, c.family_label if answers.for_families else c.label)
                                    for c in journey.when_choices())


class PrisonForm(Form):
    question_field = "prison"
    prison = RadioField(
        "Which prison?", widget=GovRadioInput(), validate_choice=False,
        description="We will show support at that prison, wherever you live.",
        validators=[chosen("Choose a prison")])

    def __init__(self, formdata):
        super().__init__(formdata)
        self.prison.label.text = journey.prison_question(journey.Answers.from_args(formdata))
        self.prison.choices = choices(journey.prison_choices())


class NearForm(Form):
    """On the results page: sort by distance from a postcode, and show only what is open now."""

    near = StringField("Your postcode", widget=GovTextInput(),
                       description="We use it to put the nearest services first")
    open_now = BooleanField("Only show services open now", widget=GovCheckboxInput(),
                            false_values=(False, "", "0"))

    validate_near = WhereForm.validate_postcode


STEP_FORMS = {"help": HelpForm, "where": WhereForm, "who": WhoForm, "when": WhenForm,
              "prison": PrisonForm}
