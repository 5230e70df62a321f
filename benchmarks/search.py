"""Search speed on synthetic directories, against SQLite FTS5 (bm25) measured in the same run.

    .venv/bin/python benchmarks/search.py                    # 1,000 and 10,000 services
    .venv/bin/python benchmarks/search.py --sizes 100000     # the big one (takes a while)

Synthetic services are demo services (seed/) with shuffled sentences, a few other words and
a town, so word frequencies look like a real directory's. For each size: build time and size
of the index (built from the database, as `flask search rebuild` does), query latency
(median and p95) over a fixed mix of plain, misspelt, filtered and faceted searches, and how
long a single edit takes to show in search (commit -> index updated by the commit hook ->
found). Every Whoosh search computes the counts per filter option, as the search page does;
the FTS5 "faceted" searches compute counts too. FTS5 gets the words as typed (with its Porter
stemmer) and no synonyms or typo tolerance, so its misspelt searches find nothing.

Then the whole `/search` page through the test client (understanding, results rendered,
the search log written), and the expensive searches: a 2,000-character query and one long
made-up word against plain searches, measured in the same run.

Targets (issue 3): at 10k p95 <= 30 ms and <= 5x FTS5's p95; at 100k p95 <= 150 ms;
a single edit visible in <= 200 ms. Issue 12: page p95 <= 40 ms and engine p95 <= 30 ms at
10k, engine p95 <= 150 ms at 100k, with concept ranking and places on. Issue 14: the worst
case costs <= 3x a plain search.
"""

import argparse
import os
import random
import re
import sqlite3
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import yaml  # noqa: E402
from sqlalchemy import insert  # noqa: E402

from directory import create_app  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.models import TAXONOMIES, Organisation, Service  # noqa: E402
from directory.search import engine, indexing, understand  # noqa: E402

SEED = Path(__file__).resolve().parent.parent / "seed"
TAXONOMY = yaml.safe_load((SEED / "taxonomies.yaml").read_text())
SLUGS = {"pathway": [t["slug"] for t in TAXONOMY["pathways"]],
         "area": [t["slug"] for t in TAXONOMY["areas"]],
         "client_group": [t["slug"] for t in TAXONOMY["client_groups"]],
         "stage": [t["slug"] for t in TAXONOMY["stages"]]}
TOWNS = [t["name"] for t in TAXONOMY["areas"]] + ["Thetford", "Dereham", "Cromer", "Diss"]
AREA_NAMES = {t["slug"]: t["name"] for t in TAXONOMY["areas"]}


def demo_services() -> list[dict]:
    """The published demo services: the templates synthetic services are made from, so that
    word frequencies look like a real directory's."""
    services = []
    for path in sorted((SEED / "organisations").glob("*.yaml")):
        record = yaml.safe_load(path.read_text())
        services += [s for s in record.get("services") or []
                     if s.get("status", "published") == "published"]
    return services


QUERIES = {
    "plain": ["housing", "money help", "job after prison", "mental health", "drinking",
              "family visits", "debt advice", "somewhere to live"],
    "misspelt": ["acommodation", "benifits", "hostle", "counseling", "alchohol",
                 "emploment", "mentr", "depresion"],
    "filtered": [("housing", {"area": "norwich"}), ("money", {"client_group": "women"}),
                 ("jobs", {"area": "kings-lynn-west-norfolk", "self_referral": True}),
                 ("recovery", {"stage": "community", "area": "great-yarmouth"})],
    "faceted": [("", {"pathway": "accommodation"}),
                ("advice", {"pathway": "finance-benefits-debt"}),
                ("support", {}), ("", {"area": "breckland", "client_group": "men"})],
    "understood": ["money help great yarmouth", "son in prison great yarmouth",
                   "i get out next week", "drug help in kings lynn", "housing for women",
                   "somewere to live", "housing NR30 2AA", "jobs thetford"],
}
# Searches that cost the most (issue 14 item 7), against the plain ones.
EXPENSIVE = {
    "2,000 characters of made-up words": " ".join(
        "".join(random.Random(n).choices("bcdfghjklmnpqrstvwxz", k=9)) for n in range(200)),
    "one long made-up word (60 letters)": "".join(random.Random(1).choices("qwxzjk", k=60)),
    "one made-up word of 2,000 letters": "".join(random.Random(2).choices("qwxzjk", k=2000)),
    "16 misspelt words": " ".join(["acommodation", "benifits", "hostle", "counseling"] * 4),
}


