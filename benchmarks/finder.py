"""How long the finder's pages take, and how many SQL queries each runs, on the demo data.

    .venv/bin/python benchmarks/finder.py [repeats]

Prints medians and the ratio to a baseline measured in the same run (the accommodation
pathway page, which lists services with the same catalogue query).
"""

import statistics
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import event, select

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from directory.extensions import db  # noqa: E402
from directory.listings.seeding import load_seed  # noqa: E402
from directory.models import Service, ServiceStatus  # noqa: E402
from tests.conftest import make_app  # noqa: E402

ANSWERS = "pathway=accommodation&pathway=finance-benefits-debt&client_group=anyone&when=not-sure"


def pages(ids: str) -> dict[str, str]:
    return {
        "baseline: pathway page": "/pathways/accommodation",
        "finder step (where)": "/get-support/where?pathway=accommodation",
        "results, anywhere": f"/get-support/results?{ANSWERS}&area=anywhere",
        "results, all 9 pathways": "/get-support/results?" + "&".join(
            f"pathway={slug}" for slug in (
                "accommodation", "attitudes-thinking-behaviour", "domestic-abuse",
                "drugs-alcohol", "education-training-employment", "finance-benefits-debt",
                "health", "sex-workers-support", "social-networks"))
            + "&area=anywhere&client_group=anyone&when=not-sure",
        "results, near NR2 4AB": f"/get-support/results?{ANSWERS}&postcode=NR2+4AB",
        "results, open now": f"/get-support/results?{ANSWERS}&area=anywhere&open_now=1",
        "shortlist (12)": f"/shortlist?services={ids}",
        "print view (12)": f"/shortlist/print?services={ids}",
    }


def main(repeats: int) -> None:
    app = make_app(Path(tempfile.mkdtemp()))
    with app.app_context():
        load_seed()
        ids = ",".join(str(i) for i in db.session.scalars(
            select(Service.id).where(Service.status == ServiceStatus.PUBLISHED).limit(12)))
        queries = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: queries.append(1))
    client = app.test_client()
    rows = []
    for name, url in pages(ids).items():
        assert client.get(url).status_code == 200, url  # warm up
        queries.clear()
        client.get(url)
        count = len(queries)
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        rows.append((name, statistics.median(times), count))
    baseline = rows[0][1]
    print(f"{'page':<28} {'median ms':>10} {'x baseline':>11} {'SQL queries':>12}")
    for name, median, count in rows:
        print(f"{name:<28} {median:>10.1f} {median / baseline:>11.2f} {count:>12}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 30)
