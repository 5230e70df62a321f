"""Load the demo data in `seed/` into the database.

Seeding only adds what is missing, and never changes or brings back what is there: records
are matched by ids derived from their keys, one already in the database is left exactly as
it is (an edit made in the site since is never undone), and one deleted in the site (the
history says so) stays deleted. `make run` seeds each time, so this is what keeps the site's
changes. The report says what was added and what was left alone.
"""

import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from directory import clock
from directory.extensions import db
from directory.listings.values import ServiceValues, apply
from directory.models import (
    TAXONOMIES,
    AuditEntry,
    Location,
    Organisation,
    Prison,
    Service,
)
from directory.models.listing import BYDAY, ServiceStatus

SEED_DIR = Path(__file__).resolve().parents[2] / "seed"
# Fixed namespace so a key always gives the same id, on every machine.
SEED_NAMESPACE = uuid.UUID("5b0c7d4e-3f21-4a8e-9c7b-2d1e6f0a9b35")
TAXONOMY_SECTIONS = {
    "pathways": "pathway",
    "areas": "area",
    "client_groups": "client_group",
    "stages": "stage",
}


def seed_id(kind: str, key: str) -> uuid.UUID:
    return uuid.uuid5(SEED_NAMESPACE, f"{kind}:{key}")


@dataclass
class SeedReport:
    """What one load did, per kind of record: added, left as it was, or left deleted."""

    added: Counter = field(default_factory=Counter)
    kept: Counter = field(default_factory=Counter)
    not_restored: Counter = field(default_factory=Counter)
    deleted_ids: set = field(default_factory=set)

    def __getitem__(self, kind: str) -> int:
        """How many the files hold (what `load_seed` returned before it reported more)."""
        return self.added[kind] + self.kept[kind] + self.not_restored[kind]

    def summary(self) -> str:
        """What was done, in a sentence or two, for the command line."""
        def count(counter: Counter, kinds=("organisations", "services")) -> str:
            return " and ".join(f"{counter[k]} {k if counter[k] != 1 else k[:-1]}"
                                for k in kinds)

        listings = ("organisations", "services")
        if not any(self.kept[k] or self.not_restored[k] for k in listings):
            return f"Loaded {count(self.added)}."
        lines = [f"Added {count(self.added)} that were missing."
                 if any(self.added[k] for k in listings) else
                 "Added nothing: the demo data is already here."]
        lines.append(f"Left {count(self.kept)} as they are: seeding never changes what is "
                     "already in the database, so changes made in the site stay.")
        if self.not_restored:
            lines.append(f"Did not bring back {count(self.not_restored)} deleted in the site.")
        return "\n".join(lines)


def load_seed(seed_dir: Path = SEED_DIR, today: date | None = None) -> SeedReport:
    """Add the taxonomies, prisons and organisations the database does not have yet."""
    today = today or clock.today()
    report = SeedReport(deleted_ids=set(db.session.scalars(
        select(AuditEntry.record_id).where(AuditEntry.action == "deleted"))))
    terms = _load_taxonomies(yaml.safe_load((seed_dir / "taxonomies.yaml").read_text()),
                             report)
    prisons = _load_prisons(seed_dir / "prisons.yaml", terms["area"], report)
    for path in sorted((seed_dir / "organisations").glob("*.yaml")):
        _load_organisation(yaml.safe_load(path.read_text()), terms, prisons, today, report)
    db.session.commit()
    return report


def _add_if_missing(report: SeedReport, kind: str, model, record_id: uuid.UUID, **values):
    """The record, created if it is missing; None if the site deleted it. One already there
    is returned as it is: never changed."""
    obj = db.session.get(model, record_id)
    if obj is not None:
        report.kept[kind] += 1
    elif record_id in report.deleted_ids:
        report.not_restored[kind] += 1
    else:
        obj = model(id=record_id, **values)
        db.session.add(obj)
        report.added[kind] += 1
    return obj


def _load_taxonomies(data: dict, report: SeedReport) -> dict[str, dict[str, object]]:
    """Add the terms missing (by slug); return {taxonomy name: {slug: term}}."""
    terms: dict[str, dict[str, object]] = {}
    for section, name in TAXONOMY_SECTIONS.items():
        model = TAXONOMIES[name][0]
        existing = {t.slug: t for t in db.session.scalars(select(model))}
        for position, item in enumerate(data[section]):
            values = {
                "name": item["name"],
                "description": item.get("description", ""),
                "position": position,
            }
            if name == "area":
                values["county_wide"] = bool(item.get("county_wide", False))
                values["national"] = bool(item.get("national", False))
            if name == "pathway":
                values["plain_name"] = item.get("plain_name", "")
            if item["slug"] in existing:
                report.kept["terms"] += 1
                continue
            term = _add_if_missing(report, "terms", model, seed_id(name, item["slug"]),
                                   slug=item["slug"], **values)
            if term is not None:
                existing[item["slug"]] = term
        terms[name] = existing
    return terms


