"""`make run`'s set-up steps work on a machine with no SECRET_KEY, as the README promises."""

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(not (REPO / ".venv" / ".installed").exists() or not shutil.which("make"),
                    reason="needs the .venv that `make test` builds")
def test_make_seed_migrates_and_loads_the_demo_without_a_secret_key(tmp_path):
    env = {k: v for k, v in os.environ.items()
           if k not in ("SECRET_KEY", "FLASK_DEBUG", "TEST_DATABASE_URL")}
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    env["SEARCH_INDEX_DIR"] = str(tmp_path / "index")
    result = subprocess.run(["make", "--no-print-directory", "seed"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert re.search(r"Loaded \d+ organisations and \d+ services", result.stdout)
