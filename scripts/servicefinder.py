"""Build Open Referral UK's ServiceFinder and run it against a local copy of this site.

    .venv/bin/python scripts/servicefinder.py                # clone, build, run, check
    .venv/bin/python scripts/servicefinder.py --site http://127.0.0.1:5000   # a running site
    .venv/bin/python scripts/servicefinder.py --source /path/to/ServiceFinder.git

What it does:
1. Clones OpenReferralUK/ServiceFinder (`--source`, at `--commit`) into `--work`, pins
   react-scripts to 4.0.3 (the 5.x the repository names does not build its code today),
   installs with npm (`--legacy-peer-deps`), and builds with
   NODE_OPTIONS=--openssl-legacy-provider. A finished build is reused; `--rebuild` redoes it.
   The jQuery, Popper and Bootstrap files its page loads from CDNs are installed from npm too.
2. Unless `--site` is given, starts this site on a free port with the demo data, in its own
   SQLite file and search index under `--work` (nothing of yours is touched).
3. Serves the build on another free port, with its API address set to `<site>/api/v1`, and
   drives it in Chromium (Playwright) as a frontline worker would: the start page loads our
   pathways, a text search, a pathway search, paging, a service's details, its print page.
   Requests to any other site are answered from the npm copies (the CDN scripts) or
   refused (fonts, maps), so nothing leaves the machine.
4. Prints one line per flow and saves screenshots at 1280 and 320 pixels wide in `--work`.
   Exits 1 if a flow fails.
"""

import argparse
import contextlib
import functools
import http.server
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = "https://github.com/OpenReferralUK/ServiceFinder.git"
COMMIT = "d7020e53aecaef436b8fcb5be2375cea02dc5eb4"
# What the page loads from CDNs -> the same files from npm.
CDN_FILES = {
    "https://code.jquery.com/jquery-3.4.1.js": "jquery/dist/jquery.js",
    "https://cdnjs.cloudflare.com/ajax/libs/popper.js/1.14.7/umd/popper.min.js":
        "popper.js/dist/umd/popper.min.js",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/js/bootstrap.min.js":
        "bootstrap/dist/js/bootstrap.min.js",
    "https://stackpath.bootstrapcdn.com/bootstrap/4.3.1/css/bootstrap.min.css":
        "bootstrap/dist/css/bootstrap.min.css",
}
CDN_PACKAGES = ["jquery@3.4.1", "popper.js@1.14.7", "bootstrap@4.3.1"]


def run(command: list[str], cwd: Path, **env) -> None:
    print("$", " ".join(command), flush=True)
    subprocess.run(command, cwd=cwd, check=True,  # noqa: S603 (our own fixed commands)
                   env={**os.environ, **env}, stdout=subprocess.DEVNULL)


def build(work: Path, source: str, commit: str, rebuild: bool) -> Path:
    client = work / "ServiceFinder"
    if (client / "build" / "index.html").exists() and not rebuild:
        return client / "build"
    if not client.exists():
        run(["git", "clone", "--quiet", source, str(client)], work)
    run(["git", "checkout", "--quiet", "--force", commit], client)
    run(["npm", "pkg", "set", "dependencies.react-scripts=4.0.3"], client)
    run(["npm", "install", "--legacy-peer-deps", "--no-audit", "--no-fund"], client)
    run(["npm", "install", "--no-save", "--legacy-peer-deps", "--no-audit", "--no-fund",
         *CDN_PACKAGES], client)
    run(["npx", "react-scripts", "build"], client, CI="false",
        NODE_OPTIONS="--openssl-legacy-provider")
    return client / "build"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(url, timeout=5):  # noqa: S310 (our own loopback)
                return
        except OSError:
            if time.monotonic() > deadline:
                raise SystemExit(f"{url} did not answer within {seconds:.0f} s") from None
            time.sleep(0.5)


@contextlib.contextmanager
def local_site(work: Path):
    """This site with the demo data, on a free port, in files of its own."""
    data = work / "site"
    shutil.rmtree(data, ignore_errors=True)
    data.mkdir(parents=True)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{data / 'site.sqlite3'}",
           "SEARCH_INDEX_DIR": str(data / "index"), "FLASK_DEBUG": "1"}
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    log = (data / "site.log").open("w")
    for step in (["db", "upgrade"], ["seed"]):
        subprocess.run(flask + step, cwd=ROOT, env=env, check=True,  # noqa: S603 (fixed)
                       stdout=log, stderr=log)
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 (our own fixed command)
        flask + ["run", "--port", str(port), "--no-reload", "--no-debugger"],
        cwd=ROOT, env={**env, "FLASK_DEBUG": "0", "SECRET_KEY": os.urandom(16).hex()},
        stdout=log, stderr=log)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/v1/")
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


