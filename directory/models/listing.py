"""Organisations, their services, locations and opening times.

Field names follow Open Referral UK / HSDS where one exists, so export is a mapping.
"""

import uuid
from datetime import date, time
from decimal import Decimal
from enum import StrEnum, nonmember
from types import SimpleNamespace

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from directory.extensions import db
from directory.models.common import Timestamps, utcnow, uuid_pk
from directory.models.prison import Prison
from directory.models.taxonomy import (
    Area,
    ClientGroup,
    Pathway,
    Stage,
    service_areas,
    service_client_groups,
    service_pathways,
    service_stages,
)


class ServiceStatus(StrEnum):
    """A service's state (stored as its value; a member equals its text)."""

    DRAFT = "draft"
    PUBLISHED = "published"
    ARCHIVED = "archived"
    ALL = nonmember(("draft", "published", "archived"))


class Organisation(Timestamps, db.Model):
    __tablename__ = "organisation"

    id: Mapped[uuid.UUID] = uuid_pk()
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(String(300), default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)  # from the public
    __table_args__ = (UniqueConstraint("source", "source_id"),)

    # Where an imported record came from, so a re-import updates instead of duplicating: the
    # id it has there, and which files or feed it came from (None: made here). Only that
    # source may change it.
    source_id: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))

    services: Mapped[list["Service"]] = relationship(
        back_populates="organisation", order_by="Service.name"
    )
    locations: Mapped[list["Location"]] = relationship(
        back_populates="organisation", order_by="Location.name"
    )


class Location(db.Model):
    __tablename__ = "location"

    id: Mapped[uuid.UUID] = uuid_pk()
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    name: Mapped[str] = mapped_column(String(200))
    address: Mapped[str] = mapped_column(String(300), default="")
    postcode: Mapped[str] = mapped_column(String(10), default="")
    latitude: Mapped[float | None] = mapped_column(Float)
    longitude: Mapped[float | None] = mapped_column(Float)
    # Refuges and safe houses: show the town only, never the street or postcode.
    hide_address: Mapped[bool] = mapped_column(Boolean, default=False)
    # Set when this place is inside a prison, so the service names the prison.
    prison_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("prison.id"), index=True)
    source: Mapped[str | None] = mapped_column(String(200))  # as Organisation.source

    organisation: Mapped[Organisation] = relationship(back_populates="locations")
    prison: Mapped[Prison | None] = relationship(lazy="joined")

    @property
    def public_address(self) -> str:
        if self.hide_address:
            return self.address.rsplit(",", 1)[-1].strip() if self.address else ""
        return ", ".join(part for part in (self.address, self.postcode) if part)


