"""Load the demo data in `seed/` into the database. Safe to run again: it changes nothing
the second time (records are matched by ids derived from their keys)."""

import uuid
from datetime import date, time, timedelta
from pathlib import Path

import yaml
from sqlalchemy import select

from directory.extensions import db
from directory.models import (
    TAXONOMIES,
    Funding,
    Location,
    Organisation,
    Prison,
    ScheduleRow,
    Service,
    ServiceAtLocation,
)
from directory.models.listing import BYDAY

SEED_DIR = Path(__file__).resolve().parent.parent / "seed"
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


def load_seed(seed_dir: Path = SEED_DIR, today: date | None = None) -> dict[str, int]:
    """Load taxonomies and organisations; return how many of each the files hold."""
    today = today or date.today()
    terms = _load_taxonomies(yaml.safe_load((seed_dir / "taxonomies.yaml").read_text()))
    prisons = _load_prisons(seed_dir / "prisons.yaml", terms["area"])
    counts = {"organisations": 0, "services": 0, "prisons": len(prisons)}
    for path in sorted((seed_dir / "organisations").glob("*.yaml")):
        record = yaml.safe_load(path.read_text())
        counts["services"] += _load_organisation(record, terms, prisons, today)
        counts["organisations"] += 1
    db.session.commit()
    return counts


def _assign(obj, **values) -> None:
    """Set only what differs, so a second load leaves rows (and their versions) untouched."""
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)


def _upsert(model, record_id: uuid.UUID, **values):
    obj = db.session.get(model, record_id)
    if obj is None:
        obj = model(id=record_id, **values)
        db.session.add(obj)
    else:
        _assign(obj, **values)
    return obj


def _load_taxonomies(data: dict) -> dict[str, dict[str, object]]:
    """Upsert every term by slug; return {taxonomy name: {slug: term}}."""
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
            term = existing.get(item["slug"])
            if term is None:
                term = model(id=seed_id(name, item["slug"]), slug=item["slug"], **values)
                db.session.add(term)
            else:
                _assign(term, **values)
            existing[item["slug"]] = term
        terms[name] = existing
    return terms


def _load_prisons(path: Path, areas: dict) -> dict[str, Prison]:
    """Upsert the prisons in `prisons.yaml` (if there is one); return {slug: prison}."""
    data = yaml.safe_load(path.read_text()) if path.exists() else {}
    prisons = {}
    for item in data.get("prisons") or []:
        values = {key: str(item.get(key) or "") for key in (
            "name", "holds", "description", "address", "postcode", "visits_booking",
            "visits_phone", "visits_email", "visits_url", "visiting_times")}
        prisons[item["slug"]] = _upsert(
            Prison, seed_id("prison", item["slug"]), slug=item["slug"],
            latitude=item.get("latitude"), longitude=item.get("longitude"),
            area=areas[item["area"]] if item.get("area") else None, **values)
    return prisons


def _load_organisation(record: dict, terms: dict, prisons: dict, today: date) -> int:
    organisation = _upsert(
        Organisation,
        seed_id("organisation", record["key"]),
        name=record["name"],
        description=record.get("description", ""),
        url=record.get("website", ""),
        email=record.get("email", ""),
        phone=str(record.get("phone", "")),
    )
    locations = {}
    for item in record.get("locations") or []:
        locations[item["key"]] = _upsert(
            Location,
            seed_id("location", item["key"]),
            organisation=organisation,
            name=item["name"],
            address=item.get("address", ""),
            postcode=item.get("postcode", ""),
            latitude=item.get("latitude"),
            longitude=item.get("longitude"),
            hide_address=bool(item.get("hide_address", False)),
            prison=prisons[item["prison"]] if item.get("prison") else None,
        )
    for item in record.get("services") or []:
        _load_service(item, organisation, locations, terms, today)
    return len(record.get("services") or [])


def _load_service(item: dict, organisation, locations: dict, terms: dict, today: date) -> None:
    service_id = seed_id("service", item["key"])
    is_new = db.session.get(Service, service_id) is None
    access = set(item.get("access") or [])
    service = _upsert(
        Service,
        service_id,
        organisation=organisation,
        name=item["name"],
        summary=item.get("summary", ""),
        description=(item.get("description") or "").strip(),
        status=item.get("status", "published"),
        self_referral="self-referral" in access,
        professional_referral="professional-referral" in access,
        drop_in="drop-in" in access,
        cost=item.get("cost") or "",
        eligibility=item.get("eligibility") or "",
        minimum_age=item.get("minimum_age"),
        maximum_age=item.get("maximum_age"),
        languages=list(item.get("languages") or []),
        accessibility=item.get("accessibility") or "",
        phone=str(item.get("phone") or ""),
        email=item.get("email") or "",
        url=item.get("website") or "",
        keywords=list(item.get("keywords") or []),
    )
    if is_new:
        # Board members' later checks are not undone by a re-seed.
        service.last_checked_on = today - timedelta(days=item.get("last_checked_days_ago", 0))
    for name, (_model, _table, attr) in TAXONOMIES.items():
        wanted = [terms[name][slug] for slug in item.get(attr) or []]
        if getattr(service, attr) != wanted:
            setattr(service, attr, wanted)
    _sync_locations(service, [locations[key] for key in item.get("locations") or []])
    _sync_schedule(service, item.get("schedule") or [])
    _sync_funding(service, item.get("funding"))


def _sync_locations(service: Service, wanted: list[Location]) -> None:
    if [link.location for link in service.service_at_locations] != wanted:
        service.service_at_locations = [ServiceAtLocation(location=loc) for loc in wanted]


def _sync_schedule(service: Service, rows: list[dict]) -> None:
    wanted = [
        (BYDAY.index(day.upper()), time.fromisoformat(row["opens_at"]),
         time.fromisoformat(row["closes_at"]), row.get("note", ""))
        for row in rows
        for day in row["days"]
    ]
    current = [(r.weekday, r.opens_at, r.closes_at, r.note) for r in service.schedule]
    if sorted(current) != sorted(wanted):
        service.schedule = [
            ScheduleRow(weekday=d, opens_at=o, closes_at=c, note=n) for d, o, c, n in wanted
        ]


def _sync_funding(service: Service, funding: dict | None) -> None:
    wanted = []
    if funding:
        wanted = [(funding["funder"], funding.get("amount_per_year"),
                   funding.get("start_date"), funding.get("end_date"))]
    current = [
        (f.funder, None if f.amount_per_year is None else int(f.amount_per_year),
         f.start_date, f.end_date)
        for f in service.funding
    ]
    if current != wanted:
        service.funding = [
            Funding(funder=f, amount_per_year=a, start_date=s, end_date=e)
            for f, a, s, e in wanted
        ]
