"""Creating an app registers both commit hooks: nothing has to import the audit log or the
search index's sync for its side effects."""

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, sys
from sqlalchemy import func, select
from directory import create_app
from directory.extensions import db
from directory.models import AuditEntry, Organisation, Service, ServiceStatus

app = create_app({"TESTING": True, "SECRET_KEY": "x", "PUBLIC_URL": "http://localhost",
                  "SQLALCHEMY_DATABASE_URI": "sqlite:///" + sys.argv[1] + "/db.sqlite3",
                  "SEARCH_INDEX_DIR": sys.argv[1] + "/index"})
with app.app_context():
    db.create_all()
    organisation = Organisation(name="Helping Hands")
    db.session.add(Service(name="Move-on housing", organisation=organisation,
                           status=ServiceStatus.PUBLISHED, summary="Rooms after prison"))
    db.session.commit()
    audited = db.session.scalar(select(func.count()).select_from(AuditEntry))
    from directory import search
    print(json.dumps({"audited": audited, "found": len(search.ranked_ids("housing"))}))
"""


def test_a_change_through_the_session_is_audited_and_indexed_in_a_fresh_process(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=120, check=True)
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"audited": 2, "found": 1}  # the organisation and the service
