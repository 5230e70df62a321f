import re

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Length, ValidationError

PHONE = re.compile(r"\+?[0-9][0-9 ]{1,30}")


class CrisisLineForm(FlaskForm):
    question = StringField("Question", widget=GovTextInput(), validators=[Length(max=200)],
                           description='For example, "In danger now?" (you can leave it blank)')
    action = StringField("What to do (the words people tap to call)", widget=GovTextInput(),
                         validators=[DataRequired("Enter what to do, like Call 999"),
                                     Length(max=200)],
                         description='For example, "Call Samaritans on 116 123"')
    phone = StringField("Phone number", widget=GovTextInput(),
                        validators=[DataRequired("Enter the phone number"), Length(max=40)])
    detail = StringField("More about it", widget=GovTextInput(), validators=[Length(max=300)],
                         description='For example, "Free, day or night."')
    for_abuse = BooleanField("Show only for domestic abuse (searches and pages about it)",
                             widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_phone(self, field):
        if not PHONE.fullmatch((field.data or "").strip()):
            raise ValidationError("Enter a phone number in digits, like 116 123")

    def values(self) -> dict:
        return {"question": (self.question.data or "").strip(),
                "action": self.action.data.strip(), "phone": self.phone.data.strip(),
                "detail": (self.detail.data or "").strip(),
                "for_abuse": bool(self.for_abuse.data)}
