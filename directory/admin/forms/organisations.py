from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import EmailField, StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from directory.listings import limits
from directory.listings.editing import ORGANISATION_FIELDS


class OrganisationForm(FlaskForm):
    name = StringField("Name", widget=GovTextInput(),
                       validators=[DataRequired("Enter the organisation's name"),
                                   Length(max=limits.ORGANISATION["name"])])
    description = TextAreaField("What the organisation does", widget=GovTextArea(),
                                validators=[Length(max=limits.ORGANISATION["description"])])
    phone = StringField("Phone", widget=GovTextInput(),
                        validators=[Length(max=limits.ORGANISATION["phone"])])
    email = EmailField("Email", widget=GovTextInput(),
                       validators=[Optional(), Email("Enter an email address like "
                                                     "name@example.org"),
                                  Length(max=limits.ORGANISATION["email"])])
    url = URLField("Website", widget=GovTextInput(),
                   validators=[Optional(), URL(message="Enter a web address starting with "
                                                       "https://"),
                                Length(max=limits.ORGANISATION["url"])])
    submit = SubmitField("Save", widget=GovSubmitInput())

    def values(self) -> dict:
        return {name: (getattr(self, name).data or "").strip() for name in ORGANISATION_FIELDS}
