from flask import (
    abort,
    current_app,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)

from directory import safety
from directory.finder import bp, journey, shortlist, text_message
from directory.finder.forms import STEP_FORMS, NearForm
from directory.finder.opening_hours import london_now
from directory.finder.results import find_support
from directory.listings import catalogue
from directory.places import geography
from directory.safety import crisis
from directory.setup.input_hygiene import link_arguments
from directory.setup.links import external_url
from directory.setup.redirects import local_redirect_target


def _url(endpoint: str, args, **values) -> str:
    """url_for with repeated query parameters (several pathways) kept."""
    return url_for(endpoint, **values, **link_arguments(args, **values))


STEP_TEMPLATES = {"help": "finder/help.html", "where": "finder/where.html",
                  "who": "finder/who.html"}


@bp.get("/get-support")
def start():
    return render_template("finder/start.html")


@bp.get("/get-support/<any(help, where, who, when, prison):step>")
def question(step: str):
    form = STEP_FORMS[step](request.args)
    answers = journey.Answers.from_args(request.args)
    if not answers.needs(step) or (request.args.get("asked") == step and form.validate()):
        next_step = answers.next_step()
        if next_step:
            return redirect(_url("finder.question", answers.as_args(), step=next_step))
        return redirect(_url("finder.results", answers.as_args()))
    previous = journey.previous_step(step, answers)
    back = (_url("finder.question", answers.as_args(), step=previous) if previous
            else url_for("finder.start"))
    return render_template(
        STEP_TEMPLATES.get(step, "finder/one_choice.html"), form=form, step=step,
        number=answers.question_number(step),
        hidden=answers.as_args(without=step), back=back,
        exit_this_page=answers.exit_this_page)


@bp.get("/get-support/results")
def results():
    answers = journey.Answers.from_args(request.args)
    if answers.next_step():
        return redirect(_url("finder.question", answers.as_args(), step=answers.next_step()))
    form = NearForm(request.args)
    open_now = form.open_now.data
    if "near" in request.args and form.validate():
        near = (form.near.data or "").strip()
        if near:
            answers = answers.with_postcode(geography.find_place(near).postcode)
        args = answers.as_args()
        if open_now:
            args["open_now"] = "1"
        return redirect(_url("finder.results", args))
    if "near" not in request.args:
        form.near.data = answers.postcode
    moment = london_now()
    return render_template(
        "finder/results.html", answers=answers, form=form, open_now=open_now, moment=moment,
        found=find_support(answers, moment, open_now_only=open_now),
        change_links={step: _url("finder.question", answers.as_args(), step=step)
                      for step in journey.STEPS},
        summary=journey.describe(answers), hidden=answers.as_args(),
        back=_url("finder.question", answers.as_args(),
                  step=journey.previous_step(None, answers) or "help"),
        crisis_reading=crisis_for_pathways(answers.pathways),
        stop_hurting_heading=safety.STOP_HURTING_HEADING,
        exit_this_page=answers.exit_this_page)


def crisis_for_pathways(slugs) -> crisis.Reading:
    """The crisis panel the chosen pathways call for (at the top of the results)."""
    readings = [crisis.pathway_panel(slug) for slug in slugs]
    return crisis.Reading(crisis=any(r.crisis for r in readings),
                          abuse=any(r.abuse for r in readings))


def _current_list() -> list:
    """The list being changed: the one in the URL if given, else the one in the cookie."""
    if "services" in request.args:
        return shortlist.parse_ids(request.args["services"])
    return shortlist.parse_ids(request.cookies.get(shortlist.COOKIE_NAME))


def _remember(response, ids: list):
    """Mirror the list in a cookie that ends when the browser closes (strictly necessary:
    it is how "Add to my list" on one page reaches the list on another)."""
    if ids:
        response.set_cookie(shortlist.COOKIE_NAME, shortlist.format_ids(ids), httponly=True,
                            samesite="Lax", secure=current_app.config.get(
                                "SESSION_COOKIE_SECURE", False))
    else:
        response.delete_cookie(shortlist.COOKIE_NAME)
    return response


def _changed_list(ids: list):
    fallback = url_for("finder.shortlist", services=shortlist.format_ids(ids))
    return _remember(redirect(local_redirect_target(request.args.get("back"), fallback)), ids)


def _service_ids_in_args() -> list:
    return shortlist.parse_ids(",".join(request.args.getlist("service")))


@bp.get("/shortlist/add")
def add_to_shortlist():
    return _changed_list(shortlist.with_added(_current_list(), _service_ids_in_args()))


@bp.get("/shortlist/remove")
def remove_from_shortlist():
    return _changed_list(shortlist.without(_current_list(), _service_ids_in_args()))


@bp.get("/shortlist", endpoint="shortlist")
def shortlist_page():
    ids = _current_list()
    if "services" not in request.args and ids:
        return redirect(url_for("finder.shortlist", services=shortlist.format_ids(ids)))
    services = shortlist.shortlisted_services(ids)
    ids = [service.id for service in services]
    return _remember(make_response(render_template(
        "finder/shortlist.html", services=services, ids=shortlist.format_ids(ids),
        exit_this_page=safety.any_needs_exit(services),
        text_message_enabled=text_message.enabled(),
        share_url=external_url("finder.shortlist", services=shortlist.format_ids(ids))
        if ids else "")), ids)


@bp.get("/shortlist/print")
def shortlist_print():
    services = shortlist.shortlisted_services(shortlist.parse_ids(request.args.get("services")))
    if not services:
        abort(404)
    live_url = external_url("finder.shortlist",
                            services=shortlist.format_ids([s.id for s in services]))
    return render_template(
        "finder/print.html", services=services, printed_on=london_now(), live_url=live_url,
        qr_code=shortlist.qr_code_svg(live_url), exit_this_page=safety.any_needs_exit(services),
        opening_times={s.id: catalogue.opening_times(s.schedule) for s in services})


@bp.app_context_processor
def shortlist_helpers():
    """For the "Add to my list" button on any page: what is in this browser's list."""

    def shortlisted_ids() -> list:
        g.page_reads_shortlist = True
        return shortlist.parse_ids(request.cookies.get(shortlist.COOKIE_NAME))

    def current_path() -> str:
        return request.full_path.rstrip("?")

    return {"shortlisted_ids": shortlisted_ids, "current_path": current_path,
            "finder_situations": journey.situation_links}


@bp.after_app_request
def vary_on_the_shortlist_cookie(response):
    """A page that shows "on your list" differs per browser: no shared cache may reuse it."""
    if g.get("page_reads_shortlist"):
        response.vary.add("Cookie")
    return response
