from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import BooleanField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length


class TermForm(FlaskForm):
    name = StringField("Name", widget=GovTextInput(),
                       validators=[DataRequired("Enter a name"), Length(max=120)])
    description = TextAreaField("Description", widget=GovTextArea(),
                                validators=[Length(max=2000)])
    plain_name = StringField(
        "Plain name for the public", widget=GovTextInput(),
        description='What people looking for help see, in everyday words, like "Somewhere to '
                    'live". The board\'s pages keep the name above. Leave it empty to use that '
                    'name everywhere.',
        validators=[Length(max=120)])
    county_wide = BooleanField("Covers the whole county", widget=GovCheckboxInput())
    national = BooleanField("Anyone in England can use these services (shown to people outside "
                            "the county)", widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitInput())

    def values(self, kind: str) -> dict:
        values = {"name": self.name.data.strip(),
                  "description": (self.description.data or "").strip()}
        if kind == "area":
            values["national"] = bool(self.national.data)
            values["county_wide"] = bool(self.county_wide.data) or values["national"]
        if kind == "pathway":
            values["plain_name"] = (self.plain_name.data or "").strip()
        return values
