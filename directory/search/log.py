"""The unmet-demand log: what people searched for, with nothing that identifies them.

We keep the words (lower-case, without digits, e-mail addresses or the second half of a
postcode), the filters, how many results and the day. No IP address, cookie or user.
"""

import logging
import re
from datetime import date, timedelta

from sqlalchemy import delete

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


def normalise(text: str) -> str:
    text = (text or "").lower().replace("\x00", " ")
    text = EMAIL.sub(" ", text)
    text = POSTCODE.sub(r"\1 ", text)
    # Digits go (phone numbers, house numbers, dates), except in the postcode districts kept.
    kept = []
    for word in text.split():
        kept.append(word if OUTWARD_CODE.fullmatch(word) else DIGITS.sub("", word))
    return SPACES.sub(" ", " ".join(kept)).strip()[:MAX_LENGTH]


def record(text: str, filters: dict, result_count: int, today: date | None = None) -> None:
    """Store one search. A failure to log never stops a person seeing their results."""
    words = normalise(text)
    if not words:
        return
    try:
        db.session.add(SearchLog(query=words, filters=filters, result_count=result_count,
                                 searched_on=today or date.today()))
        db.session.commit()
    except Exception:
        db.session.rollback()
        log.exception("could not record a search in the log")


def purge(retention_days: int, today: date | None = None) -> int:
    """Delete searches older than the retention period; return how many went."""
    cutoff = (today or date.today()) - timedelta(days=retention_days)
    result = db.session.execute(delete(SearchLog).where(SearchLog.searched_on < cutoff))
    db.session.commit()
    return result.rowcount
