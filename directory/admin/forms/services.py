"""The service form: everything a public service page shows."""

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovSelect,
    GovSubmitInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    EmailField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
    URLField,
)
from wtforms.validators import (
    URL,
    DataRequired,
    Email,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from directory.admin.forms import CheckboxesField, comma_list
from directory.forms import choices
from directory.listings import catalogue, limits
from directory.listings.values import (
    ACCESS_FIELDS,
    AGE_FIELDS,
    LIST_FIELDS,
    TERM_FIELDS,
    TEXT_FIELDS,
    ServiceValues,
    as_ids,
)
from directory.models import TAXONOMIES, Service
from directory.models.listing import WEEKDAYS

SCHEDULE_ROWS = 7
AGE_MESSAGE = f"Enter an age between 0 and {limits.OLDEST_AGE}"
FUNDING_ROWS = 2
# Funding.amount_per_year is Numeric(12, 2).
LARGEST_AMOUNT = Decimal("9999999999.99")
ACCESS_CHOICES = {
    "self_referral": "People can contact them themselves",
    "drop_in": "People can drop in without an appointment",
    "professional_referral": "A professional can refer people",
}
TIME_PATTERN = re.compile(r"^([01]?\d|2[0-3])[:.]([0-5]\d)$")


def parse_time(text: str | None) -> time | None:
    match = TIME_PATTERN.match((text or "").strip())
    return time(int(match[1]), int(match[2])) if match else None


class ScheduleRowForm(Form):
    """One opening period. A row with no day chosen is ignored."""

    weekday = SelectField("Day", widget=GovSelect(), default="", choices=choices([
        ("", "Not used"), *enumerate(WEEKDAYS)]))
    opens = StringField("Opens", widget=GovTextInput(), description="For example 09:00")
    closes = StringField("Closes", widget=GovTextInput(), description="For example 17:30")
    note = StringField("Note", widget=GovTextInput(),
                       validators=[Length(max=limits.SCHEDULE_NOTE)])

    def validate_opens(self, field) -> None:
        if self.weekday.data and parse_time(field.data) is None:
            raise ValidationError("Enter the opening time like 09:00")

    def validate_closes(self, field) -> None:
        if not self.weekday.data:
            return
        closes, opens = parse_time(field.data), parse_time(self.opens.data)
        if closes is None:
            raise ValidationError("Enter the closing time like 17:30")
        if opens and closes <= opens:
            raise ValidationError("The closing time must be after the opening time")


def parse_date(text: str | None) -> date | None:
    try:
        return datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
    except ValueError:
        return None


def parse_amount(text: str | None) -> Decimal | None:
    """Pounds a year as typed ("£12,500" or "12500.50"), or None if it is not a number."""
    cleaned = (text or "").strip().lstrip("£").replace(",", "").strip()
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        return None
    return amount.quantize(Decimal("0.01")) if amount.is_finite() else None


class FundingRowForm(Form):
    """One grant or contract. A row left empty is ignored; clearing a row removes it."""

    funder = StringField("Who pays for it", widget=GovTextInput(),
                         validators=[Length(max=limits.FUNDER)])
    amount = StringField("Amount each year (optional)", widget=GovTextInput(),
                         description="In pounds, for example 12500")
    start = StringField("Start date (optional)", widget=GovTextInput(),
                        description="For example 1/4/2026")
    end = StringField("End date (optional)", widget=GovTextInput(),
                      description="For example 31/3/2027")

    def is_used(self) -> bool:
        return any((f.data or "").strip() for f in (self.funder, self.amount, self.start, self.end))

    def validate_funder(self, field) -> None:
        if self.is_used() and not (field.data or "").strip():
            raise ValidationError("Enter who pays for it")

    def validate_amount(self, field) -> None:
        if not (field.data or "").strip():
            return
        amount = parse_amount(field.data)
        if amount is None:
            raise ValidationError("Enter the amount each year as a number, like 12500")
        if not 0 < amount <= LARGEST_AMOUNT:
            raise ValidationError("Enter an amount each year that is more than 0")

    def validate_start(self, field) -> None:
        if (field.data or "").strip() and parse_date(field.data) is None:
            raise ValidationError("Enter the start date like 1/4/2026")

    def validate_end(self, field) -> None:
        if not (field.data or "").strip():
            return
        end, start = parse_date(field.data), parse_date(self.start.data)
        if end is None:
            raise ValidationError("Enter the end date like 31/3/2027")
        if start and end < start:
            raise ValidationError("The end date must be the same as or after the start date")

    def fill_from(self, funding) -> None:
        self.funder.data = funding.funder
        amount = funding.amount_per_year
        self.amount.data = "" if amount is None else f"{amount:f}".removesuffix(".00")
        self.start.data = _dmy(funding.start_date)
        self.end.data = _dmy(funding.end_date)

    def value(self) -> tuple:
        """(funder, amount, start, end) as `editing.save_service` takes them."""
        return ((self.funder.data or "").strip(), parse_amount(self.amount.data),
                parse_date(self.start.data), parse_date(self.end.data))


def _dmy(day: date | None) -> str:
    return f"{day.day}/{day.month}/{day.year}" if day else ""


def _text(label, max_length, required=None, widget=None, description=None):
    validators = [DataRequired(required)] if required else []
    return StringField(label, widget=widget or GovTextInput(), description=description,
                       validators=[*validators, Length(max=max_length)])


class ServiceForm(FlaskForm):
    # The version the editor started from: a save based on an older one is refused.
    version = HiddenField()
    name = _text("Name of the service", limits.SERVICE["name"],
                 required="Enter the name of the service")
    summary = _text("Summary", limits.SERVICE["summary"], required="Enter a one-line summary",
                    description="One sentence that says what the service does")
    description = TextAreaField("What they offer", widget=GovTextArea(),
                                validators=[Length(max=limits.SERVICE["description"])])
    pathways = CheckboxesField("Pathways")
    areas = CheckboxesField("Areas it covers")
    client_groups = CheckboxesField("Who it is for",
                                    description="Tick none if it is for anyone")
    stages = CheckboxesField("Stages of the journey")
    access = CheckboxesField("How people get it", choices=choices(ACCESS_CHOICES))
    locations = CheckboxesField("Where it is offered")
    cost = _text("Cost", limits.SERVICE["cost"], description="For example: Free")
    eligibility = TextAreaField("Who can use it", widget=GovTextArea(),
                                validators=[Length(max=limits.SERVICE["eligibility"])])
    minimum_age = IntegerField("Minimum age", widget=GovTextInput(), validators=[
        Optional(), NumberRange(0, limits.OLDEST_AGE, AGE_MESSAGE)])
    maximum_age = IntegerField("Maximum age", widget=GovTextInput(), validators=[
        Optional(), NumberRange(0, limits.OLDEST_AGE, AGE_MESSAGE)])
    languages = _text("Languages", limits.SERVICE["languages"],
                      description="Separate them with commas")
    accessibility = TextAreaField("Access", widget=GovTextArea(),
                                  description="For example: step-free entrance, hearing loop",
                                  validators=[Length(max=limits.SERVICE["accessibility"])])
    phone = _text("Phone", limits.SERVICE["phone"])
    email = EmailField("Email", widget=GovTextInput(), validators=[
        Optional(), Email("Enter an email address like name@example.org"),
        Length(max=limits.SERVICE["email"])])
    url = URLField("Website", widget=GovTextInput(), validators=[
        Optional(), URL(message="Enter a web address starting with https://"),
        Length(max=limits.SERVICE["url"])])
    keywords = _text("Other search words", limits.SERVICE["keywords"],
                     description="Words people might search for. Separate them with commas")
    schedule = FieldList(FormField(ScheduleRowForm), min_entries=SCHEDULE_ROWS,
                         max_entries=SCHEDULE_ROWS)
    funding = FieldList(FormField(FundingRowForm), min_entries=FUNDING_ROWS)
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, service: Service | None = None, locations=(), **kwargs):
        super().__init__(*args, **kwargs)
        for attr, kind in TERM_FIELDS.items():
            model = TAXONOMIES[kind][0]
            terms = catalogue.active_terms(model)
            # Keep a retired term the service still has, so saving does not drop it unseen.
            kept = [t for t in getattr(service, attr, []) if t.retired]
            getattr(self, attr).choices = choices([(t.id, t.name) for t in terms] + [
                (t.id, f"{t.name} (retired)") for t in kept])
        self.locations.choices = choices((loc.id, loc.name) for loc in locations)
        # An import can give a service more funding than the form's fixed rows: show them all,
        # so saving the form never drops one unseen.
        while len(self.funding) < len(getattr(service, "funding", None) or []):
            self.funding.append_entry()

    def validate_maximum_age(self, field) -> None:
        if field.data is not None and self.minimum_age.data is not None \
                and field.data < self.minimum_age.data:
            raise ValidationError("The maximum age must be the same as or more than the minimum")

    def fill_from(self, service: Service) -> None:
        """Show a saved service (on first view of the edit page)."""
        for name in TEXT_FIELDS + AGE_FIELDS:
            getattr(self, name).data = getattr(service, name)
        for name in LIST_FIELDS:
            getattr(self, name).data = ", ".join(getattr(service, name) or [])
        for attr in TERM_FIELDS:
            getattr(self, attr).data = [str(t.id) for t in getattr(service, attr)]
        self.access.data = [key for key in ACCESS_FIELDS if getattr(service, key)]
        self.locations.data = [str(link.location_id) for link in service.service_at_locations]
        self.version.data = str(service.version)
        for entry, row in zip(self.schedule, service.schedule, strict=False):
            entry.weekday.data = str(row.weekday)
            entry.opens.data = row.opens_at.strftime("%H:%M")
            entry.closes.data = row.closes_at.strftime("%H:%M")
            entry.note.data = row.note
        for entry, funding in zip(self.funding, service.funding, strict=False):
            entry.form.fill_from(funding)

    def values(self) -> ServiceValues:
        """What the editor typed, as `editing.save_service` takes it."""
        own = {name: (getattr(self, name).data or "").strip() for name in TEXT_FIELDS}
        own.update({name: getattr(self, name).data for name in AGE_FIELDS})
        own.update({name: comma_list(getattr(self, name).data) for name in LIST_FIELDS})
        own.update({key: key in (self.access.data or []) for key in ACCESS_FIELDS})
        return ServiceValues(
            own=own,
            terms={attr: as_ids(getattr(self, attr).data) for attr in TERM_FIELDS},
            locations=as_ids(self.locations.data),
            schedule=[(int(row.weekday.data), parse_time(row.opens.data),
                       parse_time(row.closes.data), (row.note.data or "").strip())
                      for row in self.schedule if row.weekday.data],
            funding=[row.form.value() for row in self.funding if row.form.is_used()],
        )

    def seen_version(self) -> int:
        try:
            return int(self.version.data)
        except (TypeError, ValueError):
            return -1
