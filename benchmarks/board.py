"""How fast the board's analysis is on 10,000 synthetic services.

    .venv/bin/python benchmarks/board.py [--services 10000] [--repeat 5]

Loads the demo data, adds synthetic published services shaped like the demo ones (each copies
a demo service's pathways, client groups and stages, moves it to other districts, mixes its
description with words from the others; funding on half), then times each board page
through the test client as a signed-in viewer. The pages remember their slow results until
a listing changes, so the first view after an edit is timed too: after a summary changes
and after a service's districts change (its links change too). The baseline, measured in
the same run, is a plain COUNT(*) of published services. Prints medians and the ratio to
the baseline.
Target: every page in at most 1 second.
"""

import argparse
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, insert, select  # noqa: E402

from directory.board.demo import load_board_demo  # noqa: E402
from directory.board.pack import fresh_pack  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.listings.seeding import load_seed  # noqa: E402
from directory.models import (  # noqa: E402
    Area,
    Funding,
    Meeting,
    Organisation,
    PackSnapshot,
    Service,
)
from directory.models.taxonomy import (  # noqa: E402
    service_areas,
    service_client_groups,
    service_pathways,
    service_stages,
)
from tests.conftest import make_app  # noqa: E402
from tests.helpers import make_user, sign_in_as  # noqa: E402


def demo_shapes() -> list[dict]:
    """Each published demo service's terms and words: synthetic services copy these shapes,
    so 10,000 services spread over pathways, districts and groups as the real ones do."""
    shapes = {}
    for table, key in ((service_pathways, "pathways"), (service_areas, "areas"),
                       (service_client_groups, "client_groups"), (service_stages, "stages")):
        for service_id, term_id in db.session.execute(select(table.c.service_id,
                                                             table.c.term_id)):
            shapes.setdefault(service_id, {}).setdefault(key, []).append(term_id)
    texts = dict(db.session.execute(select(Service.id, Service.description)
                                    .where(Service.status == "published")).all())
    return [{**shapes[sid], "words": text.split()} for sid, text in texts.items()
            if sid in shapes]


