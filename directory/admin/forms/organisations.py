from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextArea, GovTextInput
from wtforms import EmailField, StringField, SubmitField, TextAreaField, URLField
from wtforms.validators import URL, DataRequired, Email, Length, Optional

from directory.editing import ORGANISATION_FIELDS


class OrganisationForm(FlaskForm):
    name = StringField("Name", widget=GovTextInput(),
                       validators=[DataRequired("Enter the organisation's name"), Length(max=200)])
    description = TextAreaField("What the organisation does", widget=GovTextArea(),
                                validators=[Length(max=5000)])
    phone = StringField("Phone", widget=GovTextInput(), validators=[Length(max=40)])
    email = EmailField("Email", widget=GovTextInput(),
                       validators=[Optional(), Email("Enter an email address like "
                                                     "name@example.org"), Length(max=200)])
    url = URLField("Website", widget=GovTextInput(),
                   validators=[Optional(), URL(message="Enter a web address starting with "
                                                       "https://"), Length(max=300)])
    submit = SubmitField("Save", widget=GovSubmitInput())

    def values(self) -> dict:
        return {name: (getattr(self, name).data or "").strip() for name in ORGANISATION_FIELDS}
