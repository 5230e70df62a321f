"""Sign-in rate limiting with growing delays, counted per account-and-address and per address.

Never per account alone: otherwise anyone could lock an owner out by failing to sign in as
them from anywhere. A few failures cost nothing; after that each further failure doubles the
wait before the next try (1, 2, 4, 8 minutes, at most 15). The owner signing in from their own
address is never slowed by someone else's failures. Failures live in the database so every
gunicorn worker counts the same."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import and_, delete, func, select

from directory.clock import as_utc, local_time
from directory.extensions import db
from directory.models import SignInFailure
from directory.models.common import utcnow

# Failures allowed before any wait: a person mistyping, or several people behind one address.
FREE_PER_ACCOUNT_AND_ADDRESS = 5
FREE_PER_ADDRESS = 20
FIRST_DELAY = timedelta(minutes=1)
WINDOW = timedelta(minutes=15)  # the longest wait; older failures are forgotten


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


def delay_after(failures: int, free: int) -> timedelta:
    """The wait after `failures` recent failures, when the first `free` cost nothing."""
    if failures < free:
        return timedelta(0)
    return min(FIRST_DELAY * 2 ** (failures - free), WINDOW)


def lockout_for(email: str, client_address: str, now: datetime | None = None) -> Lockout | None:
    """The wait in force for this account from this address, or for this address, if any."""
    now = now or utcnow()
    since = now - WINDOW
    rules = (
        (and_(SignInFailure.email == email.lower(),
              SignInFailure.client_address == client_address), FREE_PER_ACCOUNT_AND_ADDRESS),
        (SignInFailure.client_address == client_address, FREE_PER_ADDRESS),
    )
    for condition, free in rules:
        count, latest = db.session.execute(
            select(func.count(), func.max(SignInFailure.failed_at))
            .where(condition, SignInFailure.failed_at > since)
        ).one()
        if count >= free:
            until = as_utc(latest) + delay_after(count, free)
            if until > now:
                return Lockout(until=until)
    return None


def record_failure(email: str, client_address: str) -> None:
    db.session.add(SignInFailure(email=email.lower(), client_address=client_address))
    _forget_old_failures()
    db.session.commit()


def clear_failures(email: str, client_address: str) -> None:
    """After a good sign-in: forget this account's failures from this address only, so an
    owner signing in does not reset the count against someone guessing elsewhere."""
    db.session.execute(delete(SignInFailure).where(
        SignInFailure.email == email.lower(), SignInFailure.client_address == client_address))
    db.session.commit()


def _forget_old_failures() -> None:
    db.session.execute(delete(SignInFailure).where(SignInFailure.failed_at < utcnow() - WINDOW))

