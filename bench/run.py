"""The measurements of `make bench`, in order, and the table they fill (bench/bench.py runs this)."""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys

from bench.config import APP_PORT, CSV_CAP, DS_PORT, PAIR_SQL, PY, ROOT, app_env, log
from bench.costs import page_costs, project_queries
from bench.databases import db_time_ms, ensure_pg, ensure_sqlite, pair_counts, pick_pairs
from bench.floor import copy_csv, raw_floor
from bench.report import Run, table, write_results
from bench.servers import children, flush_redis, start_app, start_datasette, stop, stop_all, stream, wrk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--csv-cap", type=float, default=CSV_CAP, help="Seconds before an export is cut.")
    args = parser.parse_args()
    try:
        measure(args.events, args.seed, args.duration, args.csv_cap)
    finally:
        stop_all()


def measure(n: int, seed: int, duration: float, csv_cap: float) -> None:
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

    # 3. Raw floor, project pages and API (stored and uncached), Datasette, per pair.
    results = {}
    urls = {}
    for label, (low, high, _count) in pairs.items():
        pair = f"{low.lower()}-{high.lower()}"
        urls[label] = {"ties": f"/ties/{pair}/", "api": f"/api/events/?pair={pair}"}
    every_url = [u for v in urls.values() for u in v.values()]
    flush_redis()
    queries = project_queries(db, every_url)
    stored_queries = project_queries(db, every_url, stored=True)
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
                    results[(label, key)] = wrk(f"http://127.0.0.1:{APP_PORT}{url}", duration)
        finally:
            stop(app)
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
    )
    text = table(run)
    print(text)
    write_results(text, " ".join(["python", "bench/bench.py", *sys.argv[1:]]), n)
    log("table written to bench/RESULTS.md")
