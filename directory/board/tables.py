"""Board tables as rows (header first), for CSV downloads. The pages show the same columns."""

from directory.analysis.gaps import GAP_KINDS
from directory.models import OverlapDecision


def gap_rows(found: dict) -> list[list]:
    rows = [["Kind of gap", "Gap", "Evidence", "Need weight", "Score"]]
    for kind, gaps in found.items():
        rows += [[GAP_KINDS[kind][0], g.title, g.reason, g.weight, g.score] for g in gaps]
    return rows


def overlap_rows(pairs: list, states: dict) -> list[list]:
    rows = [["Pathway", "Service", "Organisation", "Other service", "Other organisation",
             "Likeness", "Why", "Board decision"]]
    labels = OverlapDecision.LABELS
    for p in pairs:
        rows.append([
            p.pathway.name, p.first.name, p.first.organisation, p.second.name,
            p.second.organisation, p.similarity, p.summary,
            labels[states[p.key]] if p.key in states else "not decided",
        ])
    return rows


def funding_rows(ending: list) -> list[list]:
    return [["Service", "Organisation", "Pathways", "Funder", "Amount per year", "Ends"]] + [
        [f.service_name, f.organisation, "; ".join(f.pathways), f.funder,
         f.amount_per_year if f.amount_per_year is not None else "", f.end_date.isoformat()]
        for f in ending
    ]


def demand_rows(groups: list) -> list[list]:
    return [["Suggested pathway", "Search", "Times searched", "Most results found"]] + [
        [g.pathway.name if g.pathway else "No pathway", s.query, s.searches, s.most_results]
        for g in groups for s in g.searches
    ]