class Service(Timestamps, db.Model):
    __tablename__ = "service"
    __table_args__ = (
        CheckConstraint("status in ('draft', 'published', 'archived')", name="service_status"),
        UniqueConstraint("source", "source_id"),
    )

    id: Mapped[uuid.UUID] = uuid_pk()
    organisation_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("organisation.id"))
    name: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(String(300), default="")
    description: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default=ServiceStatus.DRAFT.value, index=True)
    self_referral: Mapped[bool] = mapped_column(Boolean, default=False)
    professional_referral: Mapped[bool] = mapped_column(Boolean, default=False)
    drop_in: Mapped[bool] = mapped_column(Boolean, default=False)
    cost: Mapped[str] = mapped_column(Text, default="")
    eligibility: Mapped[str] = mapped_column(Text, default="")
    minimum_age: Mapped[int | None] = mapped_column(Integer)
    maximum_age: Mapped[int | None] = mapped_column(Integer)
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    accessibility: Mapped[str] = mapped_column(Text, default="")
    phone: Mapped[str] = mapped_column(String(40), default="")
    email: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(String(300), default="")
    keywords: Mapped[list[str]] = mapped_column(JSON, default=list)
    last_checked_on: Mapped[date | None] = mapped_column(Date)
    source_id: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str | None] = mapped_column(String(200))  # as Organisation.source
    # What other directories publish (HSDS) that helps a person, kept from imports.
    alternate_name: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_title: Mapped[str] = mapped_column(String(200), default="")
    # ["Proof of address", ...] and [{"option": "Adults", "amount": 5.0, "currency": "GBP",
    # "amount_description": "..."}, ...]
    required_documents: Mapped[list[str]] = mapped_column(JSON, default=list)
    cost_options: Mapped[list[dict]] = mapped_column(JSON, default=list)
    # Optimistic locking: a save based on an old version is refused, never silently lost.
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1)

    __mapper_args__ = {"version_id_col": version}

    organisation: Mapped[Organisation] = relationship(back_populates="services")
    pathways: Mapped[list[Pathway]] = relationship(
        secondary=service_pathways, order_by=Pathway.position
    )
    areas: Mapped[list[Area]] = relationship(secondary=service_areas, order_by=Area.position)
    client_groups: Mapped[list[ClientGroup]] = relationship(
        secondary=service_client_groups, order_by=ClientGroup.position
    )
    stages: Mapped[list[Stage]] = relationship(secondary=service_stages, order_by=Stage.position)
    service_at_locations: Mapped[list["ServiceAtLocation"]] = relationship(
        back_populates="service", cascade="all, delete-orphan"
    )
    schedule: Mapped[list["ScheduleRow"]] = relationship(
        back_populates="service",
        cascade="all, delete-orphan",
        order_by="(ScheduleRow.weekday, ScheduleRow.opens_at)",
    )
    funding: Mapped[list["Funding"]] = relationship(
        back_populates="service", cascade="all, delete-orphan", order_by="Funding.end_date"
    )

    @property
    def locations(self) -> list[Location]:
        return [link.location for link in self.service_at_locations]

    @property
    def prisons(self) -> list[Prison]:
        """The prisons this service is delivered in, in the order of its places."""
        found = {}
        for location in self.locations:
            if location.prison is not None:
                found.setdefault(location.prison.id, location.prison)
        return list(found.values())

    @property
    def cost_option_lines(self) -> list[str]:
        """Imported cost options in words: "Under 18s: £35 per 1 hour session"."""
        lines = []
        for option in self.cost_options or []:
            amount = option.get("amount")
            price = ""
            if amount is not None:
                currency = option.get("currency", "GBP")
                price = (f"£{amount:,.2f}".removesuffix(".00") if currency == "GBP"
                         else f"{amount:,.2f} {currency}")
            words = " ".join(part for part in (price, option.get("amount_description", ""))
                             if part)
            lines.append(": ".join(part for part in (option.get("option", ""), words) if part))
        return [line for line in lines if line]

    @property
    def access_methods(self) -> list[str]:
        """How to get the service, in plain words."""
        methods = []
        if self.self_referral:
            methods.append("Contact them yourself")
        if self.drop_in:
            methods.append("Drop in, no appointment needed")
        if self.professional_referral:
            methods.append("Ask your probation officer, key worker or doctor to refer you")
        return methods

    @property
    def way_in(self) -> str:
        """How to get it, in a few words: the top of its page and its result card."""
        if self.drop_in and self.self_referral:
            return "Drop in or contact them yourself"
        if self.drop_in:
            return "Drop in, no appointment needed"
        if self.self_referral:
            return "Contact them yourself"
        if self.professional_referral:
            return "Needs a referral"
        return ""

    @property
    def how_to_get_help(self) -> str:
        """One clear thing to do, for a printed or texted list."""
        if self.drop_in:
            return "Drop in when they are open: you do not need an appointment."
        if self.self_referral or not self.professional_referral:
            reason = "and ask for help" if self.self_referral else "to ask how to get help"
            if self.phone:
                return f"Phone {self.phone} {reason}."
            if self.email:
                return f"Email {self.email} {reason}."
            if self.self_referral:
                return "Contact them yourself and ask for help."
        return "Ask your probation officer, key worker or doctor to refer you."

    @property
    def who_for(self) -> str:
        """"Women, Young adults, age 18 to 25": who it is for, in one line."""
        people = ", ".join(group.name for group in self.client_groups) or "Anyone"
        low, high = self.minimum_age, self.maximum_age
        if low and high:
            return f"{people}, age {low} to {high}"
        if low:
            return f"{people}, age {low} and over"
        if high:
            return f"{people}, up to age {high}"
        return people

    @property
    def shows_exit_this_page(self) -> bool:
        return (any(p.slug in EXIT_THIS_PAGE_PATHWAYS for p in self.pathways)
                or any(g.slug in EXIT_THIS_PAGE_GROUPS for g in self.client_groups))

    @property
    def is_for_people_who_harm(self) -> bool:
        """A programme for people who hurt a partner or family member (listed apart, after
        the support for people being hurt)."""
        slugs = {group.slug for group in self.client_groups}
        return PEOPLE_WHO_HARM in slugs and not slugs & EXIT_THIS_PAGE_GROUPS


