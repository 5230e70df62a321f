"""'Send as a text message': a shortlist sent to a phone through GOV.UK Notify."""

from flask import abort, render_template, request
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import StringField, SubmitField
from wtforms.validators import ValidationError

from directory import safety
from directory.finder import bp, shortlist, text_message
from directory.setup.links import external_url
from directory.suggestions.queue import sender_key


class TextMessageForm(FlaskForm):
    phone_number = StringField(
        "Mobile phone number", widget=GovTextInput(),
        description="For example, 07700 900123. We send the list once. We do not keep the "
                    "number.")
    submit = SubmitField("Send the list", widget=GovSubmitInput())

    def validate_phone_number(self, field) -> None:
        if not (field.data or "").strip():
            raise ValidationError("Enter a mobile phone number")
        if text_message.uk_mobile_number(field.data) is None:
            raise ValidationError("Enter a UK mobile phone number, like 07700 900123")


@bp.route("/shortlist/text", methods=["GET", "POST"])
def send_shortlist_by_text():
    if not text_message.enabled():
        abort(404)
    services = shortlist.shortlisted_services(shortlist.parse_ids(request.args.get("services")))
    if not services:
        abort(404)
    ids = shortlist.format_ids([service.id for service in services])
    form = TextMessageForm()
    page = {"services": services, "ids": ids, "form": form,
            "exit_this_page": safety.any_needs_exit(services)}
    if not form.validate_on_submit():
        return render_template("finder/text_message.html", **page), 400 if form.errors else 200
    key = sender_key(request.remote_addr or "unknown")
    refusal = text_message.too_many(key)
    if refusal:
        form.phone_number.errors = [refusal]
        return render_template("finder/text_message.html", **page), 429
    live_url = external_url("finder.shortlist", services=ids)
    try:
        text_message.send(text_message.uk_mobile_number(form.phone_number.data),
                          text_message.list_message(services, live_url), key)
    except text_message.TextNotSent:
        form.phone_number.errors = [
            "The text could not be sent. Check the number, or try again later."]
        return render_template("finder/text_message.html", **page), 502
    return render_template("finder/text_message.html", sent=True, **page)
