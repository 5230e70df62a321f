"""The unmet-demand log: what people searched for, with nothing that identifies them.

We keep only the words the directory knows (its search vocabulary, synonyms, places and
people words; any other word, such as a name or a street, becomes "…"), lower-case, without
digits, e-mail addresses or the second half of a postcode, plus the filters, how many
results and the day. No IP address, cookie or user. Searches older than the retention
period are deleted as searches are logged, once a day: no scheduled job is needed.
"""

import logging
import re
from collections.abc import Callable
from datetime import date, timedelta

from sqlalchemy import delete
from sqlalchemy.orm import Session

from directory import clock
from directory.extensions import db
from directory.models import SearchLog

log = logging.getLogger(__name__)

EMAIL = re.compile(r"\S+@\S+")
# A UK postcode: keep the outward part (the district, "NR1"), drop the inward part ("3AB").
POSTCODE = re.compile(r"\b([a-z]{1,2}\d[a-z\d]?)\s*\d[a-z]{2}\b")
OUTWARD_CODE = re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\b")
DIGITS = re.compile(r"\d+")
SPACES = re.compile(r"\s+")
MAX_LENGTH = 500


UNKNOWN = "…"
WORD = re.compile(r"\w+(?:['’]\w+)?")


def normalise(text: str, knows: Callable[[str], bool] | None = None) -> str:
    """The words worth keeping. With `knows`, a word it does not know becomes "…" (one "…"
    for several in a row), so names, streets and spelled-out addresses are never kept."""
    text = (text or "").lower().replace("\x00", " ")
    text = EMAIL.sub(" ", text)
    text = POSTCODE.sub(r"\1 ", text)
    # Digits go (phone numbers, house numbers, dates), except in the postcode districts kept.
    kept = []
    for word in text.split():
        word = word if OUTWARD_CODE.fullmatch(word) else DIGITS.sub("", word)
        if knows is not None and any(not knows(w) for w in WORD.findall(word)):
            word = UNKNOWN
        if word and not (word == UNKNOWN and kept and kept[-1] == UNKNOWN):
            kept.append(word)
    return SPACES.sub(" ", " ".join(kept)).strip()[:MAX_LENGTH]


def record(text: str, filters: dict, result_count: int, today: date | None = None,
           knows: Callable[[str], bool] | None = None) -> None:
    """Store one search, in a session of its own (the page's loaded results stay loaded).
    A failure to log never stops a person seeing their results."""
    words = normalise(text, knows)
    if not words:
        return
    try:
        with Session(db.engine) as session:
            session.add(SearchLog(query=words, filters=filters, result_count=result_count,
                                  searched_on=today or clock.today()))
            session.commit()
    except Exception:
        log.exception("could not record a search in the log")


def purge(retention_days: int, today: date | None = None) -> int:
    """Delete searches older than the retention period; return how many went."""
    cutoff = (today or clock.today()) - timedelta(days=retention_days)
    with Session(db.engine) as session:
        result = session.execute(delete(SearchLog).where(SearchLog.searched_on < cutoff))
        session.commit()
    return result.rowcount


def purge_quietly(retention_days: int, today: date | None = None) -> None:
    """Purge as a search is logged: a failure is logged, never shown to the person."""
    try:
        purge(retention_days, today)
    except Exception:
        log.exception("could not delete old searches from the log")
