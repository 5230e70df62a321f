"""`/healthz`: for load balancers and deploy scripts, and the baseline of benchmarks/load.py."""

from flask import Response
from sqlalchemy import text

from directory.extensions import db
from directory.public import bp


@bp.get("/healthz")
def healthz():
    """Answer "ok" only when this worker can reach the database."""
    db.session.execute(text("SELECT 1"))
    return Response("ok", mimetype="text/plain", headers={"Cache-Control": "no-store"})
