"""The audit log, written for every change however it is made (admin pages, imports, the
command line): one listener on the session records each audited record's fields before and
after every flush. Operations only say why, with `audit_reason("…")`."""

import functools
import uuid
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal

from flask import g, has_app_context
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import RelationshipProperty, Session, selectinload

from directory.extensions import db
from directory.formatting import long_date, short_time
from directory.listings.values import TERM_FIELDS
from directory.models import (
    SERVICE_PARTS,
    TAXONOMIES,
    AuditEntry,
    Location,
    Organisation,
    Service,
    User,
)
from directory.models.common import utcnow
from directory.models.listing import WEEKDAYS, flushed

AUDITED = {
    Organisation: "organisation",
    Service: "service",
    Location: "location",
    **{model: kind for kind, (model, _table, _attr) in TAXONOMIES.items()},
    User: "user",
}
MODEL_FOR = {kind: model for model, kind in AUDITED.items()}
# Bookkeeping columns, not something a person changed.
NOT_AUDITED = {"id", "created_at", "updated_at", "version",
               # Secrets stay out of the log; signing in or out is not an edit.
               "password_hash", "session_version"}


def _json(value):
    if isinstance(value, uuid.UUID | Decimal):
        return str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_json(item) for item in value]
    return value


def _value(obj, key: str, before: bool):
    """An attribute's value now, or as it was loaded from the database (before)."""
    if not before:
        return getattr(obj, key)
    history = inspect(obj).attrs[key].history
    if not history.has_changes():
        return getattr(obj, key)
    if isinstance(inspect(obj).mapper.attrs[key], RelationshipProperty):
        return [*history.unchanged, *history.deleted]
    return (history.deleted or history.unchanged or [None])[0]


@functools.cache
def _columns(model) -> list[str]:
    return [attr.key for attr in inspect(model).column_attrs if attr.key not in NOT_AUDITED]


def snapshot(obj, before: bool = False) -> dict:
    """The record as plain JSON data: every audited column, and for a service its terms,
    locations, opening times and funding."""
    data = {key: _json(_value(obj, key, before)) for key in _columns(type(obj))}
    # Kept to find the version an editor started from; never shown as a change.
    data["_version"] = getattr(obj, "version", None)
    if isinstance(obj, Service):
        for attr in TERM_FIELDS:
            data[attr] = sorted(str(term.id) for term in _value(obj, attr, before))
        links = _value(obj, "service_at_locations", before)
        data["locations"] = sorted(str(_value(link, "location_id", before)) for link in links)
        rows = [[_json(_value(row, key, before)) for key in ("weekday", "opens_at", "closes_at",
                                                             "note")]
                for row in _value(obj, "schedule", before)]
        data["schedule"] = sorted(rows)
        data["funding"] = sorted(
            ([_json(_value(row, key, before)) for key in ("funder", "amount_per_year",
                                                          "start_date", "end_date")]
             for row in _value(obj, "funding", before)), key=str)
    if isinstance(obj, User):
        data["organisations"] = sorted(str(o.id) for o in _value(obj, "organisations", before))
    return data


def diff(before: dict, after: dict) -> dict:
    """{field: [before, after]} for the fields that differ. For a new record (nothing
    before) only the fields that were filled in."""
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if not key.startswith("_") and before.get(key) != after.get(key)
        and (before or after.get(key) not in (None, "", []))
    }


@contextmanager
def audit_reason(reason: str):
    """Say why the changes flushed inside this block were made."""
    db.session.info["audit_reason"] = reason
    try:
        yield
    finally:
        db.session.info.pop("audit_reason", None)


def _acting_user_id():
    # Read what Flask-Login already loaded: loading a user here would query mid-flush.
    user = getattr(g, "_login_user", None) if has_app_context() else None
    return getattr(user, "id", None)


def _touched(session: Session) -> dict:
    """Audited records touched by this flush -> action; a service whose parts were written
    counts as changed."""
    records, part_of = flushed(session)
    touched = {obj: action for obj, action in records.items() if type(obj) in AUDITED}
    with session.no_autoflush:
        for service_id in part_of:
            service = session.get(Service, service_id)
            if service is not None:
                touched.setdefault(service, "changed")
    return touched


PENDING = "audit_pending"


