"""How long import, export and the API take on real and demo data, and how many SQL queries.

    .venv/bin/python benchmarks/interop.py [repeats]

Prints medians and the ratio to a baseline measured in the same run (parsing the MoJ file's
JSON, which every import of it has to do anyway).
"""

import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.extensions import db  # noqa: E402
from directory.interop.exporting import export_text  # noqa: E402
from directory.interop.importing import import_file  # noqa: E402
from directory.seeding import load_seed  # noqa: E402
from tests.conftest import make_app  # noqa: E402
from tests.functional.test_export_import import load_taxonomies_only  # noqa: E402

MOJ = Path(__file__).resolve().parent.parent / "tests" / "data" / "moj_crs_services.oruk.json"


def timed(action) -> tuple[float, int]:
    queries = []
    listener = lambda *args: queries.append(1)  # noqa: E731
    event.listen(db.engine, "before_cursor_execute", listener)
    start = time.perf_counter()
    action()
    elapsed = time.perf_counter() - start
    event.remove(db.engine, "before_cursor_execute", listener)
    return elapsed, len(queries)


def measure(repeats: int) -> dict[str, list[tuple[float, int]]]:
    data = MOJ.read_bytes()
    results: dict[str, list[tuple[float, int]]] = {}

    def add(name, action):
        results.setdefault(name, []).append(timed(action))

    for _ in range(repeats):
        empty = make_app(Path(tempfile.mkdtemp()))
        with empty.app_context():
            load_taxonomies_only()
            add("baseline: json.loads(MoJ file)", lambda: json.loads(data))
            add("MoJ: dry run (180 services)", lambda: import_file(data, "m.json", dry_run=True))
            add("MoJ: import into new directory", lambda: import_file(data, "m.json"))
            add("MoJ: import again (no change)", lambda: import_file(data, "m.json"))
        demo = make_app(Path(tempfile.mkdtemp()))
        with demo.app_context():
            load_seed()
            add("demo: export JSON", lambda: export_text("json"))
            add("demo: export CSV", lambda: export_text("csv"))
            client = demo.test_client()
            first = client.get("/api/services?per_page=1").get_json()["contents"][0]["id"]
            add("demo: GET /api/services (50)", lambda c=client: c.get("/api/services"))
            add("demo: GET /api/services/{id}",
                lambda c=client, i=first: c.get(f"/api/services/{i}"))
    return results


def main(repeats: int) -> None:
    results = measure(repeats)
    baseline = statistics.median(t for t, _q in results["baseline: json.loads(MoJ file)"])
    print(f"{'what':38} {'median ms':>10} {'x baseline':>11} {'SQL queries':>12}")
    for name, runs in results.items():
        median = statistics.median(t for t, _q in runs)
        queries = statistics.median(q for _t, q in runs)
        print(f"{name:38} {median * 1000:10.1f} {median / baseline:11.1f} {queries:12.0f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
