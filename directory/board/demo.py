"""The board's demo year, from `seed/board_demo.yaml`: past meetings with saved packs, gap
register entries with their RAG history, and searches, so a fresh demo shows trends and
unmet demand. Loaded only into a board with no meetings yet: it never overwrites what a
board has written."""

import copy
import random
from datetime import date, datetime, time, timedelta
from pathlib import Path

import yaml
from sqlalchemy import func, select

from directory import clock
from directory.analysis.funding import months_ahead
from directory.board.pack import PackWindow, build_pack, rag_change
from directory.clock import LOCAL_TIME
from directory.extensions import db
from directory.listings.seeding import SEED_DIR, seed_id
from directory.models import (
    GapEntry,
    Meeting,
    PackSnapshot,
    Pathway,
    Rag,
    RagHistory,
    SearchLog,
)

DEMO_FILE = SEED_DIR / "board_demo.yaml"


def load_board_demo(path: Path = DEMO_FILE, today: date | None = None) -> dict[str, int]:
    """Add the demo year; return how many meetings, register entries and searches it added
    (all 0 when the board already has meetings)."""
    if not path.exists() or db.session.scalar(select(func.count()).select_from(Meeting)):
        return {"meetings": 0, "register": 0, "searches": 0}
    today = today or clock.today()
    demo = yaml.safe_load(path.read_text())
    entries = _register(demo["register"])
    past = [_meeting(m["months_ago"], m["title"], today) for m in demo["meetings"]]
    db.session.add(Meeting(id=seed_id("meeting", "next"), title="Next review",
                           held_on=months_ahead(today, demo["next_meeting_in_months"])))
    db.session.flush()
    previous = None
    for index, meeting in enumerate(past):
        window = PackWindow.of(meeting.held_on, previous and previous.held_on, None, today)
        ratings = {}
        for entry, rags in entries:
            ratings.setdefault(entry.pathway.name, []).append(rags[min(index, len(rags) - 1)])
        content = _as_it_was(build_pack(window, previous and previous.pack.content),
                             demo["growth_per_quarter"], len(past) - index,
                             {name: Rag.worst(rags) for name, rags in ratings.items()},
                             previous and previous.pack.content)
        meeting.pack = PackSnapshot(content=content, saved_by="demo@example.org",
                                    saved_at=_moment(meeting.held_on))
        previous = meeting
    for entry, ratings in entries:
        for meeting, rag in zip(past, ratings, strict=False):
            db.session.add(RagHistory(entry=entry, meeting=meeting, rag=rag,
                                      recorded_on=meeting.held_on))
    searches = _searches(demo["searches"], today)
    db.session.commit()
    return {"meetings": len(past) + 1, "register": len(entries), "searches": searches}


def _moment(day: date) -> datetime:
    return datetime.combine(day, time(17), LOCAL_TIME)


def _meeting(months_ago: int, title: str, today: date) -> Meeting:
    meeting = Meeting(id=seed_id("meeting", f"{months_ago}-months-ago"), title=title,
                      held_on=months_ahead(today, -months_ago))
    meeting.marked_held_at = _moment(meeting.held_on)
    db.session.add(meeting)
    return meeting


def _register(rows: list[dict]) -> list[tuple[GapEntry, list[str]]]:
    pathways = {p.slug: p for p in db.session.scalars(select(Pathway))}
    entries = []
    for row in rows:
        entry = GapEntry(pathway=pathways[row["pathway"]], issue=row["issue"],
                         local_gap=row.get("local_gap", ""), evidence=row.get("evidence", ""),
                         owner=row.get("owner", ""), rag=row["ratings"][-1])
        db.session.add(entry)
        entries.append((entry, row["ratings"]))
    return entries


def _as_it_was(content: dict, growth: dict[str, int], quarters_ago: int,
               ratings: dict[str, str], previous: dict | None) -> dict:
    """A pack built from today's listings, with each pathway's numbers as the demo says they
    were `quarters_ago` quarters back (fewer services, in proportion in each district) and its
    rating as the register had it then."""
    content = copy.deepcopy(content)
    before = {p["name"]: p["rag"] for p in (previous or {}).get("pathways", [])}
    for section, summary in zip(content["pathways"], content["summary"]["rag"], strict=True):
        section["rag"] = summary["rag"] = ratings.get(section["name"], Rag.NO_DATA)
        summary["before"] = before.get(section["name"])
        summary["change"] = rag_change(before.get(section["name"]), section["rag"])
    slugs = {p.name: p.slug for p in db.session.scalars(select(Pathway))}
    for section in content["pathways"]:
        provision = section["provision"]
        now = provision["total"]
        then = max(0, now - growth.get(slugs.get(section["name"]), 0) * quarters_ago)
        share = then / now if now else 0
        provision["total"] = then
        provision["districts"] = [round(n * share) for n in provision["districts"]]
        provision["county_wide"] = round(provision["county_wide"] * share)
    return content


def _searches(rows: list, today: date) -> int:
    """Each search its number of times, on days spread over the last year (the same days on
    every load: a fixed seed)."""
    days = random.Random(15)  # noqa: S311  # nosec B311 (demo data, not security)
    added = 0
    for words, results, times in rows:
        for _ in range(times):
            db.session.add(SearchLog(query=words, result_count=results, filters={},
                                     searched_on=today - timedelta(days=days.randrange(365))))
            added += 1
    return added
