from flask import render_template
from flask_login import current_user

from directory.admin import bp


@bp.get("/")
def dashboard():
    return render_template("admin/dashboard.html", organisations=current_user.organisations)
