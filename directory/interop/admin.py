"""The board's open-data pages: admins upload imports; every signed-in member may download the
whole published directory."""

import uuid

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxInput,
    GovFileInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import BooleanField, SelectField, StringField, SubmitField
from wtforms.validators import URL, DataRequired, Length

from directory.auth.permissions import declared_only, role_required
from directory.extensions import db
from directory.forms import choices
from directory.interop import exporting, feeds, importing
from directory.models import Feed
from directory.models.accounts import Role

imports_bp = Blueprint("data_admin", __name__, url_prefix="/admin/data")
declared_only(imports_bp)
exports_bp = Blueprint("data_export", __name__, url_prefix="/admin/data/export")
declared_only(exports_bp)


class ImportForm(FlaskForm):
    file = FileField(
        "Upload a file", widget=GovFileInput(),
        description="Open Referral UK JSON (services, organizations or service_at_locations; "
                    "HSDS 3.0 or the older v1 pages), the HSDS tabular package as a zip file, "
                    "or our CSV.",
        validators=[FileRequired("Choose a file to import")],
    )
    check_only = BooleanField("Check the file only: do not save anything",
                              widget=GovCheckboxInput())
    submit = SubmitField("Import", widget=GovSubmitInput())


@imports_bp.route("/", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def upload():
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        upload_file = form.file.data
        data = upload_file.read(importing.LARGEST_UPLOAD + 1)
        if len(data) > importing.LARGEST_UPLOAD:
            form.file.errors.append(
                f"The file is bigger than {importing.LARGEST_UPLOAD // 2**20} MB, too big to "
                "import here before the page times out. Import it on the server instead: "
                "flask import FILE --dry-run to check it, then flask import FILE")
        else:
            report = importing.import_file(data, upload_file.filename or "",
                                           dry_run=form.check_only.data)
    return render_template("data_admin/upload.html", form=form, report=report,
                           problem_rows=_problem_rows(report))


def _problem_rows(report, limit: int = 500) -> list:
    if report is None:
        return []
    return [[{"text": p.record}, {"text": p.field}, {"text": p.message}]
            for p in report.errors[:limit]]


class FeedForm(FlaskForm):
    name = StringField("Name", widget=GovTextInput(), description="For example: Suffolk",
                       validators=[DataRequired("Enter a name for the feed"), Length(max=80)])
    url = StringField("Address of its API", widget=GovTextInput(),
                      description="Its root, for example https://directory.example.org/api",
                      validators=[DataRequired("Enter the address of its API"),
                                  URL(message="Enter an address starting with https://"),
                                  Length(max=500)])
    every = SelectField("Pull it by itself", widget=GovSelect(), default="", choices=choices({
        "": "No, only when someone presses Pull now", "6": "Every 6 hours",
        "24": "Every day", "168": "Every week"}))
    submit = SubmitField("Add feed", widget=GovSubmitInput())


class PullForm(FlaskForm):
    submit = SubmitField("Pull now", widget=GovSubmitInput())


@imports_bp.route("/feeds", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def feed_list():
    form = FeedForm()
    if form.validate_on_submit():
        try:
            feed = feeds.add_feed(form.name.data, form.url.data,
                                  int(form.every.data) if form.every.data else None)
        except feeds.FeedError as error:
            form.name.errors.append(str(error))
        else:
            flash(f"Added the feed {feed.name}. Pull it now to bring in its services.")
            return redirect(url_for(".feed_list"))
    return render_template("data_admin/feeds.html", form=form, feeds=feeds.all_feeds(),
                           pull_form=PullForm())


@imports_bp.post("/feeds/<uuid:feed_id>/pull")
@role_required(Role.ADMIN)
def feed_pull(feed_id: uuid.UUID):
    feed = db.get_or_404(Feed, feed_id)
    if PullForm().validate_on_submit():
        report = feeds.pull(feed)
        flash(f"Pulled {feed.name}: {report.lines()[0]}" if report.ok
              else f"{feed.name} was not pulled: see its last result.")
    return redirect(url_for(".feed_list"))


@exports_bp.get("/")
@role_required(*Role.ALL)
def index():
    return render_template("data_admin/export.html")


@exports_bp.get("/<file_format>")
@role_required(*Role.ALL)
def download(file_format: str):
    if file_format not in exporting.FORMATS:
        abort(404)
    return Response(
        exporting.export_text(file_format),
        mimetype=exporting.FORMATS[file_format],
        headers={"Content-Disposition":
                 f'attachment; filename="{exporting.filename_for(file_format)}"'},
    )
