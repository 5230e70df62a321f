"""Static checks that the code and its dependencies carry no known security problem."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# Nothing here depends on the database: run once, on the SQLite pass.
pytestmark = pytest.mark.skipif(
    bool(os.environ.get("TEST_DATABASE_URL")), reason="checked on the SQLite run")


def test_bandit_finds_nothing_in_the_app():
    result = subprocess.run(
        [sys.executable, "-m", "bandit", "-r", "directory", "-f", "json", "-q"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    findings = json.loads(result.stdout)["results"]
    assert findings == [], "\n".join(
        f"{f['filename']}:{f['line_number']} {f['test_id']} {f['issue_text']}" for f in findings)


def test_no_installed_dependency_has_a_known_vulnerability():
    result = subprocess.run(
        [sys.executable, "-m", "pip_audit", "--skip-editable", "--format", "json",
         "--progress-spinner", "off"],
        cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    try:
        dependencies = json.loads(result.stdout)["dependencies"]
    except (ValueError, KeyError):
        pytest.skip(f"pip-audit could not run: {result.stderr.strip()[-300:]}")
    vulnerable = [d for d in dependencies if d.get("vulns")]
    assert vulnerable == [], "\n".join(
        f"{d['name']} {d['version']}: {', '.join(v['id'] for v in d['vulns'])}"
        for d in vulnerable)
    audited = [d for d in dependencies if "skip_reason" not in d]
    if not audited:
        pytest.skip(f"pip-audit could not reach PyPI's vulnerability data: none of "
                    f"{len(dependencies)} packages audited")
