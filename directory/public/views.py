import uuid

from flask import abort, current_app, redirect, render_template, request, session
from sqlalchemy import select

from directory import safety
from directory.extensions import db
from directory.finder.opening_hours import OpeningState, london_now, opening_state
from directory.listings import catalogue
from directory.models import Area, ClientGroup, Pathway, Stage
from directory.models.listing import EXIT_THIS_PAGE_GROUPS, EXIT_THIS_PAGE_PATHWAYS
from directory.public import bp
from directory.public.forms import NearForm
from directory.safety import crisis
from directory.search import SORTS, find_services, general_advice_services, record_search
from directory.search import clean as clean_query

# Far past any last page, and small enough for every database's integers (a page number of
# twenty digits overflowed SQLite's).
MAX_PAGE = 100_000


def _page_number() -> int:
    try:
        return min(max(1, int(request.args.get("page", 1))), MAX_PAGE)
    except ValueError:
        return 1


def filter_options() -> dict:
    """The choices offered in the filter panel."""
    return {
        "area": catalogue.active_terms(Area),
        "client_group": catalogue.active_terms(ClientGroup),
        "stage": catalogue.active_terms(Stage),
    }


@bp.app_context_processor
def crisis_panel_lines() -> dict:
    return {"crisis_panel_lines": crisis.panel_lines}


@bp.app_template_filter("opening_state")
def opening_state_now(schedule) -> OpeningState | None:
    """"Open now, closes 4pm" for a service's schedule rows, on every page that lists one."""
    return opening_state(schedule, london_now())


@bp.get("/help-now")
def help_now():
    return render_template("public/help_now.html", exit_this_page=True)


@bp.get("/cover-your-tracks")
def cover_your_tracks():
    return render_template("public/cover_your_tracks.html", exit_this_page=True)


@bp.get("/")
def home():
    counts = catalogue.pathway_counts()
    pathways = catalogue.active_terms(Pathway)
    return render_template(
        "public/home.html", pathways=pathways, counts=counts
    )


@bp.get("/pathways/<slug>")
def pathway(slug: str):
    pathway = db.session.scalar(select(Pathway).where(Pathway.slug == slug, ~Pathway.retired))
    if pathway is None:
        abort(404)
    filters = catalogue.ServiceFilters.from_args(request.args, pathway=slug)
    near = NearForm(request.args)
    found = None
    if near.near.data or near.open_now.data:
        # Nearest first and open now come from the search index, as on the search page.
        found = find_services("", filters, "relevance", _page_number(), near.near.data,
                              near.open_now.data)
        near.show_problem(found.near_problem)
        results = found.results
        results.items, stop_hurting = safety.split_for_people_who_harm(results.items)
        listed = results.total
    else:
        results, stop_hurting = safety.pathway_listing(filters, _page_number())
        listed = results.total + len(stop_hurting)
    exit_this_page = slug in EXIT_THIS_PAGE_PATHWAYS or safety.any_needs_exit(
        [*results.items, *stop_hurting])
    return render_template(
        "public/pathway.html",
        pathway=pathway,
        filters=filters,
        options=filter_options(),
        results=results,
        listed=listed,
        found=found,
        form=near,
        stop_hurting=stop_hurting,
        stop_hurting_heading=safety.STOP_HURTING_HEADING,
        exit_this_page=exit_this_page,
        crisis_reading=crisis.pathway_panel(slug),
    )


@bp.get("/services/<uuid:service_id>")
def service(service_id: uuid.UUID):
    service = catalogue.get_public_service(service_id)
    if service is None:
        abort(404)
    return render_template(
        "public/service.html",
        service=service,
        opening_times=catalogue.opening_times(service.schedule),
        overdue=catalogue.is_overdue(service),
        exit_this_page=safety.service_needs_exit(service),
    )


@bp.get("/organisations/<uuid:organisation_id>")
def organisation(organisation_id: uuid.UUID):
    organisation = catalogue.get_public_organisation(organisation_id)
    if organisation is None:
        abort(404)
    support, stop_hurting = safety.split_for_people_who_harm(
        catalogue.organisation_services(organisation))
    return render_template(
        "public/organisation.html",
        organisation=organisation,
        services=support,
        stop_hurting=stop_hurting,
        stop_hurting_heading=safety.STOP_HURTING_HEADING,
        exit_this_page=safety.organisation_needs_exit(organisation),
    )


@bp.get("/exit")
def exit_this_page():
    """Quick exit: forget everything we hold for this browser, then leave the site."""
    session.clear()
    response = redirect(current_app.config["EXIT_PAGE_URL"])
    response.headers["Cache-Control"] = "no-store"
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


INFORMATION_PAGES = {
    "about": "About this website",
    "privacy": "Privacy",
    "cookies": "Cookies",
    "accessibility": "Accessibility statement",
}


def _information_page(name: str):
    return lambda: render_template(f"public/{name}.html", title=INFORMATION_PAGES[name])


for _name in INFORMATION_PAGES:
    bp.add_url_rule(f"/{_name}", _name, _information_page(_name), methods=["GET"])


@bp.get("/search")
def search():
    query_text = clean_query(request.args.get("q"))
    filters = catalogue.ServiceFilters.from_args(request.args)
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "relevance"
    near = NearForm(request.args)
    found = find_services(query_text, filters, sort, _page_number(), near.near.data,
                          near.open_now.data)
    near.show_problem(found.near_problem)
    reading = crisis.read(query_text)
    if not reading.shows_panel:
        record_search(query_text, filters, found)
    elif found.results.page == 1:
        crisis.count_search()  # never the words: only how many today
    nothing_found = not found.results.items and bool(query_text or filters.as_args())
    return render_template(
        "public/search.html",
        query_text=query_text,
        filters=filters,
        options={"pathway": catalogue.active_terms(Pathway), **filter_options()},
        found=found,
        results=found.results,
        sort=sort,
        pathways=catalogue.active_terms(Pathway) if nothing_found else [],
        advice=general_advice_services() if nothing_found else [],
        crisis_reading=reading,
        form=near,
        split_for_people_who_harm=safety.split_for_people_who_harm,
        stop_hurting_heading=safety.STOP_HURTING_HEADING,
        exit_this_page=reading.exit_this_page or filters.pathway in EXIT_THIS_PAGE_PATHWAYS
        or filters.client_group in EXIT_THIS_PAGE_GROUPS
        or safety.any_needs_exit(found.results.items),
    )
