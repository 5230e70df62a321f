"""Forms the board's admins fill in."""

import uuid

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    DecimalField,
    RadioField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from directory.forms import choices
from directory.models import GapStatus, OverlapDecision, Rag


def to_uuid(value) -> uuid.UUID | None:
    if value is None or isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(value)
    except ValueError:
        return None


class DayMonthYearField(DateField):
    """A date typed in three boxes (day, month, year), all named after the field."""

    def __init__(self, label, **kwargs):
        super().__init__(label, widget=GovDateInput(), format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:  # a hand-made request: show the boxes empty, not a crash
            self.raw_data = None
            valuelist = []
        super().process_formdata(valuelist)


class TriageForm(FlaskForm):
    decision = RadioField(
        "What did the board decide?", widget=GovRadioInput(),
        choices=choices(OverlapDecision.LABELS),
        validators=[InputRequired("Choose what the board decided")],
    )
    reason = TextAreaField(
        "Why", widget=GovTextArea(),
        validators=[DataRequired("Say why, so the next meeting knows"), Length(max=2000)],
    )
    submit = SubmitField("Save the decision", widget=GovSubmitInput())


class NotAGapForm(FlaskForm):
    reason = TextAreaField(
        "Why is this not a gap?", widget=GovTextArea(),
        validators=[DataRequired("Say why this is not a gap, so the next meeting knows"),
                    Length(max=2000)])
    submit = SubmitField("Save: not a gap", widget=GovSubmitInput())


class GapEntryForm(FlaskForm):
    pathway_id = SelectField("Pathway", widget=GovSelect(), coerce=to_uuid,
                             validators=[InputRequired("Choose a pathway")])
    issue = TextAreaField("Issue", widget=GovTextArea(),
                          validators=[DataRequired("Describe the issue"), Length(max=4000)])
    local_gap = TextAreaField("Local gap", widget=GovTextArea(), validators=[Length(max=4000)])
    rag = RadioField("RAG rating", widget=GovRadioInput(), choices=choices(Rag.LABELS),
                     default=Rag.NO_DATA, validators=[InputRequired("Choose a RAG rating")])
    evidence = TextAreaField("Evidence", widget=GovTextArea(), validators=[Length(max=4000)])
    owner = StringField("Owner", widget=GovTextInput(), validators=[Length(max=200)])
    target_date = DayMonthYearField("Target date", validators=[Optional()])
    status = SelectField("Status", widget=GovSelect(), choices=choices(GapStatus.LABELS),
                         default=GapStatus.OPEN)
    submit = SubmitField("Save", widget=GovSubmitInput())


class MeetingForm(FlaskForm):
    held_on = DayMonthYearField(
        "Meeting date", validators=[InputRequired("Enter the meeting date, like 12 3 2027")])
    title = StringField("Name (optional)", widget=GovTextInput(), validators=[Length(max=200)])
    submit = SubmitField("Add the meeting", widget=GovSubmitInput())


class NeedWeightForm(FlaskForm):
    """One field per district is added at run time (districts are data)."""

    submit = SubmitField("Save the weights", widget=GovSubmitInput())


def need_weight_form(districts, current: dict) -> NeedWeightForm:
    class Form(NeedWeightForm):
        pass

    for district in districts:
        setattr(Form, f"w_{district.slug}", DecimalField(
            district.name, widget=GovTextInput(), default=current.get(district.id, 1),
            places=None,
            validators=[InputRequired(f"Enter a weight for {district.name}"),
                        NumberRange(0, 10, f"Weight for {district.name} must be 0 to 10")]))
    return Form()
