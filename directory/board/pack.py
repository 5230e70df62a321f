"""The meeting pack: everything the board reads per pathway, as plain JSON-able data, so a
saved pack renders exactly as it was seen."""

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, or_, select

from directory import clock
from directory.analysis import data, remembered
from directory.analysis.changes import changes_between
from directory.analysis.demand import group_by_pathway, load_pathway_words
from directory.analysis.funding import at_risk, months_ahead
from directory.analysis.gaps import (
    GAP_KINDS,
    Gap,
    find_gaps,
    opened_gaps,
    services_matching,
)
from directory.analysis.overlaps import triage_state
from directory.analysis.provision import MapCell, provision_map, shade_bands, shade_of
from directory.analysis.records import Term
from directory.board.district_map import district_map
from directory.extensions import db
from directory.listings.catalogue import is_overdue, review_due_before
from directory.models import GapStatus, Meeting, OverlapDecision, Rag, ServiceStatus

FUNDING_MONTHS = 6  # with no next meeting set, funding at risk looks this far ahead
FIRST_PACK_LOOKS_BACK = timedelta(days=90)  # with no earlier meeting, compare with 90 days ago
GAPS_PER_PATHWAY = 10
LISTED = 25  # services named per list; the count says how many in all
SUMMARY_LISTED = 5  # items per list on the one-page summary


@dataclass(frozen=True)
class PackWindow:
    """The dates a pack compares: changes since the previous held meeting (never a date after
    today), and one window for funding at risk and the gaps it would open: from the meeting to
    the next meeting (or FUNDING_MONTHS on when none is set)."""

    held_on: date
    since: date
    horizon: date
    next_meeting: date | None

    @classmethod
    def of(cls, held_on: date, previous: date | None, next_meeting: date | None,
           today: date) -> "PackWindow":
        since = min(previous or held_on - FIRST_PACK_LOOKS_BACK, today)
        horizon = next_meeting or months_ahead(held_on, FUNDING_MONTHS)
        return cls(held_on, since, horizon, next_meeting)


def build_pack(window: PackWindow, previous_pack: dict | None = None) -> dict:
    held_on, since, horizon = window.held_on, window.since, window.horizon
    taxonomy = data.taxonomy()
    counts = remembered.gap_counts()
    found = find_gaps(taxonomy, counts, data.need_weights())
    context = {
        "map": provision_map(taxonomy, "area", remembered.district_provision()),
        "gaps": found,
        "overlaps": remembered.overlaps(),
        "decisions": data.overlap_decisions(),
        "states": remembered.service_states(),
        "ending": at_risk(data.funding_facts((held_on, horizon)), held_on, horizon),
        "ended": data.funding_ended_before(held_on),
        "opened": _opened_with_services(counts, horizon, held_on, taxonomy),
        "demand": {
            (g.pathway.id if g.pathway else None): g
            for g in group_by_pathway(data.search_counts(since, held_on, 2), taxonomy.pathways,
                                      load_pathway_words())
        },
        "register": data.register_entries(),
    }
    changes = changes_between(context["states"], since, held_on)
    due = review_due_before(held_on)  # once, not once for each of 10,000 services
    overdue = [s for s in context["states"]
               if s.status == ServiceStatus.PUBLISHED and is_overdue(s, due=due)]
    context["listed"] = {kind: _by_pathway(services) for kind, services in (
        ("new", changes.new), ("changed", changes.changed), ("closed", changes.closed),
        ("overdue", overdue))}
    pathways = [_pathway_section(row, context) for row in context["map"].rows]
    return {
        "held_on": held_on.isoformat(),
        "since": since.isoformat(),
        "horizon": horizon.isoformat(),
        "next_meeting": window.next_meeting.isoformat() if window.next_meeting else None,
        "funding_months": FUNDING_MONTHS,
        "districts": [c.name for c in context["map"].columns],
        "summary": _summary(pathways, changes, context, previous_pack),
        "pathways": pathways,
        "across_pathways": [
            {"label": g.title, "reason": g.reason}
            for g in found.get(("area", "client_group", "stage"), [])[:GAPS_PER_PATHWAY]
        ],
    }


def _opened_with_services(counts: dict, horizon: date, held_on: date, taxonomy) -> list[dict]:
    """The gaps that would open if the funding that ends by the horizon stops, each with the
    services behind it (so the pack blames the right ones) and whether their funding has
    already ended. The services are those whose every funding ends by the horizon: the same
    window as the funding listed."""
    ends = data.funding_ends_on(horizon)
    services = [s for s in remembered.service_facts() if s.id in ends]
    opened = []
    for kind, terms in opened_gaps(counts, remembered.gap_counts(horizon), taxonomy):
        behind = services_matching(zip(kind, (t.id for t in terms), strict=True), services)
        opened.append({
            "pathway": terms[0].id if kind[0] == "pathway" else None,
            "gap": Gap(kind, terms, 0, 0, 1.0, 0.0).title,
            "services": sorted(s.name for s in behind),
            "ended": all(ends[s.id] < held_on for s in behind),
        })
    return opened


