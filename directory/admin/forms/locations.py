from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput, GovTextInput
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from directory.listings import limits


class LocationForm(FlaskForm):
    name = StringField("Name of the place", widget=GovTextInput(),
                       validators=[DataRequired("Enter the name of the place"),
                                   Length(max=limits.LOCATION["name"])])
    address = StringField("Address", widget=GovTextInput(),
                          description="Street and town, for example 12 King Street, Norwich",
                          validators=[Length(max=limits.LOCATION["address"])])
    postcode = StringField("Postcode", widget=GovTextInput(),
                           validators=[Length(max=limits.LOCATION["postcode"])])
    hide_address = BooleanField(
        "Hide the street and postcode from the public (for refuges and safe houses)",
        widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitInput())

    def values(self) -> dict:
        return {
            "name": self.name.data.strip(),
            "address": (self.address.data or "").strip(),
            "postcode": (self.postcode.data or "").strip().upper(),
            "hide_address": bool(self.hide_address.data),
        }
