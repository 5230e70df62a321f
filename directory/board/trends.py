"""Trends: the charts a board member would rather look at than read, each with its numbers
as a table beside it."""

from datetime import timedelta

from flask import render_template

from directory import clock
from directory.analysis import data
from directory.analysis.demand import group_by_pathway, load_pathway_words
from directory.analysis.funding import months_ahead
from directory.auth.permissions import role_required
from directory.board import bp
from directory.board.charts import bars, funding_months, line_charts, month_labels
from directory.formatting import long_date
from directory.models import Rag
from directory.models.accounts import Role

DEMAND_DAYS = 365


@bp.get("/trends")
@role_required(*Role.ALL)
def trends():
    today = clock.today()
    taxonomy = data.taxonomy()
    names = [p.name for p in taxonomy.pathways]
    packs = data.saved_packs(today)
    totals = data.provision_counts("area").totals
    by_pack = [{s["name"]: s for s in content.get("pathways", [])} for _day, content in packs]
    services = {p.name: [pack[p.name]["provision"]["total"] if p.name in pack else 0
                         for pack in by_pack] + [totals.get(p.id, 0)]
                for p in taxonomy.pathways}
    rag = {name: [pack[name]["rag"] if name in pack else None for pack in by_pack]
           for name in names}
    groups = group_by_pathway(data.search_counts(today - timedelta(days=DEMAND_DAYS), today, 2),
                              taxonomy.pathways, load_pathway_words())
    demand = {g.pathway.name: g.total for g in groups if g.pathway}
    funding = data.funding_facts((today, months_ahead(today, 24)))
    return render_template(
        "board/trends.html",
        meeting_labels=[long_date(day) for day, _content in packs] + ["Today"],
        services=line_charts(services), rag=rag, rag_labels=Rag.LABELS,
        demand=bars([(name, demand.get(name, 0)) for name in names]),
        no_pathway=sum(g.total for g in groups if not g.pathway), demand_days=DEMAND_DAYS,
        months=month_labels(today), funding=funding_months(funding, names, today))