# Pathways and client groups whose pages offer a quick way out, for people who may be watched.
EXIT_THIS_PAGE_PATHWAYS = frozenset({"domestic-abuse", "sex-workers-support"})
EXIT_THIS_PAGE_GROUPS = frozenset({"domestic-abuse-survivors", "sex-workers"})
PEOPLE_WHO_HARM = "people-who-harm"


class ServiceAtLocation(db.Model):
    """Where a service is offered (Open Referral UK's service_at_location)."""

    __tablename__ = "service_at_location"

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    location_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("location.id", ondelete="CASCADE"))
    # Opening times at this place when they differ from the service's own (imported HSDS
    # location schedules): [{"weekday": 0, "opens_at": "09:00", "closes_at": "17:00",
    # "note": ""}, ...].
    schedule: Mapped[list[dict]] = mapped_column(JSON, default=list)

    service: Mapped[Service] = relationship(back_populates="service_at_locations")
    location: Mapped[Location] = relationship(lazy="joined")

    @property
    def schedule_rows(self) -> list[SimpleNamespace]:
        """The opening times at this place, shaped like ScheduleRow for `opening_times`."""
        return [SimpleNamespace(weekday=row["weekday"], opens_at=time.fromisoformat(
            row["opens_at"]), closes_at=time.fromisoformat(row["closes_at"]),
            note=row.get("note", "")) for row in self.schedule or []]


WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
# Open Referral UK / iCalendar day codes, Monday first.
BYDAY = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


class ScheduleRow(db.Model):
    """One opening period on one day of the week."""

    __tablename__ = "schedule_row"
    __table_args__ = (CheckConstraint("weekday between 0 and 6", name="schedule_weekday"),)

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    weekday: Mapped[int] = mapped_column(Integer)  # 0 = Monday
    opens_at: Mapped[time] = mapped_column(Time)
    closes_at: Mapped[time] = mapped_column(Time)
    note: Mapped[str] = mapped_column(Text, default="")

    service: Mapped[Service] = relationship(back_populates="schedule")


class Funding(db.Model):
    """Who pays for a service, how much and until when."""

    __tablename__ = "funding"

    id: Mapped[uuid.UUID] = uuid_pk()
    service_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("service.id", ondelete="CASCADE"))
    funder: Mapped[str] = mapped_column(Text)
    amount_per_year: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)

    service: Mapped[Service] = relationship(back_populates="funding")


# Rows that belong to one service: a change to one is a change to that service (the audit
# log and the search index both read this).
SERVICE_PARTS = (ServiceAtLocation, ScheduleRow, Funding)


def flushed(session) -> tuple[dict, set[uuid.UUID]]:
    """What a flush wrote, worked out once for the audit log and the search index (call it
    from an `after_flush` listener): each record -> "created", "changed" or "deleted", leaving
    out the parts of services, and the ids of the services whose parts were written."""
    records, services = {}, set()
    for action, written in (("changed", session.dirty), ("created", session.new),
                            ("deleted", session.deleted)):
        for obj in written:
            if not isinstance(obj, SERVICE_PARTS):
                records[obj] = action
            elif (service_id := obj.service_id or getattr(obj.service, "id", None)) is not None:
                services.add(service_id)
    return records, services


def mark_relinked(session, service: Service) -> None:
    """A listing rule: a service whose pathways, areas or groups changed counts as changed,
    so its version moves and other app servers (and optimistic locking) notice it too."""
    if session.is_modified(service, include_collections=True) and not session.is_modified(
        service, include_collections=False
    ):
        service.updated_at = utcnow()
