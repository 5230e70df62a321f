"""Load test: many people at once against gunicorn on loopback, for a bounded time.

    .venv/bin/python benchmarks/load.py [--clients 50] [--seconds 60] [--workers 4]

Starts its own gunicorn (gunicorn.conf.py, production settings) on 127.0.0.1 over a fresh
SQLite database with the demo data (or DATABASE_URL if set), runs a mix of browsing, searching,
service pages and, where the app has an edit route, signed-in edits; then stops gunicorn and
prints a table: requests, throughput, median and p95 per page type, and their ratio to /healthz
(a minimal route on the same server in the same run). Exits non-zero on any 5xx or lost edit.
"""

import argparse
import http.client
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import quote, urlencode

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
SEARCH_WORDS = ["housing", "debt", "drugs", "alcohol", "job", "mental health", "family",
                "women", "norwich", "hosing", "benifits", "work", "money", "prison", "cv"]
PATHWAYS = ["accommodation", "attitudes-thinking-behaviour", "domestic-abuse", "drugs-alcohol",
            "education-training-employment", "finance-benefits-debt", "health",
            "sex-workers-support", "social-networks"]
AREAS = ["norwich", "breckland", "broadland", "great-yarmouth", "north-norfolk"]
# Page type → share of requests.
MIX = {"healthz": 10, "home": 10, "pathway": 25, "search": 25, "service": 25, "edit": 5}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare_site(workdir: Path) -> dict:
    """Environment for a production-like site with the demo data, migrated and seeded."""
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{workdir / 'load.sqlite3'}")
    env.update(SECRET_KEY="load-test-" + os.urandom(8).hex(), FLASK_DEBUG="0",
               SEARCH_INDEX_DIR=str(workdir / "search-index"))
    flask = [str(VENV_BIN / "flask"), "--app", "app"]
    for command in (["db", "upgrade"], ["seed"]):
        subprocess.run(flask + command, cwd=ROOT, env=env, check=True, capture_output=True)
    return env


class Site:
    """What the clients ask for: ids of real pages, read once before the run."""

    def __init__(self, env: dict):
        os.environ.update(DATABASE_URL=env["DATABASE_URL"], SECRET_KEY=env["SECRET_KEY"],
                          SEARCH_INDEX_DIR=env["SEARCH_INDEX_DIR"])
        sys.path.insert(0, str(ROOT))
        from sqlalchemy import select

        from directory import create_app
        from directory.extensions import db
        from directory.models import Service, ServiceStatus

        self.app = create_app()
        with self.app.app_context():
            self.service_ids = [str(i) for i in db.session.scalars(
                select(Service.id).where(Service.status == ServiceStatus.PUBLISHED))]
        self.edits = edit_support(self.app)


def edit_support(app):
    """The signed-in edit route, once the admin side has one (issue 4); else None."""
    return next((rule for rule in app.url_map.iter_rules()
                 if rule.endpoint == "admin.edit_service"), None)


def request_for(kind: str, site: Site, rng: random.Random) -> str:
    if kind == "healthz":
        return "/healthz"
    if kind == "home":
        return "/"
    if kind == "pathway":
        args = {"area": rng.choice(AREAS)} if rng.random() < 0.5 else {}
        return f"/pathways/{rng.choice(PATHWAYS)}?" + urlencode(args)
    if kind == "search":
        return "/search?q=" + quote(rng.choice(SEARCH_WORDS))
    return f"/services/{rng.choice(site.service_ids)}"


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.times = defaultdict(list)
        self.errors = defaultdict(list)

    def record(self, kind: str, seconds: float, status: int, url: str) -> None:
        with self.lock:
            self.times[kind].append(seconds)
            if status >= 500 or status == 0:
                self.errors[kind].append(f"{status} {url}")


