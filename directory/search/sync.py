"""Keep the index in step with every committed change, wherever it is made (admin pages,
imports, the seed, scripts): SQLAlchemy session events note what a flush changed and write
it to the index once the transaction has committed, never before.

Nothing here may break a commit: if the index cannot be written, the change is logged and
left for the next catch-up, which finds the difference through the watermark.
"""

import logging
import uuid

from flask import current_app, has_app_context
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from directory.models import (
    Location,
    Organisation,
    Service,
    ServiceAtLocation,
)
from directory.models.listing import flushed, mark_relinked
from directory.models.taxonomy import TAXONOMIES, TaxonomyTerm

log = logging.getLogger(__name__)

PENDING = "search_pending"
# Set by a big import: leave its thousands of services to the catch-up instead of writing
# them one commit-time batch at a time.
INDEX_LATER = "search_index_later"


class Pending:
    def __init__(self):
        self.services: set[uuid.UUID] = set()
        self.touched: set[str] = set()


def _pending(session: Session) -> Pending:
    return session.info.setdefault(PENDING, Pending())


def _before_flush(session: Session, _context, _instances) -> None:
    """Find services affected through organisations, locations and terms while the links
    still exist (a deleted term's links are gone after the flush)."""
    pending = _pending(session)
    for obj in list(session.dirty) + list(session.deleted):
        if isinstance(obj, Service) and obj not in session.deleted:
            mark_relinked(session, obj)
        elif isinstance(obj, Organisation):
            pending.touched.add("organisations")
            pending.services |= _ids(session, select(Service.id).where(
                Service.organisation_id == obj.id))
        elif isinstance(obj, Location):
            pending.touched.add("locations")
            pending.services |= _ids(session, select(ServiceAtLocation.service_id).where(
                ServiceAtLocation.location_id == obj.id))
        elif isinstance(obj, TaxonomyTerm):
            pending.touched.add("terms")
            for _model, table, _attr in TAXONOMIES.values():
                pending.services |= _ids(
                    session, select(table.c.service_id).where(table.c.term_id == obj.id))
    if any(isinstance(obj, TaxonomyTerm) for obj in session.new):
        pending.touched.add("terms")
    if any(isinstance(obj, Organisation) for obj in session.new):
        pending.touched.add("organisations")
    if any(isinstance(obj, Location) for obj in session.new):
        pending.touched.add("locations")


def _ids(session: Session, query) -> set[uuid.UUID]:
    with session.no_autoflush:
        return set(session.scalars(query))


def _after_flush(session: Session, _context) -> None:
    records, part_of = flushed(session)
    _pending(session).services |= {obj.id for obj in records if isinstance(obj, Service)}
    _pending(session).services |= part_of


def note_bulk_written(session: Session, service_ids: set[uuid.UUID], touched: set[str]) -> None:
    """Rows written with a bulk INSERT pass no flush: say what they changed, so the index
    takes them in at commit like any other change."""
    pending = _pending(session)
    pending.services |= service_ids
    pending.touched |= touched


def _after_commit(session: Session) -> None:
    pending = session.info.pop(PENDING, None)
    later = session.info.pop(INDEX_LATER, False)
    if not pending or not (pending.services or pending.touched):
        return
    if not has_app_context() or "search" not in current_app.extensions:
        return
    if later:
        current_app.extensions["search"].repair_soon()
        return
    from directory.search import indexing

    search = current_app.extensions["search"]
    try:
        with Session(session.get_bind()) as reader:
            indexing.apply_changes(search.index, reader, pending.services, pending.touched)
    except Exception:  # the commit stands; a catch-up repairs the index
        log.exception("could not update the search index after a commit")
        search.repair_soon()
    search.tidy_soon(current_app._get_current_object())


def _after_rollback(session: Session) -> None:
    session.info.pop(PENDING, None)
    session.info.pop(INDEX_LATER, None)


_registered = False


def listen() -> None:
    """Register the session events once per process (they serve every app)."""
    global _registered
    if _registered:
        return
    event.listen(Session, "before_flush", _before_flush)
    event.listen(Session, "after_flush", _after_flush)
    event.listen(Session, "after_commit", _after_commit)
    event.listen(Session, "after_rollback", _after_rollback)
    _registered = True
