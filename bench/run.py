"""The measurements of `make bench`, in order, and the table they fill (bench/bench.py runs this)."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from urllib.parse import quote

from bench.config import APP_PORT, CSV_CAP, DS_PORT, PAIR_SQL, PY, ROOT, app_env, log
from bench.costs import editor_create, editor_remove, page_costs, page_urls, project_queries
from bench.databases import db_time_ms, ensure_pg, ensure_sqlite, pair_counts, pick_pairs
from bench.floor import copy_csv, raw_floor
from bench.report import Run, editors_only, table, write_results
from bench.servers import children, flush_redis, load, start_app, start_datasette, stop, stop_all, stream, wrk

APP = f"http://127.0.0.1:{APP_PORT}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10, help="Seconds per pair measurement.")
    parser.add_argument(
        "--page-duration", type=float, default=3, help="Seconds per page measurement over HTTP (each column)."
    )
    parser.add_argument("--csv-cap", type=float, default=CSV_CAP, help="Seconds before an export is cut.")
    args = parser.parse_args()
    try:
        measure(args.events, args.seed, args.duration, args.csv_cap, args.page_duration)
    finally:
        stop_all()


def measure(n: int, seed: int, duration: float, csv_cap: float, page_duration: float = 3) -> None:
    if not shutil.which("wrk"):
        log("installing wrk from Debian")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
    # Production settings serve hashed static files from a manifest (staticfiles/, git-ignored).
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=app_env("postgres"), check=True
    )
    sizes = sorted({10_000, 100_000, n})
    dbs = {size: ensure_pg(size, seed) for size in sizes}
    csv_sizes = sorted({min(100_000, n), n})
    lites = {size: ensure_sqlite(dbs[size], size) for size in csv_sizes}
    db = dbs[n]
    pairs = pick_pairs(db)

    # 1. The pair query's database time at each size, for a pair with as many events as the
    #    measured pair of the largest database (the same pair, if it has them), so that each
    #    size answers the same question: the newest page of a pair that long. A pair with 123
    #    events at 1M has about one at 10k, and reading no rows says nothing about scale.
    scaling = {}
    for size in sizes:
        counts = pair_counts(dbs[size])
        for label, (low, high, count) in pairs.items():
            same = next((row for row in counts if row[:2] == (low, high)), None)
            if same is None or same[2] != count:
                same = min(counts, key=lambda row: (abs(row[2] - count), row[:2]))
            scaling[(size, label)] = (
                db_time_ms(dbs[size], PAIR_SQL.format(low="%s", high="%s"), same[:2]),
                same[2],
                f"{same[0]}–{same[1]}",
            )
    log("pair query times", scaling)

    # 2. Every page and list, uncached, at the smallest and the largest size.
    pages = {size: page_costs(dbs[size]) for size in (sizes[0], n)}
    log("page costs", pages)

    # 3. Raw floor, project pages and API (stored and uncached), Datasette, per pair; and every
    #    page and list of step 2 over HTTP, by an anonymous reader on the same two servers, then by
    #    a signed-in editor.
    results = {}
    urls = {}
    for label, (low, high, _count) in pairs.items():
        pair = f"{low.lower()}-{high.lower()}"
        urls[label] = {"ties": f"/ties/{pair}/", "api": f"/api/events/?pair={pair}"}
    every_url = [u for v in urls.values() for u in v.values()]
    flush_redis()
    queries = project_queries(db, every_url)
    stored_queries = project_queries(db, every_url, stored=True)
    # As a browser sends them: the test client takes "?country=Faroe Islands", HTTP does not.
    pages_http = {label: quote(url, safe="/?&=+%:,;@") for label, url in page_urls(db).items()}
    readers = {label: url for label, url in pages_http.items() if not editors_only(label)}
    minutes = (2 * len(readers) + len(pages_http)) * (page_duration + 0.5) / 60  # wrk's start, the warm-up
    log(f"{len(pages_http)} pages and lists over HTTP, {page_duration:.0f} s each: about {minutes:.0f} min")
    page_loads = {}
    for label, (low, high, _count) in pairs.items():
        results[(label, "raw")] = raw_floor(db, low, high, duration)
    for stored in (True, False):
        flush_redis()
        app = start_app(db, stored)
        try:
            for label, (low, high, count) in pairs.items():
                log(f"pair {label}: {low}-{high} ({count} events), stored={stored}")
                for kind, url in urls[label].items():
                    key = kind if stored else f"{kind}-uncached"
                    results[(label, key)] = wrk(APP + url, duration)
            column = "stored" if stored else "uncached"
            log(f"every page and list, {column}")
            for label, url in readers.items():
                page_loads[(label, column)] = load(APP + url, page_duration)
        finally:
            stop(app)
    signed_in(db, pairs, urls, pages_http, duration, page_duration, results, page_loads)
    ds = start_datasette(lites[n], db)
    try:
        for label, (low, high, _count) in pairs.items():
            results[(label, "datasette")] = wrk(
                f"http://127.0.0.1:{DS_PORT}/{db}/pair.json?low={low}&high={high}&_shape=array", duration
            )
    finally:
        stop(ds)

    # 4. CSV export of every event, at 100k and at --events rows.
    exports = {}
    for size in csv_sizes:
        log(f"CSV exports at {size} rows")
        exports[(size, "copy")] = copy_csv(dbs[size])
        app = start_app(dbs[size])
        try:
            # Waitress serves in the process it was started as (no workers): measure it and
            # any children it has.
            exports[(size, "project")] = stream(
                APP_PORT, "/api/events/?format=csv", [app.pid, *children(app.pid)], csv_cap
            )
        finally:
            stop(app)
        ds = start_datasette(lites[size], dbs[size])
        try:
            exports[(size, "datasette")] = stream(
                DS_PORT, f"/{dbs[size]}/relations_event.csv?_stream=on&_size=max", [ds.pid], csv_cap
            )
        finally:
            stop(ds)

    run = Run(
        events=n,
        seed=seed,
        duration=duration,
        page_duration=page_duration,
        csv_cap=csv_cap,
        sizes=sizes,
        csv_sizes=csv_sizes,
        pairs=pairs,
        urls=urls,
        scaling=scaling,
        pages=pages,
        results=results,
        queries=queries,
        stored_queries=stored_queries,
        exports=exports,
        page_urls=pages_http,
        page_loads=page_loads,
    )
    text = table(run)
    print(text)
    write_results(text, " ".join(["python", "bench/bench.py", *sys.argv[1:]]), n)
    log("table written to bench/RESULTS.md")


def credentials(url: str, editor: dict[str, str]) -> tuple[str, ...]:
    """What an editor sends: the session cookie on the site, the API token on the API (as an
    editor's script calls it; relations/cache.py sends either past the stored answers)."""
    if url.startswith("/api/"):
        return (f"Authorization: Token {editor['token']}",)
    return (f"Cookie: {editor['cookie']}",)


def signed_in(
    db: str,
    pairs: dict,
    urls: dict[str, dict[str, str]],
    pages_http: dict[str, str],
    duration: float,
    page_duration: float,
    results: dict,
    page_loads: dict,
) -> None:
    """The pair rows and every page and list as a signed-in editor reads them, on the project as
    deployed (stored answers on: an editor is never served one). The editor exists only for this."""
    editor = editor_create(db)
    try:
        app = start_app(db)
        try:
            for label in pairs:
                log(f"pair {label}, signed in")
                for kind, url in urls[label].items():
                    results[(label, f"{kind}-signed-in")] = wrk(APP + url, duration, credentials(url, editor))
            log("every page and list, signed in")
            for label, url in pages_http.items():
                page_loads[(label, "signed in")] = load(APP + url, page_duration, credentials(url, editor))
        finally:
            stop(app)
    finally:
        editor_remove(db, editor["username"])
