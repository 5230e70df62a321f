"""Thin views: read the request, call the analysis, render or download."""

from flask import abort, current_app, render_template, request
from sqlalchemy import select

from directory.analysis import data
from directory.analysis.provision import APART_LABELS, map_table, provision_map
from directory.analysis.records import DIMENSION_LABELS, DIMENSIONS
from directory.board import bp
from directory.board.downloads import csv_response, wants_csv
from directory.catalogue import ServiceFilters
from directory.extensions import db
from directory.models import Pathway


BOARD_PAGES = (
    ("board.provision", "Provision map"),
    ("board.gaps", "Gaps"),
    ("board.overlaps", "Overlaps"),
    ("board.funding", "Funding at risk"),
    ("board.demand", "Unmet demand"),
    ("board.register", "Gap register"),
    ("board.meetings", "Meetings and packs"),
)


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


@bp.get("/")
def provision():
    dimension, filters = chosen_dimension(), map_filters()
    taxonomy = data.taxonomy()
    provision = provision_map(taxonomy, dimension, data.provision_counts(dimension, filters))
    if wants_csv():
        return csv_response(map_table(provision), f"provision-by-{dimension}")
    return render_template(
        "board/provision.html", provision=provision, taxonomy=taxonomy, filters=filters,
        dimensions=DIMENSION_LABELS,
    )


@bp.get("/provision/<pathway_slug>")
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
