"""Listing operations for the signed-in side: create and change organisations, services and
locations, publish and archive, confirm a listing is still right, restore an old version.

Every change is committed through the session, so the audit log
(directory/listings/audit.py) and the search index pick it up without being called from here."""

import uuid
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload
from sqlalchemy.orm.exc import StaleDataError

from directory import clock
from directory.clock import local_time
from directory.extensions import db
from directory.listings import audit, catalogue
from directory.listings.values import (
    SERVICE_FIELDS,
    TERM_FIELDS,
    ServiceValues,
    apply,
    set_changed,
)
from directory.models import (
    TAXONOMIES,
    AuditEntry,
    Location,
    Organisation,
    Service,
    ServiceStatus,
)

# The service fields a form sets directly (the rest are terms, locations and times).
ORGANISATION_FIELDS = ("name", "description", "email", "url", "phone")
LOCATION_FIELDS = ("name", "address", "postcode", "hide_address")


class EditConflict(Exception):
    """Someone else saved the listing after this editor opened it."""

    def __init__(self, changes: list[tuple[str, str, str]], current_version: int,
                 theirs: bool):
        super().__init__("The listing was changed by someone else")
        self.changes = changes  # (what, before, after)
        self.current_version = current_version
        # True: changes are what the other person did; False: how the saved listing differs.
        self.theirs = theirs


class NotAllowed(Exception):
    """A change the directory's rules refuse; the message says why in plain words."""


def publish_blocker(service: Service) -> str | None:
    """Why this service cannot be published now, or None. A hidden organisation (an editor's
    proposal no admin has checked yet, or one an admin hid) keeps all its services hidden."""
    organisation = service.organisation
    if organisation is not None and organisation.hidden:
        return (f"{organisation.name} is hidden from the public, so its services cannot be "
                f"published yet. An admin needs to check {organisation.name} and show it "
                "to the public first.")
    return None


def _assign(obj, values: dict, names: tuple[str, ...]) -> None:
    set_changed(obj, {name: values[name] for name in names if name in values})


# --- organisations and locations -----------------------------------------------------------

def save_organisation(organisation: Organisation | None, values: dict,
                      proposed_by=None) -> Organisation:
    """Create (when `organisation` is None) or change an organisation. One proposed by an
    editor (`proposed_by`, a user) starts hidden until an admin shows it to the public, and
    that editor looks after it."""
    created = organisation is None
    if created:
        organisation = Organisation(hidden=proposed_by is not None)
        db.session.add(organisation)
    _assign(organisation, values, ORGANISATION_FIELDS)
    if created and proposed_by is not None:
        proposed_by.organisations.append(organisation)
    db.session.commit()
    return organisation


def set_organisation_hidden(organisation: Organisation, hidden: bool) -> None:
    organisation.hidden = hidden
    db.session.commit()


def save_location(location: Location | None, organisation: Organisation,
                  values: dict) -> Location:
    if location is None:
        location = Location(organisation=organisation)
        db.session.add(location)
    _assign(location, values, LOCATION_FIELDS)
    db.session.commit()
    return location


# --- services ------------------------------------------------------------------------------

def get_service_for_editing(service_id: uuid.UUID) -> Service | None:
    query = select(Service).where(Service.id == service_id).options(
        selectinload(Service.organisation).selectinload(Organisation.locations),
        selectinload(Service.pathways), selectinload(Service.areas),
        selectinload(Service.client_groups), selectinload(Service.stages),
        selectinload(Service.schedule), selectinload(Service.service_at_locations),
        selectinload(Service.funding),
    )
    return db.session.scalar(query)


def create_service(organisation: Organisation, values: ServiceValues) -> Service:
    service = Service(organisation=organisation, status=ServiceStatus.DRAFT,
                      last_checked_on=clock.today())
    db.session.add(service)
    apply(service, values)
    db.session.commit()
    return service


def save_service(service: Service, values: ServiceValues, seen_version: int) -> Service:
    """Save an edit made to version `seen_version`. If someone saved since, refuse with what
    they changed: nothing is overwritten."""
    if service.version != seen_version:
        raise _conflict(service, values, seen_version)
    try:
        # Reading the locations autoflushes what is already set, so the version check
        # in the database can fail here as well as at the commit.
        apply(service, values)
        db.session.commit()
    except StaleDataError:  # someone saved between our check and our write
        db.session.rollback()
        fresh = get_service_for_editing(service.id)
        raise _conflict(fresh, values, seen_version) from None
    return service


def _conflict(service: Service, values: ServiceValues, seen_version: int) -> EditConflict:
    current = audit.snapshot(service)
    seen = audit.version_snapshot("service", service.id, seen_version)
    if seen is not None:
        changes, theirs = audit.diff(seen, current), True
    else:  # the log does not reach back that far: show how the saved listing differs
        typed = audit.snapshot(_unsaved_copy(values))
        changes = {k: [typed[k], current[k]] for k in values.names() if typed[k] != current[k]}
        theirs = False
    return EditConflict(audit.readable_changes([changes])[0], service.version, theirs)


