"""Keeping the index in step with the database: rebuild, apply a commit's changes,
reconcile after changes made elsewhere, and catch up on start.

The watermark records the state of the database the index reflects: how many published
services and the sum of their row versions (every edit bumps a version), the latest
organisation change, every taxonomy term's name and a digest of the locations. Comparing
it with the same figures read from the database is one cheap query set, so a current index
costs almost nothing at start.
"""

import hashlib
import logging
import uuid
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from directory.listings.catalogue import publicly_listed
from directory.models import TAXONOMIES, Location, Organisation, Service
from directory.models.listing import ServiceAtLocation
from directory.search.documents import published_documents
from directory.search.store import MAX_SEGMENTS, SearchIndex, WriteBatch

log = logging.getLogger(__name__)


def _services_state(session: Session) -> list[int]:
    count, versions = session.execute(
        select(func.count(), func.coalesce(func.sum(Service.version), 0))
        .where(publicly_listed())
    ).one()
    return [count, int(versions)]


def _organisations_state(session: Session) -> list:
    count, latest = session.execute(select(func.count(), func.max(Organisation.updated_at))).one()
    return [count, latest.isoformat() if latest else None]


def _terms_state(session: Session) -> dict[str, str]:
    terms = {}
    for model, _table, _attr in TAXONOMIES.values():
        for term_id, slug, name, retired in session.execute(
            select(model.id, model.slug, model.name, model.retired)
        ):
            terms[str(term_id)] = f"{slug}|{name}|{bool(retired)}"
    return terms


def _locations_state(session: Session) -> str:
    digest = hashlib.sha256()
    for row in session.execute(
        select(Location.id, Location.name, Location.address, Location.hide_address)
        .order_by(Location.id)
    ):
        digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


# Each part of the watermark and how to read it from the database. A commit reads only the
# parts it touched; a catch-up reads them all.
STATE_PARTS = {
    "services": _services_state,
    "organisations": _organisations_state,
    "terms": _terms_state,
    "locations": _locations_state,
}


def database_state(session: Session, parts=STATE_PARTS) -> dict:
    return {part: STATE_PARTS[part](session) for part in parts}


# Whatever writes the index reads the database only once it holds the index's lock (see
# `reconcile`): a commit made meanwhile then waits for the lock and writes itself after.


def rebuild(index: SearchIndex, session: Session) -> int:
    """Index every published service from scratch, in one commit. Readers keep using the
    old index until the new one is committed."""
    if not index.is_healthy():
        index.reset()
    count = 0
    with index.writing(clear=True) as batch:
        state = database_state(session)
        for document in published_documents(session):
            batch.writer.add_document(**document)
            count += 1
        batch.watermark = state
    return count


def _indexed_versions(searcher, ids) -> dict[str, int]:
    versions = {}
    for service_id in ids:
        stored = searcher.document(id=service_id)
        if stored:
            versions[service_id] = stored["version"]
    return versions


def apply_changes(index: SearchIndex, session: Session, service_ids: set[uuid.UUID],
                  touched: set[str]) -> None:
    """Write the current state of some services (changed by one commit) to the index.

    `touched` names what else the commit changed ("organisations", "terms", "locations"):
    only those parts of the watermark may move, so a change made on another server that
    this commit did not include still shows as a difference and is reconciled later."""
    if index.read_watermark() is None:
        # The index's state is unknown (new, or damaged): only a rebuild makes it known.
        rebuild(index, session)
        return
    with index.writing() as batch:
        ids = {str(i) for i in service_ids}
        if len(batch.writer.segments) >= MAX_SEGMENTS:
            ids |= batch.drop_small_segments()
        _write_again(index, batch, session, ids)
        if batch.watermark is not None:
            batch.watermark.update(database_state(session, touched))


def tidy(index: SearchIndex, session: Session) -> bool:
    """Make the small segments single edits leave into one, if there are several. Returns
    whether it did (a new index version: searchers reopen)."""
    if not index.has_small_segments():
        return False
    with index.writing() as batch:
        _write_again(index, batch, session, batch.drop_small_segments())
    return True