def add_synthetic_services(count: int, rng: random.Random) -> None:
    shapes = demo_shapes()
    vocabulary = [word for shape in shapes for word in shape["words"]]
    county = db.session.scalar(select(Area.id).where(Area.county_wide))
    districts = list(db.session.scalars(select(Area.id).where(~Area.county_wide)))
    organisations = [{"id": uuid.uuid4(), "name": f"Synthetic organisation {i}"}
                     for i in range(count // 20)]
    db.session.execute(insert(Organisation), organisations)
    tables = {"pathways": service_pathways, "areas": service_areas,
              "client_groups": service_client_groups, "stages": service_stages}
    services, links, funding = [], {name: [] for name in tables}, []
    for i in range(count):
        shape, service_id = rng.choice(shapes), uuid.uuid4()
        words = rng.sample(shape["words"], len(shape["words"]) // 2) + rng.choices(
            vocabulary, k=len(shape["words"]) // 2)
        services.append({
            "id": service_id, "organisation_id": rng.choice(organisations)["id"],
            "name": f"Synthetic service {i}", "status": "published", "version": 1,
            "summary": " ".join(words[:12]), "description": " ".join(words),
            "last_checked_on": date.today() - timedelta(days=rng.randint(0, 400)),
        })
        # Same pathways, groups and stages as the demo service; other districts at random.
        areas = shape.get("areas", [])
        shape = {**shape, "areas": areas if county in areas
                 else rng.sample(districts, min(len(areas), len(districts)))}
        for name in tables:
            links[name] += [{"service_id": service_id, "term_id": term_id}
                            for term_id in shape.get(name, [])]
        if i % 2:
            funding.append({"id": uuid.uuid4(), "service_id": service_id, "funder": "PCC",
                            "amount_per_year": 20000,
                            "end_date": date.today() + timedelta(days=rng.randint(0, 900))})
    db.session.execute(insert(Service), services)
    for name, rows in links.items():
        db.session.execute(insert(tables[name]), rows)
    db.session.execute(insert(Funding), funding)
    db.session.commit()


def median_seconds(action, repeat: int, before=None) -> float:
    """`before` runs ahead of each timed run, untimed."""
    times = []
    for _ in range(repeat):
        if before:
            before()
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def change_a_listing() -> None:
    """An editor's save: the board's remembered results for the old listings no longer hold."""
    service = db.session.scalar(select(Service).where(Service.status == "published")
                                .order_by(Service.name).limit(1))
    service.summary += " Changed."
    db.session.commit()


def move_a_service() -> None:
    """An editor's save that changes a service's districts: its links change too."""
    service = db.session.scalar(select(Service).where(Service.status == "published")
                                .order_by(Service.name).offset(1).limit(1))
    districts = db.session.scalars(select(Area).where(Area.county_wide.is_(False))
                                   .order_by(Area.position)).all()
    service.areas = districts[:2] if len(service.areas) == 1 else districts[:1]
    db.session.commit()


def get(client, url: str):
    def action():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
    return action


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--services", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = make_app(Path(tempfile.mkdtemp(prefix="board-bench-")))
    client = app.test_client()
    with app.app_context():
        load_seed()
        load_board_demo()  # a year of saved packs, for the trends page
        add_synthetic_services(args.services, random.Random(5))
        sign_in_as(client, make_user("bench@example.org", "viewer"))
        meeting = Meeting(held_on=date.today())
        db.session.add(meeting)
        db.session.commit()
        meeting_url = f"/board/meetings/{meeting.id}"
        saved = Meeting(held_on=date.today() - timedelta(days=1))
        db.session.add(saved)
        db.session.flush()
        saved.pack = PackSnapshot(content=fresh_pack(saved))
        db.session.commit()
        saved_pdf = f"/board/meetings/{saved.id}/pack.pdf"
        total = db.session.scalar(select(func.count()).select_from(Service))

        def baseline():
            db.session.scalar(select(func.count()).select_from(Service)
                              .where(Service.status == "published"))

        rows = [("baseline: COUNT(*) of published services", median_seconds(baseline,
                                                                            args.repeat))]
        for name, url in (("provision map page (district maps and table)", "/board/"),
                          ("trends page (four charts)", "/board/trends"),
                          ("provision map by stage, women only",
                           "/board/?by=stage&client_group=women"),
                          ("gaps page", "/board/gaps"),
                          ("overlaps page", "/board/overlaps"),
                          ("funding at risk page", "/board/funding"),
                          ("meeting pack page (live, unsaved)", meeting_url)):
            rows.append((name, median_seconds(get(client, url), args.repeat)))
        for name, url in (("overlaps page, first view after a listing changes",
                           "/board/overlaps"),
                          ("gaps page, first view after a listing changes", "/board/gaps"),
                          ("funding page, first view after a listing changes",
                           "/board/funding"),
                          ("pack page, first view after a listing changes", meeting_url),
                          ("map page, first view after a listing changes", "/board/"),
                          ("trends page, first view after a listing changes",
                           "/board/trends")):
            rows.append((name, median_seconds(get(client, url), args.repeat,
                                              before=change_a_listing)))
        for name, url in (("overlaps page, first view after a service's districts change",
                           "/board/overlaps"),
                          ("pack page, first view after a service's districts change",
                           meeting_url)):
            rows.append((name, median_seconds(get(client, url), args.repeat,
                                              before=move_a_service)))
        rows.append(("meeting pack PDF (once)", median_seconds(get(client, meeting_url
                                                                   + "/pack.pdf"), 1)))
        rows.append(("saved pack PDF, first time (made and kept)",
                     median_seconds(get(client, saved_pdf), 1)))
        rows.append(("saved pack PDF, after the first", median_seconds(get(client, saved_pdf),
                                                                        args.repeat)))
    base = rows[0][1]
    print(f"{total} services in the database (SQLite), median of {args.repeat} runs\n")
    print(f"| {'what':50} | {'median ms':>10} | {'x baseline':>10} |")
    print(f"|{'-' * 52}|{'-' * 12}|{'-' * 12}|")
    for name, seconds in rows:
        print(f"| {name:50} | {seconds * 1000:10.1f} | {seconds / base:10.0f} |")


if __name__ == "__main__":
    main()
