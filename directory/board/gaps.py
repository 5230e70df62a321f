"""Gaps the board can act on: per pathway, most evidence first, each with "Add to the
register" (the form filled in from the gap) and "Not a gap" (holds until a listing behind the
gap changes)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from directory.analysis import data, remembered
from directory.analysis.gaps import (
    GAP_KINDS,
    Gap,
    by_pathway,
    evidence_fingerprint,
    find_gaps,
    services_behind,
)
from directory.auth.permissions import role_required
from directory.board import bp, decisions, tables
from directory.board.downloads import csv_response, wants_csv
from directory.board.forms import NotAGapForm
from directory.models import GapDismissal
from directory.models.accounts import Role

SHOWN_PER_PATHWAY = 5


def current_gaps() -> dict[tuple, list[Gap]]:
    return find_gaps(data.taxonomy(), remembered.gap_counts(), data.need_weights())


def set_aside(found: dict[tuple, list[Gap]]) -> dict[str, GapDismissal]:
    """The board's "not a gap" decisions that still hold: none of the listings behind the
    gap changed since."""
    dismissals = data.gap_dismissals()
    if not dismissals:
        return {}
    services = remembered.service_facts()
    return {gap.key_text: dismissals[gap.key_text]
            for gaps in found.values() for gap in gaps
            if gap.key_text in dismissals and dismissals[gap.key_text].fingerprint
            == evidence_fingerprint(services_behind(gap, services))}


def _gaps_page(template: str, shown: int | None):
    taxonomy = data.taxonomy()
    found = current_gaps()
    if wants_csv():
        return csv_response(tables.gap_rows(found), "gaps")
    held = set_aside(found)
    pathways, across = by_pathway(found, taxonomy, held)
    everything = {gap.key_text: gap for gaps in found.values() for gap in gaps}
    return render_template(
        template, pathways=pathways, across=across, shown=shown, taxonomy=taxonomy,
        total=sum(map(len, found.values())) - len(held),
        set_aside=[(everything[key], decision) for key, decision in held.items()])


@bp.get("/gaps")
@role_required(*Role.ALL)
def gaps():
    return _gaps_page("board/gaps.html", SHOWN_PER_PATHWAY)


@bp.get("/gaps/all")
@role_required(*Role.ALL)
def all_gaps():
    return _gaps_page("board/gaps.html", None)


def gap_or_404(key: str | None) -> Gap:
    gap = next((g for gaps in current_gaps().values() for g in gaps if g.key_text == key), None)
    if gap is None:
        abort(404)
    return gap


@bp.route("/gaps/not-a-gap", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def not_a_gap():
    gap = gap_or_404(request.args.get("gap"))
    form = NotAGapForm()
    if form.validate_on_submit():
        decisions.dismiss_gap(gap, form.reason.data, current_user.email)
        flash(f"Saved: “{gap.title}” is not a gap, until a listing behind it changes.",
              "success")
        return redirect(url_for("board.gaps"))
    return render_template("board/not_a_gap.html", form=form, gap=gap,
                           kind=GAP_KINDS[gap.kind][0])