def synthetic_rows(size: int, rng: random.Random):
    """Organisations, services and their links, as plain rows for bulk inserts. Each service
    is a demo service with its sentences shuffled, a few words from elsewhere in the demo
    data and a town, so that no two are the same."""
    templates = demo_services()
    vocabulary = sorted({w for t in templates for w in re.findall(r"[a-z]+",
                                                                   t["description"].lower())})
    organisations = [{"id": uuid.UUID(int=rng.getrandbits(128)), "name": f"Trust {i}"}
                     for i in range(max(1, size // 4))]
    services, links = [], {name: [] for name in TAXONOMIES}
    for number in range(size):
        template = rng.choice(templates)
        sentences = re.split(r"(?<=[.!?])\s+", template["description"].strip())
        rng.shuffle(sentences)
        town = rng.choice(TOWNS)
        extra = " ".join(rng.choices(vocabulary, k=8))
        service_id = uuid.UUID(int=rng.getrandbits(128))
        services.append({
            "id": service_id, "organisation_id": rng.choice(organisations)["id"],
            "name": f"{template['name']} ({town} {number})",
            "summary": template.get("summary", ""),
            "description": " ".join(sentences) + f" {extra}. In {town}.",
            "status": "published", "version": 1, "keywords": template.get("keywords") or [],
            "self_referral": "self-referral" in (template.get("access") or []),
            "drop_in": "drop-in" in (template.get("access") or []),
            "professional_referral": True, "languages": [],
        })
        for name, (_model, _table, attr) in TAXONOMIES.items():
            links[name] += [(service_id, slug) for slug in template.get(attr) or []]
    return organisations, services, links


def load_database(app, size: int, rng: random.Random) -> list[dict]:
    organisations, services, links = synthetic_rows(size, rng)
    with app.app_context():
        db.create_all()
        term_ids = {}
        for name, (model, _table, _attr) in TAXONOMIES.items():
            slugs = SLUGS[name]
            names = {t["slug"]: t["name"] for t in TAXONOMY[f"{name}s"]}
            rows = [{"id": uuid.uuid4(), "slug": s, "name": names.get(s, s),
                     "position": i, "retired": False, "description": "",
                     **({"county_wide": s == "county-wide"} if name == "area" else {})}
                    for i, s in enumerate(slugs)]
            db.session.execute(insert(model), rows)
            term_ids[name] = {row["slug"]: row["id"] for row in rows}
        db.session.execute(insert(Organisation), organisations)
        for start in range(0, len(services), 5000):
            db.session.execute(insert(Service), services[start:start + 5000])
        for name, (_model, table, _attr) in TAXONOMIES.items():
            rows = [{"service_id": s, "term_id": term_ids[name][slug]} for s, slug in links[name]]
            if rows:
                db.session.execute(insert(table), rows)
        db.session.commit()
    return services, links


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def engine_search(app, searcher, text: str, chosen: dict) -> None:
    """One search as the page makes it: the text understood (places, people), then run."""
    state = app.extensions["search"]
    options = {**SLUGS, "self_referral": [True]}
    areas = {name: slug for slug, name in AREA_NAMES.items()}
    understood = understand(text, options, areas)
    chosen = dict(chosen)
    if understood.place and "area" not in chosen:
        chosen["area"] = understood.place.district
    engine.run(searcher, state.synonyms, text, chosen, options, understood=understood)


def whoosh_latencies(app, repeats: int) -> dict[str, list[float]]:
    state = app.extensions["search"]
    timings = {kind: [] for kind in [*QUERIES, "cpu"]}
    with state.index.searcher() as searcher:
        engine_search(app, searcher, "warm up", {})
        for _ in range(repeats):
            for kind, items in QUERIES.items():
                for item in items:
                    text, chosen = (item, {}) if isinstance(item, str) else item
                    started, cpu = time.perf_counter(), time.process_time()
                    engine_search(app, searcher, text, chosen)
                    timings[kind].append((time.perf_counter() - started) * 1000)
                    timings["cpu"].append((time.process_time() - cpu) * 1000)
    return timings


def page_latencies(app, repeats: int) -> list[float]:
    """The whole /search page through the test client: understanding, the search, results
    and filter counts rendered, the search log written."""
    client = app.test_client()
    every = [item for items in QUERIES.values() for item in items]
    client.get("/search?q=warm+up")
    timings = []
    for _ in range(repeats):
        for item in every:
            text, chosen = (item, {}) if isinstance(item, str) else item
            args = {"q": text, **{k: "1" if v is True else v for k, v in chosen.items()}}
            started = time.perf_counter()
            response = client.get("/search", query_string=args)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
    return timings


def expensive_latencies(app, repeats: int) -> dict[str, list[float]]:
    """Engine CPU time of the plain searches and of each expensive one, in the same run
    (CPU time: a shared machine's waits would blur the ratios)."""
    state = app.extensions["search"]
    timings = {"plain searches": [], **{name: [] for name in EXPENSIVE}}
    with state.index.searcher() as searcher:
        for _ in range(repeats * 3):
            for text in QUERIES["plain"]:
                started = time.process_time()
                engine_search(app, searcher, text, {})
                timings["plain searches"].append((time.process_time() - started) * 1000)
            for name, text in EXPENSIVE.items():
                started = time.process_time()
                engine_search(app, searcher, text, {})
                timings[name].append((time.process_time() - started) * 1000)
    return timings


def build_fts5(path: str, services: list[dict], links: dict) -> float:
    started = time.perf_counter()
    con = sqlite3.connect(path)
    con.execute("create virtual table doc using fts5(name, keywords, description, "
                "tokenize='porter unicode61')")
    con.execute("create table facet (rowid integer, facet text, value text)")
    rowids = {}
    for rowid, service in enumerate(services, 1):
        rowids[service["id"]] = rowid
        con.execute("insert into doc(rowid, name, keywords, description) values (?, ?, ?, ?)",
                    (rowid, service["name"], " ".join(service["keywords"]),
                     service["description"]))
        if service["self_referral"]:
            con.execute("insert into facet values (?, 'self_referral', '1')", (rowid,))
    con.executemany("insert into facet values (?, ?, ?)",
                    [(rowids[s], name, slug) for name, pairs in links.items()
                     for s, slug in pairs])
    con.execute("create index facet_by_value on facet (facet, value, rowid)")
    con.commit()
    con.close()
    return time.perf_counter() - started


def fts5_search(con, text: str, chosen: dict, faceted: bool) -> None:
    words = re.findall(r"\w+", text.lower())
    where, params = [], []
    if words:
        where.append("doc match ?")
        params.append(" OR ".join(f'"{w}"' for w in words))
    for facet, value in chosen.items():
        where.append("doc.rowid in (select rowid from facet where facet = ? and value = ?)")
        params += [facet, "1" if value is True else value]
    clause = ("where " + " and ".join(where)) if where else ""
    order = "order by bm25(doc, 6.0, 2.0, 1.0)" if words else "order by name"
    con.execute(f"select rowid from doc {clause} {order} limit 20", params).fetchall()  # noqa: S608
    if faceted:
        con.execute(f"select facet, value, count(*) from facet where rowid in "  # noqa: S608
                    f"(select doc.rowid from doc {clause}) group by facet, value",
                    params).fetchall()


def fts5_latencies(path: str, repeats: int) -> dict[str, list[float]]:
    con = sqlite3.connect(path)
    timings = {kind: [] for kind in [*QUERIES, "cpu"]}
    for _ in range(repeats):
        for kind, items in QUERIES.items():
            for item in items:
                text, chosen = (item, {}) if isinstance(item, str) else item
                started, cpu = time.perf_counter(), time.process_time()
                fts5_search(con, text, chosen, faceted=kind == "faceted")
                timings[kind].append((time.perf_counter() - started) * 1000)
                timings["cpu"].append((time.process_time() - cpu) * 1000)
    con.close()
    return timings


def edit_latencies(app, services: list[dict], edits: int) -> tuple[list[float], float]:
    """Commit a new name, then search for it: the time until it is found. The edits come
    one straight after another, so the background tidy (off here) never runs between them
    and each search walks one more small segment: the worst case. Then the time the tidy
    takes to make those segments into one, as it does in the background after edits."""
    state = app.extensions["search"]
    timings = []
    with app.app_context():
        for number in range(edits):
            service = db.session.get(Service, services[number]["id"])
            word = f"zebracorn{number}"
            started = time.perf_counter()
            service.name = f"{word} help"
            db.session.commit()
            with state.index.searcher() as searcher:
                outcome = engine.run(searcher, state.synonyms, word, {}, {})
            timings.append((time.perf_counter() - started) * 1000)
            assert outcome.ids == [str(service.id)], "the edit did not show in search"
        started = time.perf_counter()
        assert indexing.tidy(state.index, db.session), "the edits left nothing to tidy"
        tidy = (time.perf_counter() - started) * 1000
    return timings, tidy


def folder_size(path: str) -> float:
    return sum(f.stat().st_size for f in Path(path).iterdir() if f.is_file()) / 1e6


def measure(size: int, repeats: int, edits: int) -> dict:
    rng = random.Random(size)
    with tempfile.TemporaryDirectory() as folder:
        app = create_app({
            "TESTING": True, "SECRET_KEY": "benchmark",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/bench.sqlite3",
            "SEARCH_INDEX_DIR": f"{folder}/index", "SEARCH_RECONCILE_SECONDS": 1e9,
        })
        services, links = load_database(app, size, rng)
        with app.app_context():
            started = time.perf_counter()
            indexing.rebuild(app.extensions["search"].index, db.session)
            whoosh_build = time.perf_counter() - started
        whoosh_size = folder_size(f"{folder}/index")
        whoosh = whoosh_latencies(app, repeats)
        with app.app_context():
            page = page_latencies(app, repeats)
            expensive = expensive_latencies(app, repeats)
        fts5_path = f"{folder}/fts5.sqlite3"
        fts5_build = build_fts5(fts5_path, services, links)
        fts5 = fts5_latencies(fts5_path, repeats)
        fts5_size = os.path.getsize(fts5_path) / 1e6
        edit, tidy = edit_latencies(app, services, edits)
    return {"size": size, "whoosh": whoosh, "fts5": fts5, "edit": edit, "tidy": tidy,
            "page": page, "expensive": expensive,
            "build": (whoosh_build, fts5_build), "bytes": (whoosh_size, fts5_size)}


def print_table(results: list[dict]) -> None:
    kinds = list(QUERIES)
    header = ["services", "engine", "build s", "size MB"] + [f"{k} p50/p95 ms" for k in kinds] \
        + ["all p50/p95 ms", "p95 ratio", "all CPU p50/p95 ms", "CPU p95 ratio"]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for result in results:
        overall, cpu = {}, {}
        for position, engine_name in enumerate(("whoosh", "fts5")):
            timings = result[engine_name]
            every = [t for kind in kinds for t in timings[kind]]
            overall[engine_name] = percentile(every, 0.95)
            cpu[engine_name] = percentile(timings["cpu"], 0.95)
            cells = [f"{result['size']:,}", "Whoosh (ours)" if position == 0 else "SQLite FTS5",
                     f"{result['build'][position]:.1f}", f"{result['bytes'][position]:.1f}"]
            cells += [f"{statistics.median(timings[k]):.1f} / {percentile(timings[k], 0.95):.1f}"
                      for k in kinds]
            cells.append(f"{statistics.median(every):.1f} / {overall[engine_name]:.1f}")
            cells.append(f"{overall['whoosh'] / overall['fts5']:.1f}x" if position else "")
            cells.append(f"{statistics.median(timings['cpu']):.1f} / {cpu[engine_name]:.1f}")
            cells.append(f"{cpu['whoosh'] / max(cpu['fts5'], 0.001):.1f}x" if position else "")
            print("| " + " | ".join(cells) + " |")
    print()
    print("| services | whole /search page (test client, rendered, logged): median / p95 ms "
          "| engine, all searches: median / p95 ms |")
    print("|---|---|---|")
    for result in results:
        every = [t for kind in kinds for t in result["whoosh"][kind]]
        print(f"| {result['size']:,} | {statistics.median(result['page']):.1f} / "
              f"{percentile(result['page'], 0.95):.1f} | {statistics.median(every):.1f} / "
              f"{percentile(every, 0.95):.1f} |")
    print()
    print("| services | search (engine, CPU) | median ms | p95 ms | median vs plain "
          "| p95 vs plain |")
    print("|---|---|---|---|---|---|")
    for result in results:
        plain = result["expensive"]["plain searches"]
        for name, timings in result["expensive"].items():
            ratios = ("", "") if name == "plain searches" else (
                f"{statistics.median(timings) / statistics.median(plain):.1f}x",
                f"{percentile(timings, 0.95) / percentile(plain, 0.95):.1f}x")
            print(f"| {result['size']:,} | {name} | {statistics.median(timings):.1f} | "
                  f"{percentile(timings, 0.95):.1f} | {ratios[0]} | {ratios[1]} |")
    print()
    print("| services | single edit visible in search: median / p95 ms "
          "| then the background tidy of those edits' segments, ms |")
    print("|---|---|---|")
    for result in results:
        edit = result["edit"]
        print(f"| {result['size']:,} | {statistics.median(edit):.0f} / "
              f"{percentile(edit, 0.95):.0f} | {result['tidy']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated corpus sizes (default 1000,10000)")
    parser.add_argument("--repeats", type=int, default=5, help="times each query runs")
    parser.add_argument("--edits", type=int, default=20, help="single edits to time")
    args = parser.parse_args()
    results = []
    load_at_start = os.getloadavg()[0]
    for size in (int(s) for s in args.sizes.split(",")):
        print(f"measuring {size:,} services…", file=sys.stderr)
        results.append(measure(size, args.repeats, args.edits))
    print_table(results)
    load = os.getloadavg()
    print(f"\nLoad average (1 minute) at the start {load_at_start:.1f}, at the end {load[0]:.1f}, "
          f"on {os.cpu_count()} cores "
          "(wall-clock times include waiting for a shared CPU; CPU times do not).")


if __name__ == "__main__":
    main()
