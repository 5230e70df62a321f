"""Thin views: read the request, call the analysis, render or download."""

from datetime import date, timedelta

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from directory import clock
from directory.analysis import data, remembered
from directory.analysis.demand import group_by_pathway, load_pathway_words
from directory.analysis.funding import at_risk, months_ahead, total_per_year
from directory.analysis.gaps import GAP_KINDS, opened_gaps
from directory.analysis.provision import APART_LABELS, ProvisionMap, map_table, provision_map
from directory.analysis.records import DIMENSION_LABELS, DIMENSIONS
from directory.auth.permissions import role_required
from directory.board import bp, decisions, tables
from directory.board.district_map import CREDIT, DistrictMap, district_map
from directory.board.downloads import csv_response, wants_csv
from directory.board.forms import TriageForm, need_weight_form
from directory.extensions import db
from directory.formatting import long_date
from directory.listings.catalogue import ServiceFilters
from directory.models import OverlapDecision, Pathway
from directory.models.accounts import Role
from directory.safety import crisis
from directory.search import ResultPage

BOARD_PAGES = (
    ("board.provision", "Provision map"),
    ("board.trends", "Trends"),
    ("board.gaps", "Gaps"),
    ("board.all_gaps", "All gaps"),
    ("board.overlaps", "Overlaps"),
    ("board.funding", "Funding at risk"),
    ("board.demand", "Unmet demand"),
    ("board.register", "Gap register"),
    ("board.meetings", "Meetings and packs"),
)


@bp.app_template_filter("iso_long_date")
def iso_long_date(value: str | None) -> str:
    """A date saved in a pack as text ("2026-12-01") shown as 1 December 2026."""
    return long_date(date.fromisoformat(value)) if value else ""


@bp.context_processor
def board_pages() -> dict:
    return {"board_pages": [page for page in BOARD_PAGES
                            if page[0] in current_app.view_functions]}


def map_filters() -> ServiceFilters:
    """The whole map's filters (who for, stage, district, self-referral); never one pathway."""
    return ServiceFilters.from_args(request.args, pathway=None)


def chosen_dimension() -> str:
    dimension = request.args.get("by", "area")
    return dimension if dimension in DIMENSIONS else "area"


def district_maps(provision: ProvisionMap, filters: ServiceFilters,
                  chosen: str | None) -> dict:
    """The big map of the chosen pathway (the first when none is chosen) and a small map of
    every pathway, each district linking to the services behind its number."""
    prisons = data.prison_places()

    def drawn(row, small: bool) -> DistrictMap:
        def href(district) -> str:
            return url_for("board.cell", pathway_slug=row.pathway.slug, column=district.slug,
                           by="area", **filters.as_args())
        return district_map(row.cells, href, prisons, small=small)

    big = next((row for row in provision.rows if row.pathway.slug == chosen),
               provision.rows[0] if provision.rows else None)
    return {
        "big_map": big and (big.pathway, drawn(big, small=False)),
        "small_maps": [(row.pathway, drawn(row, small=True)) for row in provision.rows],
        "prisons": prisons, "credit": CREDIT,
    }


@bp.get("/")
@role_required(*Role.ALL)
def provision():
    dimension, filters = chosen_dimension(), map_filters()
    taxonomy = data.taxonomy()
    provision = provision_map(taxonomy, dimension, data.provision_counts(dimension, filters))
    if wants_csv():
        return csv_response(map_table(provision), f"provision-by-{dimension}")
    maps = district_maps(provision, filters, request.args.get("pathway")) \
        if dimension == "area" else {}
    return render_template(
        "board/provision.html", provision=provision, taxonomy=taxonomy, filters=filters,
        dimensions=DIMENSION_LABELS, **maps,
    )


@bp.get("/provision/<pathway_slug>")
@role_required(*Role.ALL)
def cell(pathway_slug: str):
    """The services behind one number on the map."""
    dimension, filters = chosen_dimension(), map_filters()
    taxonomy = data.taxonomy()
    pathway = db.session.scalar(select(Pathway).where(Pathway.slug == pathway_slug))
    if pathway is None:
        abort(404)
    column_slug = request.args.get("column", "")
    column = next((t for t in taxonomy.terms(dimension) if t.slug == column_slug), None)
    if column is None and column_slug != "apart":
        abort(404)
    services = data.cell_services(pathway.id, dimension, column and column.id, filters)
    return render_template(
        "board/cell.html", pathway=pathway, column=column, dimension=dimension,
        services=services, filters=filters,
        apart_label=APART_LABELS[dimension],
    )


