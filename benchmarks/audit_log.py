"""What the audit log costs: loading the demo data and saving one service edit, with the audit
listener on and off, on a fresh SQLite database each time.

    .venv/bin/python benchmarks/audit_log.py [repeats]

Prints medians and the ratio of "audit on" to the baseline "audit off" measured in the same run.
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, select
from sqlalchemy.orm import Session

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.extensions import db  # noqa: E402
from directory.listings import (
    audit,  # noqa: E402
    editing,
)
from directory.listings.seeding import load_seed  # noqa: E402
from directory.listings.values import ServiceValues  # noqa: E402
from directory.models import Service  # noqa: E402
from tests.conftest import make_app  # noqa: E402

LISTENERS = (("after_flush", audit._remember_before), ("before_commit", audit._write_entries))


def set_audit(on: bool) -> None:
    for name, listener in LISTENERS:
        if on and not event.contains(Session, name, listener):
            event.listen(Session, name, listener)
        elif not on and event.contains(Session, name, listener):
            event.remove(Session, name, listener)


def one_run() -> dict[str, float]:
    app = make_app(Path(tempfile.mkdtemp()))
    with app.app_context():
        started = time.perf_counter()
        load_seed()
        seeded = time.perf_counter() - started
        service = db.session.scalars(select(Service).order_by(Service.name)).first()
        service = editing.get_service_for_editing(service.id)
        started = time.perf_counter()
        editing.save_service(service, ServiceValues.from_plain(
            {"phone": "01632 960999", "pathways": [], "schedule": [(0, "09:00", "12:00", "")]}),
            service.version)
        edited = time.perf_counter() - started
    return {"load demo data": seeded, "save one service edit": edited}


def main(repeats: int) -> None:
    results: dict[tuple[str, bool], list[float]] = {}
    for _ in range(repeats):
        for on in (False, True):  # interleaved, so machine load hits both alike
            set_audit(on)
            for name, seconds in one_run().items():
                results.setdefault((name, on), []).append(seconds)
    set_audit(True)
    print(f"{'operation':<24}{'audit off (ms)':>16}{'audit on (ms)':>16}{'ratio':>8}")
    for name in ("load demo data", "save one service edit"):
        off = statistics.median(results[(name, False)]) * 1000
        on = statistics.median(results[(name, True)]) * 1000
        print(f"{name:<24}{off:>16.1f}{on:>16.1f}{on / off:>8.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