def _remember_before(session: Session, _flush_context) -> None:
    """Note each audited record the first time a transaction touches it, with its fields as
    they were loaded: after a flush the attribute history still holds them."""
    pending = session.info.setdefault(PENDING, {})
    for obj, action in _touched(session).items():
        key = (type(obj), obj.id)
        if key not in pending:
            before = {} if action == "created" else snapshot(obj, before=True)
            pending[key] = [obj, action, before]
        elif action == "deleted":
            pending[key][1] = "deleted"


def _write_entries(session: Session) -> None:
    """One entry per record per transaction, however many flushes it took."""
    session.flush()
    write_pending(session)


def write_pending(session: Session) -> None:
    """Write the entries for what was flushed so far. A big import calls it after each batch,
    so the batch's objects can be let go of before the transaction ends."""
    pending = session.info.pop(PENDING, {})
    rows = []
    for obj, action, before in pending.values():
        after = {} if action == "deleted" else snapshot(obj)
        changes = diff(before, after)
        if changes:
            rows.append(_entry_row(session, obj, action, changes, after or before))
    if rows:
        session.connection().execute(AuditEntry.__table__.insert(), rows)


def new_service_snapshot(row: dict, terms: dict[str, list], location_ids: list,
                         schedule: list[dict], funding: list[dict]) -> dict:
    """What `snapshot` gives for a new service, from the plain rows a bulk import writes."""
    data = row_snapshot(Service, row)
    for attr in TERM_FIELDS:
        data[attr] = sorted(str(term.id) for term in terms[attr])
    data["locations"] = sorted(str(location_id) for location_id in location_ids)
    data["schedule"] = sorted([_json(item[key]) for key in ("weekday", "opens_at", "closes_at",
                                                            "note")] for item in schedule)
    data["funding"] = sorted(
        ([_json(item[key]) for key in ("funder", "amount_per_year", "start_date", "end_date")]
         for item in funding), key=str)
    return data


def row_snapshot(model, row: dict) -> dict:
    """What `snapshot` gives for a new record of `model`, from its plain row."""
    data = {key: _json(row[key]) for key in _columns(model)}
    data["_version"] = row.get("version")
    return data


def write_created(session: Session, snapshots: list[tuple[type, uuid.UUID, dict]]) -> None:
    """The "created" entries for records written as plain rows (a big import), the same as
    the flush listener writes for new objects."""
    rows = []
    for model, record_id, state in snapshots:
        changes = diff({}, state)
        if changes:
            rows.append(_entry_row(session, None, "created", changes, state, model, record_id))
    if rows:
        session.connection().execute(AuditEntry.__table__.insert(), rows)


def _forget_pending(session: Session) -> None:
    session.info.pop(PENDING, None)


def _entry_row(session: Session, obj, action: str, changes: dict, state: dict,
               model=None, record_id=None) -> dict:
    return {
        "id": uuid.uuid4(),
        "record_type": AUDITED[model or type(obj)],
        "record_id": obj.id if record_id is None else record_id,
        "record_name": str(state.get("name") or state.get("email") or "")[:200],
        "action": action,
        "reason": session.info.get("audit_reason", ""),
        "user_id": _acting_user_id(),
        "changed_at": utcnow(),
        "changes": changes,
        "snapshot": state,
    }


def _load_before_setting(model) -> None:
    """Make SQLAlchemy load a column's old value before it is overwritten, even when it had
    expired after a commit, so the 'before' side of an entry is never missing."""
    for key in _columns(model):
        event.listen(getattr(model, key), "set", lambda *args: None, active_history=True)


_registered = False


def init_app(_app) -> None:
    """Register the session events once per process (they serve every app): called by
    `create_app`, beside the search index's own."""
    global _registered
    if _registered:
        return
    event.listen(Session, "after_flush", _remember_before)
    event.listen(Session, "before_commit", _write_entries)
    event.listen(Session, "after_rollback", _forget_pending)
    for model in (*AUDITED, *SERVICE_PARTS):
        _load_before_setting(model)
    _registered = True


def history(record_type: str, record_id: uuid.UUID) -> list[AuditEntry]:
    """Every entry for one record, newest first, with who made it."""
    query = (
        select(AuditEntry)
        .where(AuditEntry.record_type == record_type, AuditEntry.record_id == record_id)
        .options(selectinload(AuditEntry.user))
        .order_by(AuditEntry.changed_at.desc())
    )
    return list(db.session.scalars(query))


