from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovRadioInput,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, EmailField, RadioField, StringField, SubmitField
from wtforms.validators import DataRequired, Email, Length

from directory.admin.forms import CheckboxesField
from directory.forms import choices
from directory.models.accounts import Role

ROLE_CHOICES = choices({
    Role.VIEWER: "Viewer: a board member who reads listings and reports",
    Role.EDITOR: "Editor: keeps their own organisations' listings right",
    Role.ADMIN: "Admin: everything, including users and taxonomies",
})


class UserAccessForm(FlaskForm):
    role = RadioField("Role", widget=GovRadioInput(), choices=ROLE_CHOICES,
                      validators=[DataRequired("Choose a role")])
    organisations = CheckboxesField("Organisations they edit",
                                    description="Only matters for editors")
    active = BooleanField("The account can sign in", widget=GovCheckboxInput())
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations.choices = choices((o.id, o.name) for o in organisations)


class InviteForm(UserAccessForm):
    email = EmailField("Email address", widget=GovTextInput(), validators=[
        DataRequired("Enter their email address"),
        Email("Enter an email address like name@example.org"), Length(max=254)])
    name = StringField("Name", widget=GovTextInput(), validators=[Length(max=200)])
    active = None
    submit = SubmitField("Send invite", widget=GovSubmitInput())