def fetch(port: int, url: str, method="GET", body=None, headers=None, with_headers=False):
    """(status, body) or, with_headers, (status, body, headers); status 0 if no answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, url, body=body, headers=headers or {})
        response = connection.getresponse()
        answer = (response.status, response.read(), response.getheaders())
    except OSError:
        answer = (0, b"", [])
    finally:
        connection.close()
    return answer if with_headers else answer[:2]


def client_loop(port, site, results, stop_at, seed, editor, mix):
    rng = random.Random(seed)
    kinds = [k for k in mix if k != "edit" or editor is not None]
    weights = [mix[k] for k in kinds]
    while time.monotonic() < stop_at:
        kind = rng.choices(kinds, weights)[0]
        started = time.perf_counter()
        if kind == "edit":
            status, url = editor.edit(rng)
        else:
            url = request_for(kind, site, rng)
            status, _ = fetch(port, url)
        results.record(kind, time.perf_counter() - started, status, url)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def print_table(baseline: Results, results: Results, seconds: float, base_seconds) -> None:
    base = baseline.times["healthz"]
    base_median, base_p95 = statistics.median(base), percentile(base, 0.95)
    print(f"\nbaseline: /healthz alone, {len(base) / base_seconds:.1f} req/s, median "
          f"{base_median * 1000:.1f} ms, p95 {base_p95 * 1000:.1f} ms")
    print(f"\n{'page type':<10} {'requests':>8} {'req/s':>7} {'median ms':>10} {'p95 ms':>8} "
          f"{'median ×healthz':>16} {'p95 ×healthz':>13} {'5xx':>4}")
    for kind in MIX:
        times = results.times.get(kind)
        if not times:
            print(f"{kind:<10} {'not run: no edit route in this app':>40}")
            continue
        median, p95 = statistics.median(times), percentile(times, 0.95)
        print(f"{kind:<10} {len(times):>8} {len(times) / seconds:>7.1f} {median * 1000:>10.1f} "
              f"{p95 * 1000:>8.1f} {median / base_median:>16.1f} {p95 / base_p95:>13.1f} "
              f"{len(results.errors.get(kind, [])):>4}")
    total = sum(len(t) for t in results.times.values())
    print(f"{'all':<10} {total:>8} {total / seconds:>7.1f}   (the mix runs at "
          f"{total / seconds / (len(base) / base_seconds):.0%} of /healthz's throughput)")


def start_gunicorn(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    env = dict(env, BIND=f"127.0.0.1:{port}", WORKERS=str(workers), ACCESS_LOG="")
    with log.open("w") as log_file:
        process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "--config", "gunicorn.conf.py", "app:app"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log_file)
    deadline = time.monotonic() + 30
    while fetch(port, "/healthz")[0] != 200:
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise SystemExit("gunicorn did not start: " + log.read_text()[-2000:])
        time.sleep(0.2)
    return process


def server_errors(log: Path) -> str:
    """The last lines of the server's log that explain a 5xx (its exception)."""
    lines = log.read_text().splitlines()
    errors = [line for line in lines if "Error" in line or "Exception" in line]
    return "\n".join(errors[-5:])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="load-") as workdir:
        env = prepare_site(Path(workdir))
        site = Site(env)
        port = free_port()
        log = Path(workdir) / "gunicorn.log"
        server = start_gunicorn(env, port, options.workers, log)
        try:
            editor = make_editor(site, port) if site.edits else None
            # The baseline first, on the same server: a route that does no page work.
            base_seconds = max(5.0, options.seconds / 6)
            baseline = run_clients(port, site, options.clients, base_seconds, None,
                                   {"healthz": 1})
            results = run_clients(port, site, options.clients, options.seconds, editor, MIX)
            lost = editor.verify() if editor else []  # while the server still runs
        finally:
            server.terminate()
            server.wait(timeout=30)
        print(f"{options.clients} clients for {options.seconds:.0f} s against gunicorn with "
              f"{options.workers} workers on loopback ({env['DATABASE_URL'].split(':')[0]})")
        print_table(baseline, results, options.seconds, base_seconds)
        for kind, errors in (baseline.errors | results.errors).items():
            print(f"5xx or no answer on {kind}: {len(errors)}, e.g. {errors[:3]}")
        if baseline.errors or results.errors:
            print("server log:\n" + server_errors(log))
        if editor is not None:
            print(f"edits saved: {len(editor.saved)}, refused as conflicts (409): "
                  f"{editor.conflicts}, lost (not in the database or not found by search): "
                  f"{len(lost)}" + (f", e.g. {lost[:3]}" if lost else ""))
        else:
            print("edits: not run (this app has no service edit route yet)")
        return 1 if baseline.errors or results.errors or lost else 0


def run_clients(port, site, clients: int, seconds: float, editor, mix: dict) -> Results:
    results = Results()
    stop_at = time.monotonic() + seconds
    threads = [threading.Thread(target=client_loop, daemon=True,
                                args=(port, site, results, stop_at, n, editor, mix))
               for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return results


def make_editor(site, port):
    sys.path.insert(0, str(ROOT))
    from benchmarks.load_edits import Editor

    return Editor(site, port, fetch)


if __name__ == "__main__":
    sys.exit(main())
