from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import EmailField, RadioField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from directory.forms import choices
from directory.models import SUGGESTION_KINDS


class SuggestionForm(FlaskForm):
    kind = RadioField("What is wrong?", widget=GovRadioInput(),
                      choices=choices(SUGGESTION_KINDS),
                      validators=[DataRequired("Choose what is wrong")])
    details = TextAreaField(
        "Tell us more", widget=GovTextArea(),
        description="For example, the new phone number or the right opening times. "
                    "Do not give your own personal details here.",
        validators=[Length(max=2000, message="Use 2000 characters or fewer")])
    email = EmailField(
        "Your email address (optional)", widget=GovTextInput(),
        description="Only if you want us to be able to ask you about it",
        validators=[Optional(), Email("Enter an email address like name@example.org"),
                    Length(max=254)])
    # A trap for robots: hidden from people, so anything typed here is not from a person.
    website = StringField("Leave this empty")
    submit = SubmitField("Send", widget=GovSubmitInput())

    def validate_details(self, field) -> None:
        if self.kind.data == "other" and not (field.data or "").strip():
            raise ValidationError("Tell us what is wrong")

    @property
    def from_robot(self) -> bool:
        return bool((self.website.data or "").strip())
