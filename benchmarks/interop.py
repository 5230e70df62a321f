"""How long import, export and the API take on real and demo data, and how many SQL queries;
and how big imports scale (time and peak memory of `flask import`'s code path, each in a fresh
process on a new SQLite directory).

    .venv/bin/python benchmarks/interop.py [repeats] [--sizes 1000,10000,100000] [--only-scale]

Prints medians and the ratio to a baseline measured in the same run (parsing the MoJ file's
JSON, which every import of it has to do anyway; for the big imports, reading the same file
with json.loads in the same kind of fresh process).
"""

import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.extensions import db  # noqa: E402
from directory.interop.exporting import export_text  # noqa: E402
from directory.interop.importing import import_file  # noqa: E402
from directory.listings.seeding import load_seed  # noqa: E402
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


def big_file(path: Path, count: int) -> None:
    """`count` services in 100 organisations, each with a place, opening times, a contact,
    terms and a funder: written a service at a time (the file is never built in memory)."""
    with path.open("w") as out:
        out.write(f'{{"total_items": {count}, "contents": [')
        for n in range(count):
            out.write(("," if n else "") + json.dumps({
                "id": f"svc-{n}", "name": f"Housing advice {n}", "status": "active",
                "description": "Help to find and keep a home after prison. " * 6,
                "email": f"team{n % 100}@example.org",
                "organization": {"id": f"org-{n % 100}", "name": f"Organisation {n % 100}",
                                 "description": "A charity in Norfolk."},
                "contacts": [{"id": f"c{n}", "name": "Duty worker", "title": "Advisor",
                              "phones": [{"id": f"p{n}", "number": "01632 960123"}]}],
                "schedules": [{"id": f"sch{n}", "byday": "MO,TU,WE", "opens_at": "09:00",
                               "closes_at": "17:00"}],
                "service_at_locations": [{"id": f"sal{n}", "location": {
                    "id": f"loc-{n}", "name": f"Office {n}", "location_type": "physical",
                    "addresses": [{"address_1": f"{n} King Street", "city": "Norwich",
                                   "postal_code": "NR1 1AA", "country": "GB"}]}}],
                "attributes": [{"id": f"a{n}", "taxonomy_term": {
                    "code": "accommodation", "name": "Accommodation",
                    "taxonomy": "pathway"}}],
                "funding": [{"id": f"f{n}", "source": "Norfolk County Council"}],
            }))
        out.write("]}")


IN_FRESH_PROCESS = """
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {root!r})
from tests.conftest import make_app
from tests.functional.test_export_import import load_taxonomies_only
from directory.interop.importing import import_path
app = make_app(Path(tempfile.mkdtemp()))
with app.app_context():
    load_taxonomies_only()
    start = time.perf_counter()
    if {baseline!r}:
        json.loads(Path({path!r}).read_bytes())
        ok = True
    else:
        ok = import_path(Path({path!r}), dry_run={dry_run!r}).ok
    elapsed = time.perf_counter() - start
print(json.dumps({{"seconds": elapsed, "ok": ok,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def big_import(path: Path, baseline: bool = False, dry_run: bool = False) -> dict:
    code = IN_FRESH_PROCESS.format(root=str(Path(__file__).resolve().parent.parent),
                                   path=str(path), baseline=baseline, dry_run=dry_run)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def scale(sizes: list[int], repeats: int) -> None:
    print(f"\n{'big import (fresh process)':38} {'median s':>9} {'x json.loads':>13} "
          f"{'per 1,000':>10} {'peak MB':>8}")
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            path = Path(folder) / f"services-{size}.json"
            big_file(path, size)
            base = [big_import(path, baseline=True) for _ in range(repeats)]
            runs = [big_import(path) for _ in range(repeats)]
            assert all(run["ok"] for run in runs)
            base_s = statistics.median(r["seconds"] for r in base)
            for label, rows in ((f"json.loads {size:,} ({path.stat().st_size / 2**20:.0f} MB)",
                                 base), (f"import {size:,} services", runs)):
                seconds = statistics.median(r["seconds"] for r in rows)
                peak = max(r["peak_mb"] for r in rows)
                print(f"{label:38} {seconds:9.1f} {seconds / base_s:13.1f} "
                      f"{seconds / size * 1000:10.2f} {peak:8.0f}")


def main(repeats: int) -> None:
    results = measure(repeats)
    baseline = statistics.median(t for t, _q in results["baseline: json.loads(MoJ file)"])
    print(f"{'what':38} {'median ms':>10} {'x baseline':>11} {'SQL queries':>12}")
    for name, runs in results.items():
        median = statistics.median(t for t, _q in runs)
        queries = statistics.median(q for _t, q in runs)
        print(f"{name:38} {median * 1000:10.1f} {median / baseline:11.1f} {queries:12.0f}")


if __name__ == "__main__":
    arguments = [a for a in sys.argv[1:] if a != "--only-scale"]
    sizes = [10_000, 100_000]
    if "--sizes" in arguments:
        at = arguments.index("--sizes")
        sizes = [int(size) for size in arguments[at + 1].split(",")]
        del arguments[at:at + 2]
    repeats = int(arguments[0]) if arguments else 3
    if "--only-scale" not in sys.argv:
        main(repeats)
    scale(sizes, 1 if max(sizes) >= 100_000 else repeats)
