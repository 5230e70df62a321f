from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSubmitInput, GovTextArea
from wtforms import RadioField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from directory.forms import choices


class ResolveSuggestionForm(FlaskForm):
    decision = RadioField(
        "What did you do?", widget=GovRadioInput(),
        choices=choices({"accept": "Accept: the listing is changed or will be",
                         "reject": "Reject: the listing was already right"}),
        validators=[DataRequired("Choose accept or reject")])
    note = TextAreaField("Note", widget=GovTextArea(),
                         description="Say what you did, for the other editors",
                         validators=[DataRequired("Write a short note"), Length(max=2000)])
    submit = SubmitField("Save", widget=GovSubmitInput())