def _write_again(index: SearchIndex, batch: WriteBatch, session: Session,
                 ids: set[str]) -> None:
    """Write these services' documents as the database has them now (removing those no
    longer published) and move the watermark's service figures by the difference."""
    with batch.writer.searcher() as searcher:  # one searcher: each opens every segment
        old = _indexed_versions(searcher, ids)
        new = {}
        for document in published_documents(session, {uuid.UUID(i) for i in ids}):
            batch.writer.delete_by_term("id", document["id"], searcher=searcher)
            batch.writer.add_document(**document)
            new[document["id"]] = document["version"]
        for gone in ids - new.keys():
            batch.writer.delete_by_term("id", gone, searcher=searcher)
    mark = batch.watermark if batch.watermark is not None else index.read_watermark()
    if mark is None:  # the index's state is unknown: the next catch-up rebuilds it
        return
    count, versions = mark["services"]
    mark["services"] = [count - len(old) + len(new),
                        versions - sum(old.values()) + sum(new.values())]
    batch.watermark = mark


def _services_linked_to(session: Session, term_ids: set[str]) -> set[uuid.UUID]:
    ids = {uuid.UUID(t) for t in term_ids}
    found = set()
    for _model, table, _attr in TAXONOMIES.values():
        found |= set(session.scalars(select(table.c.service_id).where(table.c.term_id.in_(ids))))
    return found


def _stale_services(session: Session, mark: dict, state: dict) -> set[uuid.UUID]:
    """Services whose documents may differ because of a term, organisation or location
    change that the watermark has not seen."""
    stale = set()
    changed_terms = {
        term_id for term_id in mark["terms"].keys() | state["terms"].keys()
        if mark["terms"].get(term_id) != state["terms"].get(term_id)
    }
    if changed_terms:
        stale |= _services_linked_to(session, changed_terms)
    if mark["organisations"] != state["organisations"]:
        since = mark["organisations"][1]
        query = select(Service.id).join(Organisation)
        if since:
            query = query.where(Organisation.updated_at >= datetime.fromisoformat(since))
        stale |= set(session.scalars(query))
    if mark["locations"] != state["locations"]:
        stale |= set(session.scalars(select(ServiceAtLocation.service_id)))
    return stale


def reconcile(index: SearchIndex, session: Session) -> int:
    """Bring the index in step with the database, touching only what differs.
    Returns how many documents were written or removed.

    Everything is read once the index is locked. Reading the published services first and
    then waiting for the lock lost edits: the commits made while it waited wrote themselves,
    and the catch-up then removed the services they created as "gone" and wrote its older
    watermark over theirs (found as renamed services missing after a background tidy)."""
    if index.read_watermark() is None:
        return rebuild(index, session)
    with index.writing() as batch:
        mark = index.read_watermark()
        state = database_state(session)
        published = dict(session.execute(
            select(Service.id, Service.version).where(publicly_listed())
        ).all())
        indexed = {
            fields["id"]: fields.get("version")
            for fields in batch.writer.searcher().all_stored_fields()
        }
        stale = {i for i, version in published.items() if indexed.get(str(i)) != version}
        if mark is not None:
            stale |= _stale_services(session, mark, state) & published.keys()
        else:  # reset meanwhile: everything is written again
            stale = set(published)
        gone = indexed.keys() - {str(i) for i in published}
        for service_id in gone:
            batch.writer.delete_by_term("id", service_id)
        for document in published_documents(session, stale):
            batch.writer.update_document(**document)
        batch.watermark = state
    return len(stale) + len(gone)


def catch_up(index: SearchIndex, session: Session) -> str:
    """Make the index reflect the database: "current", "reconciled" or "rebuilt"."""
    if not index.is_healthy():
        log.info("search index missing or unreadable: rebuilding from the database")
        rebuild(index, session)
        return "rebuilt"
    state = database_state(session)
    mark = index.read_watermark()
    if mark is not None and {k: mark.get(k) for k in state} == state:
        return "current"
    changed = reconcile(index, session)
    log.info("search index reconciled with the database: %s documents changed", changed)
    return "reconciled"


def differences(index: SearchIndex, session: Session) -> tuple[list[str], list[str]]:
    """How the index differs from the database, for checks and the soak test: the ids of
    published services it lacks ("missing"), and of documents it should not hold as they
    are ("stale": another version, no longer published, or held twice)."""
    published = {str(i): version for i, version in session.execute(
        select(Service.id, Service.version).where(publicly_listed()))}
    indexed: dict[str, list] = {}
    for fields in index.open().searcher().all_stored_fields():
        indexed.setdefault(fields["id"], []).append(fields.get("version"))
    missing = sorted(published.keys() - indexed.keys())
    stale = sorted(i for i, versions in indexed.items() if versions != [published.get(i)])
    return missing, stale
