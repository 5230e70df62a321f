"""Suggestions: taking them in (rate-limited) and the queue editors work through."""

import hashlib
import hmac
import uuid
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update
from sqlalchemy.orm import selectinload

from directory.extensions import db
from directory.models import Service, Suggestion, SuggestionStatus
from directory.models.common import utcnow

MAX_PER_SENDER = 5
WINDOW = timedelta(hours=1)


def sender_key(client_address: str) -> str:
    """A keyed hash of the address: enough to count, useless to identify anyone."""
    secret = current_app.config["SECRET_KEY"].encode()
    return hmac.new(secret, client_address.encode(), hashlib.sha256).hexdigest()


def too_many_from(key: str) -> bool:
    since = utcnow() - WINDOW
    count = db.session.scalar(select(func.count()).select_from(Suggestion).where(
        Suggestion.sender_key == key, Suggestion.created_at > since))
    return count >= MAX_PER_SENDER


def add_suggestion(service: Service, kind: str, details: str, email: str, key: str) -> Suggestion:
    suggestion = Suggestion(service=service, kind=kind, details=details.strip(),
                            email=email.strip(), sender_key=key)
    db.session.add(suggestion)
    db.session.commit()
    return suggestion


def open_suggestions(organisation_ids: list[uuid.UUID] | None = None) -> list[Suggestion]:
    """Waiting suggestions, oldest first; `organisation_ids` narrows to an editor's own."""
    query = (
        select(Suggestion)
        .join(Service)
        .where(Suggestion.status == SuggestionStatus.OPEN)
        .options(selectinload(Suggestion.service).selectinload(Service.organisation))
        .order_by(Suggestion.created_at)
    )
    if organisation_ids is not None:
        query = query.where(Service.organisation_id.in_(organisation_ids))
    return list(db.session.scalars(query))


def recently_resolved(organisation_ids: list[uuid.UUID] | None = None,
                      limit: int = 20) -> list[Suggestion]:
    query = (
        select(Suggestion)
        .join(Service)
        .where(Suggestion.status != SuggestionStatus.OPEN)
        .options(selectinload(Suggestion.service), selectinload(Suggestion.resolved_by))
        .order_by(Suggestion.resolved_at.desc())
        .limit(limit)
    )
    if organisation_ids is not None:
        query = query.where(Service.organisation_id.in_(organisation_ids))
    return list(db.session.scalars(query))


def resolve(suggestion: Suggestion, accepted: bool, note: str, user) -> bool:
    """Accept or reject a waiting suggestion. Returns False if someone else dealt with it
    first: the change is made only while it is still open, in one statement, so of two
    people saving at once exactly one succeeds."""
    changed = db.session.execute(
        update(Suggestion)
        .where(Suggestion.id == suggestion.id, Suggestion.status == SuggestionStatus.OPEN)
        .values(status=SuggestionStatus.ACCEPTED if accepted else SuggestionStatus.REJECTED,
                resolution_note=note.strip(), resolved_by_id=user.id, resolved_at=utcnow())
        .execution_options(synchronize_session=False)
    ).rowcount
    db.session.commit()
    return changed == 1