def _summary(pathways: list[dict], changes, context: dict, previous_pack: dict | None) -> dict:
    """The pack's first page: what the board most needs to see, each list cut short."""
    before = {p["name"]: p["rag"] for p in (previous_pack or {}).get("pathways", [])}
    top_gaps = sorted((g for gaps in context["gaps"].values() for g in gaps),
                      key=lambda g: (-g.score, len(g.kind), g.title))[:SUMMARY_LISTED]
    searches = sorted((s for g in context["demand"].values() for s in g.searches),
                      key=lambda s: (-s.searches, s.query))[:SUMMARY_LISTED]
    awaiting = context["overlaps"].without(context["overlaps"].decided(context["decisions"]))
    return {
        "rag": [{"name": p["name"], "rag": p["rag"], "before": before.get(p["name"]),
                 "change": rag_change(before.get(p["name"]), p["rag"])} for p in pathways],
        "gaps": [{"title": g.title, "reason": g.evidence_in_short} for g in top_gaps],
        "new": [_service(s) for s in changes.new[:SUMMARY_LISTED]],
        "new_count": len(changes.new),
        "closed": [_service(s) for s in changes.closed[:SUMMARY_LISTED]],
        "closed_count": len(changes.closed),
        **{f"ending_{k}": v for k, v in _funding(context["ending"], SUMMARY_LISTED).items()},
        **{f"ended_{k}": v for k, v in _funding(context["ended"], SUMMARY_LISTED).items()},
        "searches": [{"query": s.query, "searches": s.searches} for s in searches],
        "overlaps": [{"pathway": name, "count": n}
                     for name, n in awaiting.per_pathway().most_common()],
        "overlaps_count": len(awaiting),
    }


def rag_change(before: str | None, now: str) -> str:
    """A pathway's rating against the previous meeting's, in a word."""
    if before is None:
        return "First pack"
    if before == now:
        return "Same"
    if Rag.NO_DATA in (before, now):
        return "Now rated" if before == Rag.NO_DATA else "No longer rated"
    return "Better" if Rag.SEVERITY.index(now) > Rag.SEVERITY.index(before) else "Worse"


def _by_pathway(services) -> dict[uuid.UUID, list]:
    """Services under each of their pathways, in their order: grouped once, not once per pathway
    (at scale there are thousands)."""
    found = defaultdict(list)
    for service in services:
        for pathway_id in service.pathways:
            found[pathway_id].append(service)
    return found


def _pathway_section(row, context: dict) -> dict:
    pathway = row.pathway
    entries = [e for e in context["register"] if e.pathway_id == pathway.id]
    demand = context["demand"].get(pathway.id)
    return {
        "name": pathway.name,
        "rag": Rag.worst(e.rag for e in entries if e.status != GapStatus.CLOSED),
        "provision": {"districts": [c.count for c in row.cells], "county_wide": row.apart,
                      "total": row.total},
        **_listed({kind: services.get(pathway.id, [])
                   for kind, services in context["listed"].items()}),
        "register": [{"issue": e.issue, "local_gap": e.local_gap, "rag": e.rag,
                      "owner": e.owner, "status": GapStatus.LABELS[e.status]} for e in entries],
        "gaps": _pathway_gaps(pathway, context["gaps"]),
        **_overlaps(context["overlaps"].in_pathway(pathway.id), context["decisions"]),
        **_funding([f for f in context["ending"] if pathway.name in f.pathways]),
        **{f"ended_{k}": v for k, v in _funding(
            [f for f in context["ended"] if pathway.name in f.pathways]).items()},
        "would_open": [{key: value for key, value in gap.items() if key != "pathway"}
                       for gap in context["opened"] if gap["pathway"] == pathway.id],
        "demand": [{"query": s.query, "searches": s.searches}
                   for s in (demand.searches if demand else ())],
    }


def _listed(lists: dict[str, list]) -> dict:
    """Each list of services cut to LISTED names, with its full count beside it."""
    return {
        **{kind: [_service(s) for s in services[:LISTED]] for kind, services in lists.items()},
        **{f"{kind}_count": len(services) for kind, services in lists.items()},
    }