def _unsaved_copy(values: ServiceValues) -> Service:
    """A throw-away service holding typed values, only to compare them."""
    copy = Service(service_at_locations=[], schedule=[], funding=[],
                   **{attr: [] for attr in TERM_FIELDS})
    with db.session.no_autoflush:
        apply(copy, values)
    return copy


def set_status(service: Service, status: str) -> None:
    if status not in ServiceStatus.ALL:
        raise ValueError(f"Unknown status {status!r}")
    if status == ServiceStatus.PUBLISHED and status != service.status:
        blocker = publish_blocker(service)
        if blocker:
            raise NotAllowed(blocker)
    service.status = status
    db.session.commit()


def confirm_still_right(service: Service, today: date | None = None) -> None:
    """An editor checked the listing: the public warning goes and it leaves the review list."""
    service.last_checked_on = today or clock.today()
    db.session.commit()


def services_due_for_review(organisation_ids: list[uuid.UUID] | None = None,
                            today: date | None = None) -> list[Service]:
    """Published and draft listings not checked since the review date, oldest first.
    `organisation_ids` narrows it to an editor's organisations."""
    query = (
        select(Service)
        .where(Service.status != ServiceStatus.ARCHIVED)
        .where((Service.last_checked_on.is_(None))
               | (Service.last_checked_on < catalogue.review_due_before(today)))
        .options(selectinload(Service.organisation))
        .order_by(Service.last_checked_on.is_not(None), Service.last_checked_on, Service.name)
    )
    if organisation_ids is not None:
        query = query.where(Service.organisation_id.in_(organisation_ids))
    return list(db.session.scalars(query))


# --- versions ------------------------------------------------------------------------------

def record_for(entry: AuditEntry):
    return db.session.get(audit.MODEL_FOR[entry.record_type], entry.record_id)


def restore_version(entry: AuditEntry, user, before: bool = False):
    """Put a record back as it was after this change (or just before it). A restore is an
    edit of every field it changes, so it passes the same checks as those edits would."""
    record = record_for(entry)
    before = before and entry.action == "changed"  # a new record had no "before"
    values = entry.snapshot_before if before else entry.snapshot
    _check_restore(record, values, user)
    label = "before the change" if before else "of"
    when = local_time(entry.changed_at)
    with audit.audit_reason(f"Restored the version {label} {when:%d %B %Y %H:%M}"):
        if isinstance(record, Service):
            apply(record, ServiceValues.from_plain(values, (*SERVICE_FIELDS, "status")))
            if values.get("last_checked_on"):
                record.last_checked_on = date.fromisoformat(values["last_checked_on"])
        else:
            _assign(record, values, tuple(
                k for k in audit.snapshot(record)
                if not k.startswith("_") and not k.endswith("_id")))
        db.session.commit()
    return record


def _check_restore(record, values: dict, user) -> None:
    """Refuse a restore that would make a change this user could not make by editing."""
    if (isinstance(record, Organisation) and "hidden" in values
            and bool(values["hidden"]) != bool(record.hidden) and not user.is_admin):
        raise NotAllowed("This version cannot be restored: it would hide or show "
                         f"{record.name}, and only an admin can do that.")
    if (isinstance(record, Service) and values.get("status") == ServiceStatus.PUBLISHED
            and record.status != ServiceStatus.PUBLISHED):
        blocker = publish_blocker(record)
        if blocker:
            raise NotAllowed(f"This version cannot be restored: it would publish the "
                             f"service. {blocker}")


# --- taxonomies ----------------------------------------------------------------------------

def terms_of(kind: str) -> list:
    """Every term of a taxonomy, retired ones too, in the board's order."""
    model = TAXONOMIES[kind][0]
    return list(db.session.scalars(select(model).order_by(model.position, model.name)))


def _slug(name: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())[:80]


def add_term(kind: str, values: dict):
    model = TAXONOMIES[kind][0]
    base = slug = _slug(values["name"]) or kind
    taken = set(db.session.scalars(select(model.slug)))
    number = 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    last = db.session.scalar(select(func.max(model.position))) or 0
    term = model(slug=slug, position=last + 1, **values)
    db.session.add(term)
    db.session.commit()
    return term


def change_term(term, values: dict) -> None:
    """Rename or describe a term. The slug stays, so links people saved keep working."""
    _assign(term, values, tuple(values))
    db.session.commit()


def move_in_list(items: list, item, step: int) -> None:
    """Swap an item of an ordered list with its neighbour (step -1 up, +1 down) and renumber
    the whole list's `position`s. The caller commits."""
    index = items.index(item)
    other = index + step
    if 0 <= other < len(items):
        items[index], items[other] = items[other], items[index]
    for position, each in enumerate(items, start=1):
        if each.position != position:
            each.position = position


def move_term(kind: str, term, step: int) -> None:
    """Swap a term with its neighbour (step -1 up, +1 down), renumbering the whole list."""
    move_in_list(terms_of(kind), term, step)
    db.session.commit()


def set_term_retired(term, retired: bool) -> None:
    """Retired terms disappear from public pages and filters; services keep them and the
    history keeps every change."""
    term.retired = retired
    db.session.commit()