def int_arg(name: str, default: int, low: int, high: int) -> int:
    try:
        return min(high, max(low, int(request.args.get(name, default))))
    except ValueError:
        return default


@bp.route("/gaps/weights/<pathway_slug>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def need_weights(pathway_slug: str):
    pathway = db.session.scalar(select(Pathway).where(Pathway.slug == pathway_slug))
    if pathway is None:
        abort(404)
    districts = data.taxonomy().districts
    current = {a: w for (p, a), w in data.need_weights().items() if p == pathway.id}
    form = need_weight_form(districts, current)
    if form.validate_on_submit():
        decisions.save_need_weights(pathway.id, {
            d.id: float(form[f"w_{d.slug}"].data) for d in districts})
        flash(f"Need weights for {pathway.name} saved.", "success")
        return redirect(url_for("board.gaps"))
    return render_template("board/need_weights.html", form=form, pathway=pathway,
                           districts=districts)


OVERLAPS_PER_PAGE = 50


@bp.get("/overlaps")
@role_required(*Role.ALL)
def overlaps():
    """Every likely overlap, one per pair of services: those still to look at a page at a
    time (the demo data has hundreds), then those the board decided."""
    pairs = remembered.overlaps()
    decisions = data.overlap_decisions()
    states = pairs.decided(decisions)
    if wants_csv():
        return csv_response(tables.overlap_rows(pairs, states), "overlaps")
    undecided = pairs.without(states)
    number = int_arg("page", 1, 1, 1_000_000)
    start = (number - 1) * OVERLAPS_PER_PAGE
    results = ResultPage(page=number, per_page=OVERLAPS_PER_PAGE, error_out=False,
                         items=undecided[start:start + OVERLAPS_PER_PAGE],
                         total=len(undecided))
    decided = {d: pairs.with_keys({key for key, state in states.items() if state == d})
               for d in OverlapDecision.ALL}
    return render_template("board/overlaps.html", results=results, decided=decided,
                           states=states, decisions=decisions, labels=OverlapDecision.LABELS)


@bp.route("/overlaps/<pair_key>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def triage(pair_key: str):
    pair = remembered.overlaps().find(pair_key)
    if pair is None:
        abort(404)
    form = TriageForm()
    if form.validate_on_submit():
        decisions.decide_overlap(pair, form.decision.data, form.reason.data, current_user.email)
        flash(f"The board's decision on {pair.names} is saved.", "success")
        return redirect(url_for("board.overlaps"))
    return render_template("board/triage.html", form=form, pair=pair)


@bp.get("/funding")
@role_required(*Role.ALL)
def funding():
    months = int_arg("months", 6, 1, 36)
    today = clock.today()
    horizon = months_ahead(today, months)
    ending = at_risk(data.funding_facts((today, horizon)), today, horizon)
    opened = opened_gaps(remembered.gap_counts(), remembered.gap_counts(horizon),
                         data.taxonomy())
    if wants_csv():
        return csv_response(tables.funding_rows(ending), f"funding-ending-{months}-months")
    return render_template("board/funding.html", ending=ending, opened=opened, months=months,
                           horizon=horizon, total=total_per_year(ending), kinds=GAP_KINDS)


@bp.get("/demand")
@role_required(*Role.ALL)
def demand():
    days = int_arg("days", 90, 1, 730)
    most_results = int_arg("few", 2, 0, 20)
    until = clock.today()
    searches = data.search_counts(until - timedelta(days=days), until, most_results)
    groups = group_by_pathway(searches, data.taxonomy().pathways, load_pathway_words())
    if wants_csv():
        return csv_response(tables.demand_rows(groups), "unmet-demand")
    return render_template("board/demand.html", groups=groups, days=days,
                           most_results=most_results,
                           crisis_searches=crisis.searches_between(
                               until - timedelta(days=days), until))