def _overlaps(pairs: list, decisions: dict) -> dict:
    """The most alike pairs, cut to LISTED: at scale a pathway has thousands, and the overlaps
    page lists them all."""
    return {
        "overlaps": [
            {"services": [m.name for m in p.members], "summary": p.summary,
             "decision": OverlapDecision.LABELS.get(triage_state(p, decisions), "Not decided")}
            for p in pairs[:LISTED]
        ],
        "overlaps_count": len(pairs),
    }


def _funding(ending: list, listed: int = LISTED) -> dict:
    """The first fundings to end, with the count (the funding page lists them all)."""
    return {
        "funding": [
            {"service": f.service_name, "funder": f.funder, "ends": f.end_date.isoformat(),
             "amount": int(f.amount_per_year) if f.amount_per_year is not None else None}
            for f in ending[:listed]
        ],
        "funding_count": len(ending),
    }


def _service(state) -> dict:
    return {"name": state.name, "organisation": state.organisation,
            "last_checked_on": state.last_checked_on.isoformat()
            if state.last_checked_on else None}


def _pathway_gaps(pathway, found: dict) -> list[dict]:
    gaps = [g for kind, kind_gaps in found.items() if kind[0] == "pathway"
            for g in kind_gaps if g.terms[0].id == pathway.id]
    gaps.sort(key=lambda g: -g.score)
    return [{"kind": GAP_KINDS[g.kind][0], "label": g.title, "reason": g.reason}
            for g in gaps[:GAPS_PER_PATHWAY]]


def pack_rows(pack: dict) -> list[list]:
    """The pack as one CSV table: one row per item, with its pathway and section."""
    rows = [["Pathway", "Section", "Item", "Detail"]]
    for section in pack["pathways"]:
        name = section["name"]
        rows.append([name, "RAG", Rag.LABELS[section["rag"]], ""])
        rows.append([name, "Services", section["provision"]["total"],
                     f"county-wide {section['provision']['county_wide']}"])
        for kind in ("new", "changed", "closed", "overdue"):
            rows += [[name, kind.capitalize(), s["name"], s["organisation"]]
                     for s in section[kind]]
        rows += [[name, "Gap", g["label"], g["reason"]] for g in section["gaps"]]
        rows += [[name, "Overlap", "; ".join(o["services"]), o["decision"]]
                 for o in section["overlaps"]]
        rows += [[name, "Funding ends", f["service"], f["ends"]] for f in section["funding"]]
        rows += [[name, "Funding ended, still listed", f["service"], f["ends"]]
                 for f in section.get("ended_funding", [])]
        rows += [[name, "Unmet demand", d["query"], d["searches"]] for d in section["demand"]]
    return rows


def pack_maps(pack: dict) -> dict:
    """A small map per pathway from the pack's own numbers (a saved pack draws what it
    saved), shaded as the provision map shades, with today's prisons marked."""
    sections = pack.get("pathways", [])
    highest = max((n for s in sections for n in s["provision"]["districts"]), default=0)
    bands = shade_bands(highest)
    prisons = data.prison_places()
    columns = [Term(uuid.uuid5(uuid.NAMESPACE_URL, name), "", name)
               for name in pack.get("districts", [])]
    return {"bands": bands, "prisons": prisons, "maps": [
        (s["name"], district_map(
            [MapCell(column, n, shade_of(n, bands))
             for column, n in zip(columns, s["provision"]["districts"], strict=False)],
            href=lambda _district: None, places=prisons, small=True))
        for s in sections]}


def previous_held_meeting(meeting: Meeting, today: date) -> Meeting | None:
    """The meeting before this one that has been held: marked held, or its day has come.
    Never one after today, so a pack never counts changes "since" a day still to come."""
    return db.session.scalar(
        select(Meeting).where(Meeting.held_on < meeting.held_on,
                              or_(Meeting.marked_held_at.is_not(None),
                                  Meeting.held_on <= today))
        .order_by(Meeting.held_on.desc()).limit(1))


def next_meeting_date(meeting: Meeting) -> date | None:
    return db.session.scalar(select(func.min(Meeting.held_on))
                             .where(Meeting.held_on > meeting.held_on))


def fresh_pack(meeting: Meeting) -> dict:
    today = clock.today()
    previous = previous_held_meeting(meeting, today)
    window = PackWindow.of(meeting.held_on, previous and previous.held_on,
                           next_meeting_date(meeting), today)
    return build_pack(window, previous.pack.content if previous and previous.pack else None)


def pack_content(meeting: Meeting) -> dict:
    if meeting.pack is not None:
        return meeting.pack.content
    return fresh_pack(meeting)
