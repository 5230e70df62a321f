"""Soak of the search index: edits, searches and background tidies from several worker
processes on one database and one index folder, then the index checked against the database.

    .venv/bin/python benchmarks/search_soak.py [--seconds 60] [--workers 4] [--services 200]

Each worker is a process with its own app, as a gunicorn worker is: it creates, renames,
archives and publishes services one commit at a time and searches now and then (so its
30-second catch-up runs, here every second), with the background tidy a moment after each
edit. Nothing catches up at the end: once every worker has stopped and its last tidy has run,
the index must hold every published service at its database version ("missing" and "stale"
both 0) and a search for each service's current name must find it. Exits non-zero otherwise.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TIDY_SECONDS = 0.1


def make_app(workdir: Path, **extra):
    os.environ.setdefault("SECRET_KEY", "search-soak-" + os.urandom(8).hex())
    from directory import create_app

    return create_app({
        "SQLALCHEMY_DATABASE_URI": os.environ.get(
            "DATABASE_URL", f"sqlite:///{workdir / 'soak.sqlite3'}"),
        "SEARCH_INDEX_DIR": str(workdir / "search-index"),
        "SEARCH_CATCH_UP_ON_START": "off",
        "SEARCH_TIDY_SECONDS": str(TIDY_SECONDS),
        "SEARCH_RECONCILE_SECONDS": 1.0,
        **extra,
    })


def token(rng: random.Random) -> str:
    """A made-up word no other name has, so a search for it finds one service."""
    return "soak" + "".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(8))


def prepare(workdir: Path, services: int) -> None:
    from directory.extensions import db
    from directory.models import Organisation, Service, ServiceStatus
    from directory.search import indexing

    app = make_app(workdir)
    rng = random.Random(0)
    with app.app_context():
        db.create_all()
        organisation = Organisation(name="Soak Trust")
        db.session.add_all([Service(name=f"Service {token(rng)}", organisation=organisation,
                                    status=ServiceStatus.PUBLISHED) for _ in range(services)])
        db.session.commit()
        indexing.rebuild(app.extensions["search"].index, db.session)


def work(workdir: Path, number: int, seconds: float) -> dict:
    """One worker's edits and searches; prints what it did as JSON."""
    from flask import current_app
    from sqlalchemy import select

    from directory.extensions import db
    from directory.listings.catalogue import ServiceFilters
    from directory.models import Organisation, Service, ServiceStatus
    from directory.search import find_services

    app = make_app(workdir)
    rng = random.Random(number + 1)
    done = {"edits": 0, "conflicts": 0, "searches": 0}
    deadline = time.monotonic() + seconds
    with app.app_context():
        organisation = db.session.scalar(select(Organisation))
        ids = list(db.session.scalars(select(Service.id)))
        while time.monotonic() < deadline:
            action = rng.random()
            try:
                if action < 0.15:
                    with current_app.test_request_context():
                        find_services("service", ServiceFilters())
                    done["searches"] += 1
                    continue
                if action < 0.3:
                    service = Service(name=f"New {token(rng)}", organisation=organisation,
                                      status=ServiceStatus.PUBLISHED)
                    db.session.add(service)
                    db.session.flush()
                    ids.append(service.id)
                else:
                    service = db.session.get(Service, rng.choice(ids))
                    if action < 0.4:
                        service.status = (ServiceStatus.ARCHIVED if service.status ==
                                          ServiceStatus.PUBLISHED else ServiceStatus.PUBLISHED)
                    else:
                        service.name = f"Renamed {token(rng)}"
                db.session.commit()
                done["edits"] += 1
            except Exception as error:  # another worker saved the same service first
                db.session.rollback()
                if "StaleData" not in type(error).__name__:
                    raise
                done["conflicts"] += 1
            db.session.expire_all()
    time.sleep(TIDY_SECONDS * 20)  # this worker's last background tidy runs and ends
    return done


def check(workdir: Path) -> dict:
    from sqlalchemy import select

    from directory.extensions import db
    from directory.listings.catalogue import ServiceFilters, publicly_listed
    from directory.models import Service
    from directory.search import find_services, indexing

    app = make_app(workdir, SEARCH_RECONCILE_SECONDS=10**9, SEARCH_TIDY_SECONDS="off")
    with app.app_context():
        index = app.extensions["search"].index
        missing, stale = indexing.differences(index, db.session)
        names = list(db.session.scalars(select(Service.name).where(publicly_listed())))
        app.extensions["search"].checked_at = time.monotonic()  # no catch-up when searching
        with app.test_request_context():
            not_found = [name for name in names if find_services(
                name.split()[-1], ServiceFilters()).results.total != 1]
        return {"published": len(names), "missing": len(missing), "stale": len(stale),
                "not found by name": len(not_found), "segments": len(index.segments())}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--services", type=int, default=200)
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker is not None:
        print(json.dumps(work(Path(args.dir), args.worker, args.seconds)))
        return 0
    with tempfile.TemporaryDirectory(prefix="search-soak-") as folder:
        workdir = Path(folder)
        prepare(workdir, args.services)
        started = time.monotonic()
        logs = [(workdir / f"worker-{n}.log").open("w+") for n in range(args.workers)]
        workers = [subprocess.Popen(
            [sys.executable, __file__, "--worker", str(n), "--dir", folder,
             "--seconds", str(args.seconds)], stdout=subprocess.PIPE, stderr=log, text=True)
            for n, log in enumerate(logs)]
        results = [worker.communicate()[0] for worker in workers]
        # A write that waited past SEARCH_LOCK_TIMEOUT is left to the next catch-up: say how
        # many were, since the check at the end counts on those catch-ups too.
        logged = "".join(log.seek(0) or log.read() for log in logs)
        if any(worker.returncode for worker in workers):
            print("a worker failed")
            return 1
        totals = {"edits": 0, "conflicts": 0, "searches": 0,
                  "writes left to a catch-up": logged.count(
                      "could not update the search index after a commit")}
        for result in results:
            for key, value in json.loads(result.strip().splitlines()[-1]).items():
                totals[key] += value
        outcome = check(workdir)
    print(f"{args.workers} workers, {time.monotonic() - started:.0f} s, "
          f"background tidy {TIDY_SECONDS} s after an edit, catch-up check every 1 s\n")
    print("| " + " | ".join(list(totals) + list(outcome)) + " |")
    print("|" + " ---: |" * (len(totals) + len(outcome)))
    print("| " + " | ".join(f"{v:,}" for v in list(totals.values()) + list(outcome.values()))
          + " |")
    return 0 if outcome["missing"] == outcome["stale"] == outcome["not found by name"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
