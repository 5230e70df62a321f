"""Sign-in rate limiting: at most MAX_FAILURES failed sign-ins per account or per client
address in WINDOW. Failures live in the database so every gunicorn worker counts the same."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import delete, func, or_, select

from directory.clock import as_utc, local_time
from directory.extensions import db
from directory.models import SignInFailure
from directory.models.common import utcnow

MAX_FAILURES = 10
WINDOW = timedelta(minutes=15)


@dataclass(frozen=True)
class Lockout:
    until: datetime

    @property
    def message(self) -> str:
        local = local_time(self.until)
        return (
            "You have tried to sign in too many times. "
            f"Try again at {local:%H:%M}."
        )


def lockout_for(email: str, client_address: str, now: datetime | None = None) -> Lockout | None:
    """The lockout in force for this account or address, if either has too many failures."""
    now = now or utcnow()
    since = now - WINDOW
    for column, value in ((SignInFailure.email, email.lower()),
                          (SignInFailure.client_address, client_address)):
        recent = (
            select(SignInFailure.failed_at)
            .where(column == value, SignInFailure.failed_at > since)
            .order_by(SignInFailure.failed_at.desc())
            .limit(MAX_FAILURES)
        )
        times = list(db.session.scalars(recent))
        if len(times) >= MAX_FAILURES:
            # Unlocks when the oldest of the last MAX_FAILURES failures leaves the window.
            return Lockout(until=as_utc(times[-1]) + WINDOW)
    return None


def record_failure(email: str, client_address: str) -> None:
    db.session.add(SignInFailure(email=email.lower(), client_address=client_address))
    _forget_old_failures()
    db.session.commit()


def clear_failures(email: str) -> None:
    db.session.execute(delete(SignInFailure).where(SignInFailure.email == email.lower()))
    db.session.commit()


def _forget_old_failures() -> None:
    db.session.execute(delete(SignInFailure).where(SignInFailure.failed_at < utcnow() - WINDOW))


def failure_count(email: str = "", client_address: str = "") -> int:
    """How many failures are on record (for tests and the users page)."""
    return db.session.scalar(
        select(func.count()).select_from(SignInFailure).where(
            or_(SignInFailure.email == email.lower(),
                SignInFailure.client_address == client_address)
        )
    )
