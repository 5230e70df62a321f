"""A page per prison: booking a visit, help for families, and the services inside."""

from flask import abort, render_template

from directory import safety
from directory.places import prisons
from directory.public import bp


@bp.get("/prisons")
def prisons_list():
    return render_template("public/prisons.html", prisons=prisons.all_prisons())


@bp.get("/prisons/<slug>")
def prison(slug: str):
    prison = prisons.get_prison(slug)
    if prison is None:
        abort(404)
    support = prisons.prison_support(prison)
    listed = [*support.for_families, *support.inside, *support.families_anywhere]
    return render_template(
        "public/prison.html", support=support,
        exit_this_page=any(safety.service_needs_exit(service) for service in listed))