class SinglePageHandler(http.server.SimpleHTTPRequestHandler):
    """Files from the build; any other address is the app's page (it routes in the browser)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if not path.exists():
            self.path = "/index.html"
        return super().send_head()

    def log_message(self, *args):
        pass


@contextlib.contextmanager
def client_server(build_dir: Path, api: str):
    served = Path(tempfile.mkdtemp(prefix="servicefinder-"))
    shutil.copytree(build_dir, served, dirs_exist_ok=True)
    config = {"config": {"API_URL_BASE_DEFAULT": api}}
    (served / "settingsConfig.json").write_text(json.dumps(config))
    handler = functools.partial(SinglePageHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", config
    finally:
        server.shutdown()
        shutil.rmtree(served, ignore_errors=True)


class Flows:
    """Each flow a frontline worker would try, as one line of the report."""

    def __init__(self, page, client: str, api: str, shots: Path):
        self.page, self.client, self.api, self.shots = page, client, api, shots
        self.results: list[tuple[str, bool, str]] = []

    def check(self, name: str, flow) -> None:
        try:
            detail = flow()
            self.results.append((name, True, detail))
        except Exception as error:  # a failed flow is reported, and the others still run
            self.results.append((name, False, f"{type(error).__name__}: {error}"[:200]))
            self.shot(f"failed-{name}")

    def shot(self, name: str) -> None:
        for width in (1280, 320):
            self.page.set_viewport_size({"width": width, "height": 900})
            self.page.screenshot(path=self.shots / f"{name}-{width}.png", full_page=True)
        self.page.set_viewport_size({"width": 1280, "height": 900})

    def _open_needs(self) -> list[str]:
        self.page.goto(self.client)
        self.page.get_by_text("Add to Search").first.click()
        self.page.get_by_role("button", name="Needs").first.click()
        choices = self.page.locator("#needs-group option")
        choices.nth(1).wait_for(state="attached", timeout=20_000)
        return choices.all_inner_texts()[1:]

    def start_page(self) -> str:
        needs = self._open_needs()
        assert "Accommodation" in needs, needs
        self.shot("start")
        return f"the Needs list holds our {len(needs)} pathways ({needs[0]}, …)"

    def _results_count(self) -> int:
        heading = self.page.get_by_text("Results (").first
        heading.wait_for(timeout=20_000)
        return int(heading.inner_text().split("(")[1].split(")")[0])

    def text_search(self) -> str:
        self.page.goto(self.client)
        self.page.locator("#searchInput").first.fill("housing")
        self.page.get_by_role("button", name="Search").last.click()
        found = self._results_count()
        assert found > 0, "no results"
        self.shot("text-search")
        return f"'housing': {found} results"

    def need_search(self) -> str:
        self._open_needs()
        self.page.select_option("#needs-group", label="Accommodation")
        # The "add" button beside the list (SearchMethod Needs-component.jsx).
        self.page.locator("#needs-group").locator("xpath=../..").locator("button").click()
        self.page.get_by_role("button", name="Search").last.click()
        found = self._results_count()
        assert found > 0, "no results"
        return f"need Accommodation: {found} results"

    def details_from_results(self) -> str:
        self.text_search()
        first = self.page.locator("#resultsDiv").get_by_text("View Details").first
        first.click()
        modal = self.page.locator("#serviceModal")
        modal.get_by_text("Physical Addresses").wait_for(timeout=20_000)
        name = modal.locator("#modalTitle").inner_text()
        assert name, "no name in the details"
        self.shot("details")
        return f"'View Details' shows '{name}' with contact and addresses"

    def next_page(self) -> str:
        self.page.goto(self.client)
        self.page.get_by_role("button", name="Search").last.click()
        everyone = self._results_count()
        first = self.page.locator("#resultsDiv .card-header, #resultsDiv h5").first.inner_text()
        self.page.locator(".page-link", has_text="2").first.click()
        self.page.wait_for_timeout(1500)
        second = self.page.locator("#resultsDiv .card-header, #resultsDiv h5").first.inner_text()
        assert first != second, "page 2 shows the same services"
        return f"all {everyone} services, page 2 differs from page 1"

    def service_details(self) -> str:
        service = json.load(urllib.request.urlopen(  # noqa: S310 (our own loopback)
            f"{self.api}/services/?per_page=200"))["content"]
        placed = next(s for s in service if s["service_at_locations"][0]["location"].get(
            "latitude"))
        self.page.goto(f"{self.client}/service/{placed['id']}")
        self.page.get_by_text(placed["name"]).first.wait_for(timeout=20_000)
        text = self.page.inner_text("body")
        assert "can't find the service" not in text, "the client's error page"
        street = placed["service_at_locations"][0]["location"]["physical_addresses"][0]
        assert street["postal_code"] in text, "no address"
        self.shot("service")
        return f"'{placed['name']}' with its address {street['postal_code']}"

    def service_without_a_place(self) -> str:
        services = json.load(urllib.request.urlopen(  # noqa: S310 (our own loopback)
            f"{self.api}/services/?per_page=200"))["content"]
        placeless = next(s for s in services if s["service_at_locations"][0]["location"][
            "name"] == "No building to visit")
        self.page.goto(f"{self.client}/service/{placeless['id']}")
        self.page.get_by_text(placeless["name"]).first.wait_for(timeout=20_000)
        assert "can't find the service" not in self.page.inner_text("body")
        return f"'{placeless['name']}' opens (no building to visit)"


def drive(client: str, api: str, config: dict, shots: Path) -> list[tuple[str, bool, str]]:
    from playwright.sync_api import sync_playwright

    shots.mkdir(parents=True, exist_ok=True)
    requests: list[tuple[int, str]] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or None)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        # settings.js reads the config at start, before index.html's request for it returns.
        context.add_init_script(
            f"localStorage.setItem('config', {json.dumps(json.dumps(config))});")
        modules = shots.parent / "ServiceFinder" / "node_modules"
        context.route("**/*", functools.partial(_answer_locally, modules=modules,
                                                local=(client, api.rsplit("/api", 1)[0])))
        page = context.new_page()
        page.on("response", lambda r: requests.append((r.status, r.url))
                if "/api/v1" in r.url else None)
        flows = Flows(page, client, api, shots)
        for name in ("start_page", "text_search", "details_from_results", "need_search",
                     "next_page",
                     "service_details", "service_without_a_place"):
            flows.check(name, getattr(flows, name))
        browser.close()
    failed = [f"{status} {url}" for status, url in requests if status != 200]
    flows.results.append(("api_requests", not failed and bool(requests),
                          f"{len(requests)} requests to /api/v1, "
                          + (f"not 200: {failed[:3]}" if failed else "all 200")))
    return flows.results


def _answer_locally(route, request, modules: Path, local: tuple[str, str]) -> None:
    if request.url.startswith(local):
        route.continue_()
    elif request.url in CDN_FILES:
        route.fulfill(path=str(modules / CDN_FILES[request.url]))
    else:
        route.abort()  # fonts, maps: nothing goes to another site


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", help="a running copy of this site (default: start one)")
    parser.add_argument("--source", default=SOURCE, help="ServiceFinder's git repository")
    parser.add_argument("--commit", default=COMMIT)
    parser.add_argument("--work", type=Path, default=ROOT / "test-output" / "servicefinder")
    parser.add_argument("--rebuild", action="store_true")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    build_dir = build(args.work, args.source, args.commit, args.rebuild)
    print(f"built in {time.monotonic() - started:.0f} s: {build_dir}", flush=True)
    site = contextlib.nullcontext(args.site.rstrip("/")) if args.site else local_site(args.work)
    with site as base, client_server(build_dir, f"{base}/api/v1") as (client, config):
        results = drive(client, f"{base}/api/v1", config, args.work / "screenshots")
    print(f"\nServiceFinder {args.commit[:7]} against {base}/api/v1\n")
    for name, ok, detail in results:
        print(f"{'ok  ' if ok else 'FAIL'} {name:<26} {detail}")
    print(f"\nscreenshots: {args.work / 'screenshots'}")
    return 0 if all(ok for _name, ok, _detail in results) else 1


if __name__ == "__main__":
    sys.exit(main())
