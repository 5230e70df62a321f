import uuid

from flask import abort, flash, redirect, render_template, request, url_for

from directory import safety
from directory.listings import catalogue
from directory.suggestions import bp, queue
from directory.suggestions.forms import SuggestionForm


@bp.route("/services/<uuid:service_id>/suggest", methods=["GET", "POST"])
def suggest(service_id: uuid.UUID):
    service = catalogue.get_public_service(service_id)
    if service is None:
        abort(404)
    form = SuggestionForm()
    if form.validate_on_submit():
        key = queue.sender_key(request.remote_addr or "unknown")
        if queue.too_many_from(key):
            form.details.errors = [*form.details.errors,
                                   "You have sent a lot of suggestions. Try again in an hour."]
            return render_template("suggestions/suggest.html", form=form, service=service,
                                   exit_this_page=safety.service_needs_exit(service)), 429
        if not form.from_robot:
            queue.add_suggestion(service, form.kind.data, form.details.data or "",
                                 form.email.data or "", key)
        flash("Thank you. The people who run this listing will check it.", "success")
        return redirect(url_for("public.service", service_id=service_id))
    return render_template("suggestions/suggest.html", form=form, service=service,
                           exit_this_page=safety.service_needs_exit(service))
