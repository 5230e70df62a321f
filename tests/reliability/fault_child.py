"""A stand-in for one app worker, run as its own process so a test can kill -9 it mid-write.

    python -m tests.reliability.fault_child SCENARIO CONFIG_JSON

Prints "ready" (flushed) at the moment the test should kill it, then waits to be killed.
Scenarios that finish by themselves print one JSON line with what they saw.
"""

import json
import subprocess
import sys
import time
from pathlib import Path

from sqlalchemy import select

from directory import create_app
from directory.extensions import db
from directory.models import Service, ServiceStatus

NEW_NAME = "Renamed just before the crash"


def first_published_service() -> Service:
    return db.session.scalars(select(Service).where(
        Service.status == ServiceStatus.PUBLISHED).order_by(Service.id)).first()


def wait_to_be_killed() -> None:
    print("ready", flush=True)
    time.sleep(120)
    raise SystemExit("nobody killed me")


def die_mid_edit() -> None:
    """The database has the change in an open transaction, not yet committed."""
    service = first_published_service()
    service.name = NEW_NAME
    service.description = "Half-saved text"
    db.session.flush()
    wait_to_be_killed()


def die_mid_index_write() -> None:
    """The edit is committed; Whoosh has written the new segment but not its table of
    contents when the process dies."""
    from whoosh.writing import SegmentWriter

    write_toc = SegmentWriter._commit_toc

    def stall_before_toc(writer, segments):
        wait_to_be_killed()
        write_toc(writer, segments)

    SegmentWriter._commit_toc = stall_before_toc
    service = first_published_service()
    service.name = NEW_NAME
    db.session.commit()  # the session hook writes the index after this commit


def search_status(app, text: str) -> dict:
    response = app.test_client().get("/search", query_string={"q": text})
    body = response.get_data(as_text=True)
    return {"status": response.status_code, "unavailable": "Search is not working" in body,
            "found": NEW_NAME in body}


def edit_and_search(app, label: str) -> dict:
    with app.app_context():
        service = first_published_service()
        service.name = NEW_NAME
        db.session.commit()
    return {label: search_status(app, "renamed crash")}


def starved_disk(app, index_dir: Path) -> None:
    """Mount a 4 MiB file system on the index folder (only this process and its children
    see it), then fill it up, then make it read-only, searching and editing each time."""
    mount = ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(index_dir)]
    index_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(mount, check=True)
    seen = {}
    with app.app_context():
        seen["catch_up"] = app.extensions["search"].catch_up()
    filler = index_dir / "filler"
    subprocess.run(["dd", "if=/dev/zero", f"of={filler}", "bs=4k"], capture_output=True,
                   check=False)
    seen |= edit_and_search(app, "full")
    subprocess.run(["mount", "-o", "remount,ro", str(index_dir)], check=True)
    seen |= edit_and_search(app, "read_only")
    subprocess.run(["mount", "-o", "remount,rw", str(index_dir)], check=True)
    filler.unlink()
    with app.app_context():
        seen["catch_up_after"] = app.extensions["search"].catch_up()
    seen["recovered"] = search_status(app, "renamed crash")
    print(json.dumps(seen), flush=True)


def read_only_from_the_start(app, index_dir: Path) -> None:
    """A new machine whose index folder is read-only: no index can ever be built."""
    index_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=4m,ro", "tmpfs", str(index_dir)],
                   check=True)
    print(json.dumps(edit_and_search(app, "read_only")), flush=True)


def main() -> None:
    scenario, config = sys.argv[1], json.loads(sys.argv[2])
    # A short lock wait: a read-only disk cannot be locked at all, no need to wait 10 s.
    app = create_app({"TESTING": True, "SEARCH_CATCH_UP_ON_START": "off",
                      "SEARCH_LOCK_TIMEOUT": 1, **config})
    if scenario in ("full_disk", "read_only"):
        runner = starved_disk if scenario == "full_disk" else read_only_from_the_start
        runner(app, Path(config["SEARCH_INDEX_DIR"]))
        return
    with app.app_context():
        {"edit": die_mid_edit, "index_write": die_mid_index_write}[scenario]()


if __name__ == "__main__":
    main()
