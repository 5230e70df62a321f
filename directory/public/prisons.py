"""A page per prison: booking a visit, help for families, and the services inside."""

from flask import abort, render_template

from directory import prisons
from directory.public import bp


@bp.get("/prisons")
def prisons_list():
    return render_template("public/prisons.html", prisons=prisons.all_prisons())


@bp.get("/prisons/<slug>")
def prison(slug: str):
    prison = prisons.get_prison(slug)
    if prison is None:
        abort(404)
    return render_template("public/prison.html", support=prisons.prison_support(prison))