def _load_prisons(path: Path, areas: dict, report: SeedReport) -> dict[str, Prison]:
    """Add the prisons in `prisons.yaml` (if there is one) that are missing; return
    {slug: prison}."""
    data = yaml.safe_load(path.read_text()) if path.exists() else {}
    prisons = {}
    for item in data.get("prisons") or []:
        values = {key: str(item.get(key) or "") for key in (
            "name", "holds", "description", "address", "postcode", "visits_booking",
            "visits_phone", "visits_email", "visits_url", "visiting_times")}
        prison = _add_if_missing(
            report, "prisons", Prison, seed_id("prison", item["slug"]), slug=item["slug"],
            latitude=item.get("latitude"), longitude=item.get("longitude"),
            area=areas.get(item["area"]) if item.get("area") else None, **values)
        if prison is not None:
            prisons[item["slug"]] = prison
    return prisons


def _load_organisation(record: dict, terms: dict, prisons: dict, today: date,
                       report: SeedReport) -> None:
    organisation = _add_if_missing(
        report, "organisations", Organisation,
        seed_id("organisation", record["key"]),
        name=record["name"],
        description=record.get("description", ""),
        url=record.get("website", ""),
        email=record.get("email", ""),
        phone=str(record.get("phone", "")),
    )
    if organisation is None:  # deleted in the site, and all it had with it
        report.not_restored["services"] += len(record.get("services") or [])
        return
    locations = {}
    for item in record.get("locations") or []:
        locations[item["key"]] = _add_if_missing(
            report, "locations", Location,
            seed_id("location", item["key"]),
            organisation=organisation,
            name=item["name"],
            address=item.get("address", ""),
            postcode=item.get("postcode", ""),
            latitude=item.get("latitude"),
            longitude=item.get("longitude"),
            hide_address=bool(item.get("hide_address", False)),
            prison=prisons.get(item["prison"]) if item.get("prison") else None,
        )
    db.session.flush()  # the places: a service's links to them are checked against them
    for item in record.get("services") or []:
        _load_service(item, organisation, locations, terms, today, report)


def _load_service(item: dict, organisation, locations: dict, terms: dict, today: date,
                  report: SeedReport) -> None:
    service_id = seed_id("service", item["key"])
    if db.session.get(Service, service_id) is not None or service_id in report.deleted_ids:
        _add_if_missing(report, "services", Service, service_id)  # counted, left alone
        return
    listed, edited = _listed_and_edited(item, today)
    service = _add_if_missing(
        report, "services", Service, service_id, organisation=organisation,
        status=item.get("status", ServiceStatus.PUBLISHED), created_at=listed,
        updated_at=edited,
        last_checked_on=today - timedelta(days=item.get("last_checked_days_ago", 0)))
    # A new service (one already there is left alone, above), written in one go when the
    # seed is flushed. Its places were flushed already (`_load_organisation`).
    with db.session.no_autoflush:
        apply(service, _values(item, locations, terms))


def _listed_and_edited(item: dict, today: date) -> tuple[datetime, datetime]:
    """When a demo service was listed and last edited, spread over the last two years by its
    key (the same on every machine), so the board's pack shows a few services new and changed
    since the last meeting, not every one; an archived one was closed in the last two months
    (the pack's closed list)."""
    number = seed_id("service", item["key"]).int
    listed = max(item.get("listed_days_ago", 30 + number % 700),
                 item.get("last_checked_days_ago", 0))  # checked only once listed
    edited = (number >> 20) % 60 if item.get("status") == ServiceStatus.ARCHIVED \
        else (number >> 20) % (listed + 1)

    def moment(days_ago: int) -> datetime:
        return datetime.combine(today - timedelta(days=days_ago), time(10), UTC)
    return moment(listed), moment(min(edited, listed))


def _values(item: dict, locations: dict, terms: dict) -> ServiceValues:
    access = set(item.get("access") or [])
    return ServiceValues(
        own={
            "name": item["name"],
            "summary": item.get("summary", ""),
            "description": (item.get("description") or "").strip(),
            "self_referral": "self-referral" in access,
            "professional_referral": "professional-referral" in access,
            "drop_in": "drop-in" in access,
            "cost": item.get("cost") or "",
            "eligibility": item.get("eligibility") or "",
            "minimum_age": item.get("minimum_age"),
            "maximum_age": item.get("maximum_age"),
            "languages": list(item.get("languages") or []),
            "accessibility": item.get("accessibility") or "",
            "phone": str(item.get("phone") or ""),
            "email": item.get("email") or "",
            "url": item.get("website") or "",
            "keywords": list(item.get("keywords") or []),
        },
        terms={attr: [terms[kind][slug].id for slug in item.get(attr) or []
                      if slug in terms[kind]]
               for kind, (_model, _table, attr) in TAXONOMIES.items()},
        locations=[locations[key].id for key in item.get("locations") or []
                   if locations.get(key) is not None],
        schedule=[(BYDAY.index(day.upper()), row["opens_at"], row["closes_at"],
                   row.get("note", ""))
                  for row in item.get("schedule") or [] for day in row["days"]],
        funding=[(funding["funder"], funding.get("amount_per_year"),
                  funding.get("start_date"), funding.get("end_date"))
                 for funding in [item.get("funding")] if funding],
    )