FIELD_LABELS = {
    "name": "Name", "summary": "Summary", "description": "Description", "status": "Status",
    "self_referral": "People can contact them themselves",
    "professional_referral": "Needs a referral from a professional", "drop_in": "Drop in",
    "cost": "Cost", "eligibility": "Who can use it", "minimum_age": "Minimum age",
    "maximum_age": "Maximum age", "languages": "Languages", "accessibility": "Access",
    "phone": "Phone", "email": "Email", "url": "Website", "keywords": "Other search words",
    "last_checked_on": "Last checked", "organisation_id": "Organisation",
    "pathways": "Pathways", "areas": "Areas", "client_groups": "Who it is for",
    "stages": "Stages", "locations": "Locations", "schedule": "Opening times",
    "funding": "Funding",
    "hidden": "Hidden from the public", "retired": "Retired", "position": "Order",
    "slug": "Web address name", "address": "Address", "postcode": "Postcode",
    "hide_address": "Address hidden", "latitude": "Latitude", "longitude": "Longitude",
    "county_wide": "Covers the whole county", "national": "Anywhere in England",
    "source_id": "Imported from",
    "role": "Role", "active": "Can sign in", "organisations": "Organisations they edit",
}


def _names_by_id(changes_list: list[dict]) -> dict[str, str]:
    """Names of the terms, locations and organisations that changes refer to, in one query
    per kind."""
    wanted: dict[type, set[str]] = {}
    for changes in changes_list:
        for field, pair in changes.items():
            model = {**{attr: MODEL_FOR[kind] for attr, kind in TERM_FIELDS.items()},
                     "locations": Location, "organisation_id": Organisation,
                     "organisations": Organisation}.get(field)
            if model is None:
                continue
            for value in pair:
                ids = value if isinstance(value, list) else [value]
                wanted.setdefault(model, set()).update(str(i) for i in ids if i)
    names = {}
    for model, ids in wanted.items():
        rows = db.session.execute(
            select(model.id, model.name).where(model.id.in_([uuid.UUID(i) for i in ids])))
        names.update({str(row_id): name for row_id, name in rows})
    return names


def _readable(field: str, value, names: dict[str, str]) -> str:
    if value in (None, "", []):
        return "Nothing"
    if field == "last_checked_on":
        return long_date(date.fromisoformat(value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field == "schedule":
        return "; ".join(
            f"{WEEKDAYS[day]} {short_time(time.fromisoformat(opens))} to "
            f"{short_time(time.fromisoformat(closes))}" + (f" ({note})" if note else "")
            for day, opens, closes, note in value)
    if field == "funding":
        return "; ".join(_readable_funding(*row) for row in value)
    if isinstance(value, list):
        return ", ".join(names.get(str(item), str(item)) for item in value)
    return names.get(str(value), str(value))


def _readable_funding(funder, amount, start, end) -> str:
    words = [funder]
    if amount is not None:
        words.append(f"£{Decimal(amount):,.2f} a year".replace(".00 ", " "))
    if start:
        words.append(f"from {long_date(date.fromisoformat(start))}")
    if end:
        words.append(f"until {long_date(date.fromisoformat(end))}")
    return " ".join(words)


# What a hidden address is made of: kept out of the history for those who may not see it.
ADDRESS_FIELDS = frozenset({"address", "postcode", "latitude", "longitude"})
KEPT_PRIVATE = "Kept private"


def readable_changes(changes_list: list[dict], private: frozenset = frozenset()
                     ) -> list[list[tuple[str, str, str]]]:
    """For each set of changes: (what, before, after) in words a person can read; the
    `private` fields' values are left out."""
    names = _names_by_id(changes_list)

    def words(field, value):
        return KEPT_PRIVATE if field in private else _readable(field, value, names)

    return [
        [(FIELD_LABELS.get(field, field.replace("_", " ").capitalize()),
          words(field, before), words(field, after))
         for field, (before, after) in changes.items()]
        for changes in changes_list
    ]


def version_snapshot(record_type: str, record_id: uuid.UUID, version: int) -> dict | None:
    """The record as it was at one version number, if the log has it."""
    for entry in history(record_type, record_id):
        if entry.snapshot.get("_version") == version:
            return entry.snapshot
    return None

