"""The board's open-data pages: admins upload imports; every signed-in member may download the
whole published directory."""

from flask import Blueprint, Response, abort, render_template
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovFileInput, GovSubmitInput
from wtforms import BooleanField, SubmitField

from directory.interop import exporting, importing
from directory.models.accounts import Role
from directory.permissions import protect_blueprint

imports_bp = Blueprint("data_admin", __name__, url_prefix="/admin/data")
protect_blueprint(imports_bp, (Role.ADMIN,))
exports_bp = Blueprint("data_export", __name__, url_prefix="/admin/data/export")
protect_blueprint(exports_bp, Role.ALL)


class ImportForm(FlaskForm):
    file = FileField(
        "Upload a file", widget=GovFileInput(),
        description="Open Referral UK JSON (HSDS 3.0 or the older v1 pages) or our CSV.",
        validators=[FileRequired("Choose a file to import")],
    )
    check_only = BooleanField("Check the file only: do not save anything",
                              widget=GovCheckboxInput())
    submit = SubmitField("Import", widget=GovSubmitInput())


@imports_bp.route("/", methods=["GET", "POST"])
def upload():
    form = ImportForm()
    report = None
    if form.validate_on_submit():
        upload_file = form.file.data
        report = importing.import_file(upload_file.read(), upload_file.filename or "",
                                       dry_run=form.check_only.data)
    return render_template("data_admin/upload.html", form=form, report=report,
                           problem_rows=_problem_rows(report))


def _problem_rows(report, limit: int = 500) -> list:
    if report is None:
        return []
    return [[{"text": p.record}, {"text": p.field}, {"text": p.message}]
            for p in report.errors[:limit]]


@exports_bp.get("/")
def index():
    return render_template("data_admin/export.html")


@exports_bp.get("/<file_format>")
def download(file_format: str):
    if file_format not in exporting.FORMATS:
        abort(404)
    return Response(
        exporting.export_text(file_format),
        mimetype=exporting.FORMATS[file_format],
        headers={"Content-Disposition":
                 f'attachment; filename="{exporting.filename_for(file_format)}"'},
    )
