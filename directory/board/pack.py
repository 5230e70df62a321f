"""The meeting pack: everything the board reads per pathway, as plain JSON-able data, so a
saved pack renders exactly as it was seen."""

import uuid
from collections import defaultdict
from datetime import date, timedelta

from directory.analysis import data, remembered
from directory.analysis.changes import changes_between
from directory.analysis.demand import group_by_pathway, load_pathway_words
from directory.analysis.funding import at_risk, months_ahead
from directory.analysis.gaps import GAP_KINDS, find_gaps, opened_gaps
from directory.analysis.overlaps import triage_state
from directory.analysis.provision import provision_map
from directory.catalogue import is_overdue
from directory.models import GapStatus, OverlapDecision, Rag

FUNDING_MONTHS = 6
FIRST_PACK_LOOKS_BACK = timedelta(days=90)  # with no earlier meeting, compare with 90 days ago
GAPS_PER_PATHWAY = 10
LISTED = 25  # services named per list; the count says how many in all


def build_pack(held_on: date, previous: date | None) -> dict:
    since = previous or held_on - FIRST_PACK_LOOKS_BACK
    taxonomy = data.taxonomy()
    counts = remembered.gap_counts()
    horizon = months_ahead(held_on, FUNDING_MONTHS)
    context = {
        "map": provision_map(taxonomy, "area", data.provision_counts(
            "area", cells=counts[("pathway", "area")])),
        "gaps": find_gaps(taxonomy, counts, data.need_weights()),
        "overlaps": remembered.overlaps(),
        "decisions": data.overlap_decisions(),
        "states": remembered.service_states(),
        "ending": at_risk(data.funding_facts((held_on, horizon)), held_on, horizon),
        "opened": opened_gaps(counts, remembered.gap_counts(horizon), taxonomy),
        "demand": {
            (g.pathway.id if g.pathway else None): g
            for g in group_by_pathway(data.search_counts(since, held_on, 2), taxonomy.pathways,
                                      load_pathway_words())
        },
        "register": data.register_entries(),
    }
    changes = changes_between(context["states"], since, held_on)
    overdue = [s for s in context["states"] if s.status == "published" and is_overdue(s, held_on)]
    context["listed"] = {kind: _by_pathway(services) for kind, services in (
        ("new", changes.new), ("changed", changes.changed), ("closed", changes.closed),
        ("overdue", overdue))}
    return {
        "held_on": held_on.isoformat(),
        "since": since.isoformat(),
        "funding_months": FUNDING_MONTHS,
        "districts": [c.name for c in context["map"].columns],
        "pathways": [_pathway_section(row, context)
                     for row in context["map"].rows],
        "across_pathways": [
            {"label": g.label, "reason": g.reason}
            for g in context["gaps"].get(("area", "client_group", "stage"), [])[:GAPS_PER_PATHWAY]
        ],
    }


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
        **_overlaps([c for c in context["overlaps"] if c.pathway.id == pathway.id],
                    context["decisions"]),
        **_funding([f for f in context["ending"] if pathway.name in f.pathways]),
        "would_open": [" × ".join(t.name for t in terms) for _kind, terms in context["opened"]
                       if terms[0].id == pathway.id],
        "demand": [{"query": s.query, "searches": s.searches}
                   for s in (demand.searches if demand else ())],
    }


def _listed(lists: dict[str, list]) -> dict:
    """Each list of services cut to LISTED names, with its full count beside it."""
    return {
        **{kind: [_service(s) for s in services[:LISTED]] for kind, services in lists.items()},
        **{f"{kind}_count": len(services) for kind, services in lists.items()},
    }


def _overlaps(clusters: list, decisions: dict) -> dict:
    """The most alike clusters, cut to LISTED (and each to LISTED names): at scale a pathway
    has hundreds, and the overlaps page lists them all."""
    return {
        "overlaps": [
            {"services": [m.name for m in c.members[:LISTED]],
             "more_services": max(0, len(c.members) - LISTED), "reason": c.reason,
             "decision": OverlapDecision.LABELS.get(triage_state(c, decisions), "Not decided")}
            for c in clusters[:LISTED]
        ],
        "overlaps_count": len(clusters),
    }


def _funding(ending: list) -> dict:
    """The first LISTED fundings to end, with the count (the funding page lists them all)."""
    return {
        "funding": [
            {"service": f.service_name, "funder": f.funder, "ends": f.end_date.isoformat(),
             "amount": int(f.amount_per_year) if f.amount_per_year is not None else None}
            for f in ending[:LISTED]
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
    return [{"kind": GAP_KINDS[g.kind][0], "label": g.label, "reason": g.reason}
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
        rows += [[name, "Unmet demand", d["query"], d["searches"]] for d in section["demand"]]
    return rows
