# ruff: noqa: E501  (the table rows read better on one line each)
"""`make bench`: the tracker against its raw floor, Datasette and PostgreSQL's COPY, in one run.

    .venv/bin/python bench/bench.py --events 1000000 [--seed 1] [--duration 10]

Builds (or reuses) PostgreSQL databases ``tracker_bench_<n>`` of n demo events (10k, 100k and
--events) with ``generate_demo``, an SQLite copy of the --events and 100k ones in bench/data/ for
Datasette, serves the project as in production (waitress, tracker/serve.py) and Datasette on 127.0.0.1, loads them
with wrk (installed from Debian if missing) for --duration seconds per measurement, prints one
table and writes it to bench/RESULTS.md. Every process it starts is stopped before it exits.

Why wrk: a C load generator needs a few percent of one core, so on this 2-core machine the
servers get the CPU; a Python client would take a core itself and measure its own speed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import urllib.request
from http.client import HTTPConnection
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
DATA = BENCH / "data"
PY = str(ROOT / ".venv" / "bin" / "python")
DATASETTE = str(BENCH / ".venv" / "bin" / "datasette")
PG = "postgresql://postgres@127.0.0.1:5432/"
APP_PORT, DS_PORT = 8765, 8766
CONCURRENCY = 8  # wrk connections
CSV_CAP = 120.0  # seconds: an export still running then is cut, and marked partial in the table

# The question both servers answer: a pair's newest 50 events, read through the pair index.
PAIR_SQL = """SELECT e.id, e.slug, e.title, e.kind, e.status, e.date_start, e.date_end, e.date_precision,
       e.place_country_id, e.commission_id, e.session_number
FROM relations_eventpair p JOIN relations_event e ON e.id = p.event_id
WHERE p.low = {low} AND p.high = {high}
ORDER BY p.date_start DESC, p.event_id DESC LIMIT 50"""
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
started: list[subprocess.Popen] = []


def log(*args) -> None:
    print(f"[{time.strftime('%H:%M:%S')}]", *args, file=sys.stderr, flush=True)


REDIS = "redis://127.0.0.1:6379/9"  # the shared cache, as in production (DESIGN.md: Scale)


def app_env(db: str, stored: bool = True) -> dict[str, str]:
    return {
        **os.environ,
        "REDIS_URL": REDIS,
        # Stored pages on (the default) or off, to measure the views themselves.
        "PAGE_CACHE_SECONDS": "600" if stored else "0",
        "DATABASE_URL": PG + db,
        "DEBUG": "0",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "CONN_MAX_AGE": "600",
        "API_ANON_RATE": "none",  # Datasette does not throttle either: the same work on both sides
        "LOG_LEVEL": "WARNING",
    }


# --- data -----------------------------------------------------------------------------------


def event_count(db: str) -> int | None:
    try:
        with psycopg.connect(PG + db, autocommit=True) as conn:
            return conn.execute("SELECT count(*) FROM relations_event").fetchone()[0]
    except psycopg.Error:
        return None


def ensure_pg(n: int, seed: int) -> str:
    db = f"tracker_bench_{n}"
    current = (
        subprocess.run(
            [PY, "manage.py", "migrate", "--check"], cwd=ROOT, env=app_env(db), capture_output=True
        ).returncode
        == 0
    )
    # A database made before a migration is built again: its derived tables (pair index,
    # totals) are what the generator of the current code writes.
    if event_count(db) == n and current:
        log(f"reusing {db}")
        subprocess.run([PY, "manage.py", "createcachetable"], cwd=ROOT, env=app_env(db), check=True)
        return db
    log(f"building {db} ({n} events)")
    (DATA / f"{db}.sqlite3").unlink(missing_ok=True)  # its copy for Datasette follows it
    with psycopg.connect(PG + "postgres", autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{db}"')
        conn.execute(f'CREATE DATABASE "{db}"')
    env = app_env(db)
    subprocess.run([PY, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([PY, "manage.py", "createcachetable"], cwd=ROOT, env=env, check=True)
    t = time.perf_counter()
    subprocess.run(
        [PY, "manage.py", "generate_demo", "--events", str(n), "--seed", str(seed)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    log(f"generated {n} events in {time.perf_counter() - t:.0f} s")
    return db


SQLITE_TABLES = {
    "relations_country": "code TEXT PRIMARY KEY, name TEXT",
    "relations_event": (
        "id INTEGER PRIMARY KEY, title TEXT, slug TEXT, kind TEXT, status TEXT, place TEXT,"
        " place_country_id TEXT, commission_id INTEGER, session_number INTEGER, summary TEXT,"
        " date_start TEXT, date_end TEXT, date_precision INTEGER"
    ),
    "relations_eventcountry": "id INTEGER PRIMARY KEY, event_id INTEGER, country_id TEXT, role TEXT",
    "relations_eventpair": "id INTEGER PRIMARY KEY, event_id INTEGER, low TEXT, high TEXT, date_start TEXT",
}
SQLITE_INDEXES = [
    "CREATE INDEX event_pair_timeline ON relations_eventpair (low, high, date_start DESC, event_id DESC)",
    "CREATE INDEX event_timeline ON relations_event (date_start DESC, id DESC)",
    "CREATE INDEX eventcountry_event ON relations_eventcountry (event_id)",
]


def ensure_sqlite(db: str, n: int) -> Path:
    """The same rows as the PostgreSQL database, with the same pair index, for Datasette."""
    path = DATA / f"{db}.sqlite3"
    if path.exists():
        try:
            with sqlite3.connect(path) as lite:
                if lite.execute("SELECT count(*) FROM relations_event").fetchone()[0] == n:
                    log(f"reusing {path.name}")
                    return path
        except sqlite3.Error:
            pass
        path.unlink()
    log(f"copying {db} to {path.name}")
    DATA.mkdir(parents=True, exist_ok=True)
    lite = sqlite3.connect(path)
    lite.execute("PRAGMA journal_mode = OFF")
    lite.execute("PRAGMA synchronous = OFF")
    with psycopg.connect(PG + db) as conn:
        for table, schema in SQLITE_TABLES.items():
            lite.execute(f"CREATE TABLE {table} ({schema})")
            columns = [c.split()[0] for c in schema.split(",")]
            select = ", ".join(
                f"{c}::text" if c.startswith("date_s") or c == "date_end" else c for c in columns
            )
            with conn.cursor(name=f"copy_{table}") as cursor:
                cursor.itersize = 20000
                cursor.execute(f"SELECT {select} FROM {table}")
                marks = ", ".join("?" * len(columns))
                while rows := cursor.fetchmany(20000):
                    lite.executemany(f"INSERT INTO {table} VALUES ({marks})", rows)
    for statement in SQLITE_INDEXES:
        lite.execute(statement)
    lite.commit()
    lite.execute("ANALYZE")
    lite.close()
    return path


def pair_counts(db: str) -> list[tuple[str, str, int]]:
    """Every pair with its number of events, the busiest first."""
    with psycopg.connect(PG + db, autocommit=True) as conn:
        return conn.execute(
            "SELECT low, high, count(*) FROM relations_eventpair GROUP BY low, high ORDER BY 3 DESC, 1, 2"
        ).fetchall()


def pick_pairs(db: str) -> dict[str, tuple[str, str, int]]:
    """The busiest pair, one at rank len/20 (medium) and the median pair (quiet)."""
    rows = pair_counts(db)
    return {"busy": rows[0], "medium": rows[len(rows) // 20], "quiet": rows[len(rows) // 2]}


# --- database time --------------------------------------------------------------------------


def db_time_ms(db: str, sql: str, params, repeat: int = 200) -> float:
    """Median execution time (EXPLAIN ANALYZE, server side) over ``repeat`` runs."""
    with psycopg.connect(PG + db, autocommit=True) as conn:
        times = []
        for _ in range(repeat):
            plan = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()[0]
            times.append(plan[0]["Execution Time"])
    return statistics.median(times)


def raw_worker(args) -> tuple[int, list[float]]:
    db, low, high, duration = args
    latencies = []
    with psycopg.connect(PG + db, autocommit=True) as conn:
        sql = PAIR_SQL.format(low="%s", high="%s")
        with conn.cursor() as cursor:
            end = time.perf_counter() + duration
            while (t := time.perf_counter()) < end:
                cursor.execute(sql, (low, high))
                columns = [d.name for d in cursor.description]
                json.dumps([dict(zip(columns, row, strict=True)) for row in cursor.fetchall()], default=str)
                latencies.append(time.perf_counter() - t)
    return len(latencies), latencies


def raw_floor(db: str, low: str, high: str, duration: float) -> dict:
    """The pair query through psycopg plus json.dumps in a loop, 2 processes like 2 workers."""
    with multiprocessing.get_context("fork").Pool(2) as pool:
        results = pool.map(raw_worker, [(db, low, high, duration)] * 2)
    latencies = sorted(x for _, ls in results for x in ls)
    return {
        "rps": sum(n for n, _ in results) / duration,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[int(len(latencies) * 0.99)] * 1000,
    }


# --- servers --------------------------------------------------------------------------------


def start(cmd: list[str], env: dict | None = None) -> subprocess.Popen:
    proc = subprocess.Popen(
        cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(DATA / "server.log", "a")
    )
    started.append(proc)
    return proc


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    started.remove(proc)


def wait_for(url: str, timeout: float = 60) -> None:
    end = time.time() + timeout
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"{url} did not answer")


def flush_redis() -> None:
    subprocess.run([PY, "-c", f"import redis; redis.Redis.from_url({REDIS!r}).flushdb()"], check=True)


def start_app(db: str, stored: bool = True) -> subprocess.Popen:
    # The production recipe (README): waitress, configured by tracker/serve.py.
    proc = start([PY, "-m", "tracker.serve"], env={**app_env(db, stored), "LISTEN": f"127.0.0.1:{APP_PORT}"})
    wait_for(f"http://127.0.0.1:{APP_PORT}/api/")
    return proc


def start_datasette(path: Path, db: str) -> subprocess.Popen:
    metadata = DATA / "metadata.json"
    query = PAIR_SQL.format(low=":low", high=":high")
    metadata.write_text(json.dumps({"databases": {db: {"queries": {"pair": {"sql": query}}}}}))
    proc = start(
        [
            DATASETTE, "serve", "-i", str(path), "-h", "127.0.0.1", "-p", str(DS_PORT), "-m", str(metadata),
            "--setting", "max_csv_mb", "0", "--setting", "sql_time_limit_ms", "600000",
        ]
    )  # fmt: skip
    wait_for(f"http://127.0.0.1:{DS_PORT}/-/versions.json")
    return proc


def wrk(url: str, duration: float) -> dict:
    urllib.request.urlopen(url, timeout=60).read()  # warm up, and fail loudly on an error
    out = subprocess.run(
        [
            "wrk",
            "-t",
            "2",
            "-c",
            str(CONCURRENCY),
            "-d",
            f"{duration:.0f}s",
            "--timeout",
            "60s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out or "Socket errors" in out or "Requests/sec:        0" in out:
        raise RuntimeError(f"errors from {url}:\n{out}")

    def ms(label: str) -> float:
        value, unit = re.search(rf"^\s*{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": ms("50%"),
        "p99": ms("99%"),
    }


def rss_mib(pids: list[int]) -> float:
    best = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    best = max(best, int(line.split()[1]))
        except OSError:
            pass
    return best / 1024


def children(pid: int) -> list[int]:
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True).stdout
    return [int(x) for x in out.split()]


def stream(port: int, path: str, pids: list[int]) -> dict:
    """Download a CSV export; rows/s, time to first byte and the server's peak RSS meanwhile."""
    conn = HTTPConnection("127.0.0.1", port, timeout=900)
    before = rss_mib(pids)
    t = time.perf_counter()
    conn.request("GET", path)
    response = conn.getresponse()
    assert response.status == 200, (path, response.status, response.read(500))
    first = response.read(1)
    ttfb = time.perf_counter() - t
    lines, size, peak, last_poll = first.count(b"\n"), 1, before, 0.0
    while (chunk := response.read(1 << 16)) and time.perf_counter() - t < CSV_CAP:
        lines += chunk.count(b"\n")
        size += len(chunk)
        if (now := time.perf_counter()) - last_poll > 0.05:
            peak, last_poll = max(peak, rss_mib(pids)), now
    elapsed = time.perf_counter() - t
    peak = max(peak, rss_mib(pids))
    partial = bool(chunk)  # stopped at the cap: rows/s from what arrived, memory so far
    conn.close()
    return {"partial": partial, "rows": lines - 1, "rows_s": (lines - 1) / elapsed, "ttfb": ttfb * 1000, "s": elapsed, "mb": size / 1e6,
            "peak": peak, "before": before}  # fmt: skip


def export_statement(db: str) -> str:
    """The COPY statement behind the project's unfiltered ``/api/events/?format=csv``."""
    code = """
import django
django.setup()
from django.db import connection
from relations.api.csv import copy_statement
from relations.api.views import EventViewSet as V
queryset = V.queryset.order_by(*V.ordering)
statement, params = copy_statement(queryset, V.csv_sql_columns, whole=True)
with connection.cursor() as cursor:
    print(cursor.mogrify(statement, params))
"""
    env = {**app_env(db), "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    out = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    return out.stdout.strip()


def copy_csv(db: str) -> dict:
    """The ceiling: the project's own COPY statement (same rows, same columns, same session
    settings) read straight from PostgreSQL with psycopg, without HTTP or Django."""
    statement = export_statement(db)
    with psycopg.connect(PG + db) as conn, conn.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        t = time.perf_counter()
        lines = 1  # the project writes its header itself, before the COPY
        size = 0
        ttfb = None
        with cursor.copy(statement) as copy:
            for chunk in copy:
                if ttfb is None:
                    ttfb = time.perf_counter() - t
                lines += bytes(chunk).count(b"\n")
                size += len(chunk)
        elapsed = time.perf_counter() - t
    return {"rows": lines - 1, "rows_s": (lines - 1) / elapsed, "ttfb": ttfb * 1000, "s": elapsed, "mb": size / 1e6,
            "peak": None, "before": None}  # fmt: skip


# --- the project's queries, in process ------------------------------------------------------


def project_queries(db: str, urls: list[str], stored: bool = False) -> dict[str, tuple[int, float]]:
    """Queries per request and their summed database time (EXPLAIN ANALYZE), via the test client."""
    code = f"""
import json, os, sys, django
django.setup()
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
out = {{}}
client = Client()
for url in {urls!r}:
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    total = 0.0
    with connection.cursor() as cursor:
        for q in captured.captured_queries:
            sql = q["sql"]
            if sql.lstrip().upper().startswith("SELECT"):
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0]
                plan = json.loads(plan) if isinstance(plan, str) else plan
                total += plan[0]["Execution Time"]
    out[url] = (len(captured.captured_queries), total)
print(json.dumps(out))
"""
    env = {**app_env(db, stored), "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    result = subprocess.run([PY, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return {k: tuple(v) for k, v in json.loads(result.stdout.strip().splitlines()[-1]).items()}


PAGES_CODE = """
import json, statistics, time, django
django.setup()
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Count
from django.test import Client
from django.test.utils import CaptureQueriesContext
from relations.models import Commission, Event, EventCountry, EventPair, Official, PairTotal, Pledge
from relations.models.totals import CountryTotal

pair = PairTotal.objects.order_by("-events").first()
pair = "-".join(sorted((pair.low_id.lower(), pair.high_id.lower())))
country = CountryTotal.objects.order_by("-events").first().country_id.lower()
# The quietest country with a full page of events: fewer rows shown would not measure the same page.
quiet = CountryTotal.objects.filter(events__gte=60).order_by("events", "pk").first().country_id.lower()
commission = Commission.objects.annotate(n=Count("sessions")).order_by("-n", "pk").first().slug
official = Official.objects.annotate(n=Count("participations")).order_by("-n", "pk").first().slug
event, pledge = Event.objects.latest("pk"), Pledge.objects.latest("pk")


def oldest_page(rows):  # the cursor of a timeline's last page: its 40th oldest row
    row = rows.order_by("date_start", "event_id").values_list("date_start", "event_id")[40]
    return f"{row[0].isoformat()}.{row[1]}"


low, high = pair.upper().split("-")
pair_end = oldest_page(EventPair.objects.filter(low=low, high=high))
country_end = oldest_page(EventCountry.objects.filter(country=country.upper()))
pages = {
    "home": "/", "timeline": "/timeline/", "timeline, busiest country": f"/timeline/?country={country}",
    "timeline, kind": "/timeline/?kind=visit", "timeline, search": "/timeline/?q=visit",
    "timeline, a year": "/timeline/?from=2020&to=2020", "ties, busiest pair": f"/ties/{pair}/",
    "ties, busiest pair, last page": f"/ties/{pair}/?before={pair_end}",
    "country, busiest, last page": f"/countries/{country}/?before={country_end}",
    "timeline, quietest country": f"/timeline/?country={quiet}", "timeline, search, no match": "/timeline/?q=zzqx",
    "countries": "/countries/", "country, busiest": f"/countries/{country}/",
    "country, quietest": f"/countries/{quiet}/", "commissions": "/commissions/",
    "commission, most sessions": f"/commissions/{commission}/", "officials": "/officials/",
    "official, most events": f"/officials/{official}/", "pledges": "/pledges/",
    "pledges, busiest country": f"/pledges/?country={country}", "pledges, busiest pair": f"/pledges/?pair={pair}",
    "event": f"/events/{event.slug}/", "pledge": f"/pledges/{pledge.pk}/",
    "API events": "/api/events/", "API events, busiest country": f"/api/events/?country={country}",
    "API events, quietest country": f"/api/events/?country={quiet}",
    "API events, search": "/api/events/?q=visit", "API events by title": "/api/events/?ordering=title",
    "API pledges": "/api/pledges/", "API pledges, busiest country": f"/api/pledges/?country={country}",
    "API officials": "/api/officials/", "API commissions": "/api/commissions/", "API countries": "/api/countries/",
    "admin: events": "/admin/relations/event/", "admin: events, search": "/admin/relations/event/?q=visit",
    "admin: events, page 100": "/admin/relations/event/?p=100", "admin: pledges": "/admin/relations/pledge/",
    "admin: officials": "/admin/relations/official/", "admin: event": f"/admin/relations/event/{event.pk}/change/",
}

def measure(client, url):
    client.get(url)
    times = []
    for _ in range(5):
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - started) * 1000)
    return [response.status_code, len(captured.captured_queries), statistics.median(times)]

out = {}
anonymous = Client()
for label, url in pages.items():
    if not label.startswith("admin"):
        out[label] = measure(anonymous, url)

class RolledBack(Exception):
    pass

try:  # an editor who exists only for the measurement: nothing is left in the database
    with transaction.atomic():
        editor = User.objects.create_superuser("bench-editor", password=None)
        client = Client()
        client.force_login(editor)
        for label, url in pages.items():
            if label.startswith("admin"):
                out[label] = measure(client, url)
        raise RolledBack
except RolledBack:
    pass
print(json.dumps(out))
"""


def page_costs(db: str) -> dict[str, list]:
    """Every page and list as a reader or editor opens it, without stored answers: status,
    queries and median time in process (the test client), on the busiest and the quietest
    country, and the busiest pair, commission and official of that database."""
    env = {**app_env(db, stored=False), "DJANGO_SETTINGS_MODULE": "tracker.settings"}
    result = subprocess.run([PY, "-c", PAGES_CODE], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode:
        raise RuntimeError(result.stderr[-3000:])
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- the run --------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duration", type=float, default=10)
    parser.add_argument("--csv-cap", type=float, default=CSV_CAP, help="Seconds before an export is cut.")
    args = parser.parse_args()
    globals()["CSV_CAP"] = args.csv_cap
    if not shutil.which("wrk"):
        log("installing wrk from Debian")
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, stdout=subprocess.DEVNULL)
    n, duration = args.events, args.duration
    # Production settings serve hashed static files from a manifest (staticfiles/, git-ignored).
    subprocess.run(
        [PY, "manage.py", "collectstatic", "--no-input", "-v0"], cwd=ROOT, env=app_env("postgres"), check=True
    )
    sizes = sorted({10_000, 100_000, n})
    dbs = {size: ensure_pg(size, args.seed) for size in sizes}
    csv_sizes = sorted({min(100_000, n), n})
    lites = {size: ensure_sqlite(dbs[size], size) for size in csv_sizes}
    db = dbs[n]
    pairs = pick_pairs(db)
    lines: list[str] = []
    checks: list[tuple[str, bool, str]] = []
    aside: list[tuple[str, bool, str]] = []  # measured against the same bars, not targets

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
            exports[(size, "project")] = stream(APP_PORT, "/api/events/?format=csv", children(app.pid))
        finally:
            stop(app)
        ds = start_datasette(lites[size], dbs[size])
        try:
            exports[(size, "datasette")] = stream(
                DS_PORT, f"/{dbs[size]}/relations_event.csv?_stream=on&_size=max", [ds.pid]
            )
        finally:
            stop(ds)

    # --- the table ---
    lines.append(f"Events: {n:,} (seed {args.seed}); {duration:.0f} s per load measurement, wrk -t2 -c{CONCURRENCY}; "
                 f"waitress (tracker/serve.py); {os.cpu_count()} cores; {dt.datetime.now():%Y-%m-%d %H:%M}.\n")  # fmt: skip
    lines.append("### Pair query, database time (EXPLAIN ANALYZE, median of 200)\n")
    lines.append(
        f"At each size, the pair with as many events as the measured pair at {n:,} events (that same "
        "pair where it has them), so each size answers the same question: the newest page (50) of a "
        "pair that long.\n"
    )
    lines.append("| events | busy pair | medium pair | quiet pair |")
    lines.append("|---:|---:|---:|---:|")
    for size in sizes:
        cells = [
            f"{scaling[(size, k)][0]:.3f} ms ({scaling[(size, k)][2]}, {scaling[(size, k)][1]:,} ev)"
            for k in ("busy", "medium", "quiet")
        ]
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    worst = max(scaling[(n, k)][0] for k in ("busy", "medium", "quiet"))
    ratio = max(scaling[(n, k)][0] / scaling[(sizes[0], k)][0] for k in ("busy", "medium", "quiet"))
    checks.append(("pair query ≤ 1 ms median, every pair", worst <= 1, f"worst {worst:.3f} ms"))
    checks.append(("pair query at largest size ≤ 2× at 10k", ratio <= 2, f"worst ratio {ratio:.2f}×"))

    small = sizes[0]
    lines.append(f"\n### Every page and list at {small:,} and at {n:,} events (uncached, in process)\n")
    lines.append(
        "Each page as a reader opens it (editors: the admin rows), run by the view on every request "
        "(`PAGE_CACHE_SECONDS=0`), through Django's test client: queries per request and the median of "
        "five requests. Each size uses its own busiest country, quietest country with a full page (60 events or more), and busiest pair, commission and official.\n"
    )
    lines.append(
        f"| page | queries at {small:,} | queries at {n:,} | ms at {small:,} | ms at {n:,} | ratio |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|")
    grown, changed = [], []
    for label, (status, nq, ms) in pages[n].items():
        status0, nq0, ms0 = pages[small][label]
        lines.append(f"| {label} | {nq0} | {nq} | {ms0:.1f} | {ms:.1f} | {ms / ms0:.2f}× |")
        if status != 200 or status0 != 200:
            changed.append(f"{label}: HTTP {status0}/{status}")
        elif nq > nq0:  # fewer happens: a record with no rows of some kind skips their query
            changed.append(f"{label}: {nq0} → {nq}")
        if ms > 2 * ms0 and ms - ms0 > 5:
            grown.append(f"{label} {ms / ms0:.1f}×")
    checks.append(
        (
            f"every page and list: no more queries at {n:,} than at {small:,}",
            not changed,
            "; ".join(changed) or "yes",
        )
    )
    checks.append(
        (
            f"every page and list: at most 2× its time at {small:,} (or 5 ms more)",
            not grown,
            "; ".join(grown) or "yes",
        )
    )

    lines.append(
        "\n### Pair timeline over HTTP (requests/s, p50, p99; queries and their DB time per request)\n"
    )
    lines.append(
        "*Stored* is the project as deployed: anonymous reads served from Redis until the data changes "
        "(relations/cache.py). *Uncached* is `PAGE_CACHE_SECONDS=0`: every request runs the view. "
        "Queries are counted in process on the uncached path (stored: after the first read).\n"
    )
    lines.append(
        "| pair | events | what | req/s | p50 ms | p99 ms | queries | DB ms/request | vs Datasette req/s | vs raw floor |"
    )
    lines.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, (low, high, count) in pairs.items():
        ds_r, raw = results[(label, "datasette")], results[(label, "raw")]
        for kind in ("raw", "ties", "ties-uncached", "api", "api-uncached", "datasette"):
            r = results[(label, kind)]
            base = kind.removesuffix("-uncached")
            source = stored_queries if kind in ("ties", "api") else queries
            q = source.get(urls[label].get(base, ""), ("", None))
            qtext = f"{q[0]}" if q[0] != "" else "1" if kind == "raw" else "–"
            dbms = f"{q[1]:.2f}" if q[1] is not None else "–"
            name = {"raw": "raw floor (psycopg + json.dumps)", "ties": f"/ties/{low}-{high}/ stored".lower(),
                    "ties-uncached": f"/ties/{low}-{high}/ uncached".lower(),
                    "api": "/api/events/?pair=… stored", "api-uncached": "/api/events/?pair=… uncached",
                    "datasette": "Datasette canned query (.json)"}[kind]  # fmt: skip
            lines.append(
                f"| {label} {low}–{high} | {count:,} | {name} | {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | "
                f"{qtext} | {dbms} | {r['rps'] / ds_r['rps']:.2f}× | {r['rps'] / raw['rps']:.2f}× |"
            )
        for kind in ("ties", "api", "ties-uncached", "api-uncached"):
            r = results[(label, kind)]
            # The targets are read on the project as deployed; the uncached path is shown beside them.
            into = aside if kind.endswith("-uncached") else checks
            into.append((f"{label}: {kind} ≥ 2× Datasette req/s", r["rps"] >= 2 * ds_r["rps"],
                         f"{r['rps'] / ds_r['rps']:.2f}×"))  # fmt: skip
            into.append((f"{label}: {kind} p99 ≤ Datasette p99", r["p99"] <= ds_r["p99"],
                         f"{r['p99']:.1f} vs {ds_r['p99']:.1f} ms"))  # fmt: skip
        for kind in ("ties", "api"):
            nq = queries[urls[label][kind]][0]
            checks.append((f"{label}: {kind} queries per request ≤ 4 (uncached)", nq <= 4, f"{nq}"))
            nq = stored_queries[urls[label][kind]][0]
            checks.append((f"{label}: {kind} queries per request ≤ 4 (stored)", nq <= 4, f"{nq}"))
        for kind in ("api", "api-uncached"):
            into = aside if kind.endswith("-uncached") else checks
            into.append((f"{label}: {kind} ≥ 0.5× raw floor", results[(label, kind)]["rps"] >= 0.5 * raw["rps"],
                         f"{results[(label, kind)]['rps'] / raw['rps']:.2f}×"))  # fmt: skip
    for kind in ("ties", "api"):
        counts = {queries[urls[label][kind]][0] for label in pairs}
        checks.append(
            (f"{kind}: same number of queries for every pair", len(counts) == 1, f"{sorted(counts)}")
        )

    lines.append("\n### CSV export of every event\n")
    lines.append(
        "| rows | what | rows/s | time to first byte | total | size | server RSS before → peak | vs Datasette | vs COPY |"
    )
    lines.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for size in csv_sizes:
        d, c = exports[(size, "datasette")], exports[(size, "copy")]
        for kind in ("project", "datasette", "copy"):
            e = exports[(size, kind)]
            name = {"project": "project ?format=csv", "datasette": "Datasette .csv?_stream=on",
                    "copy": "the same COPY, psycopg, no HTTP"}[kind]  # fmt: skip
            mem = f"{e['before']:.0f} → {e['peak']:.0f} MiB" if e["peak"] is not None else "–"
            lines.append(
                f"| {e['rows']:,}{' (cut at ' + str(int(CSV_CAP)) + ' s)' if e.get('partial') else ''} | {name} | {e['rows_s']:,.0f} | {e['ttfb']:.0f} ms | {e['s']:.1f} s | "
                f"{e['mb']:.0f} MB | {mem} | {e['rows_s'] / d['rows_s']:.2f}× | {e['rows_s'] / c['rows_s']:.2f}× |"
            )
    big, small = exports[(n, "project")], exports[(csv_sizes[0], "project")]
    checks.append(("CSV ≥ 1.5× Datasette rows/s", big["rows_s"] >= 1.5 * exports[(n, "datasette")]["rows_s"],
                   f"{big['rows_s'] / exports[(n, 'datasette')]['rows_s']:.2f}×"))  # fmt: skip
    checks.append(("CSV ≥ ¼ of COPY rows/s", big["rows_s"] >= 0.25 * exports[(n, "copy")]["rows_s"],
                   f"{big['rows_s'] / exports[(n, 'copy')]['rows_s']:.2f}×"))  # fmt: skip
    checks.append(("CSV peak memory the same at 100k and full size (±10%)", big["peak"] <= small["peak"] * 1.1,
                   f"{small['peak']:.0f} vs {big['peak']:.0f} MiB"))  # fmt: skip
    checks.append(("CSV peak memory < 150 MiB", big["peak"] < 150, f"{big['peak']:.0f} MiB"))

    lines.append("\n### Targets\n")
    lines.append("| target | met | measured |")
    lines.append("|---|---|---|")
    for name, ok, value in checks:
        lines.append(f"| {name} | {'yes' if ok else '**no**'} | {value} |")
    lines.append("\n### The uncached path against the same bars (beside the targets)\n")
    lines.append(
        "What a signed-in editor, or the first reader after a write, pays: the view runs on every "
        "request (`PAGE_CACHE_SECONDS=0`).\n"
    )
    lines.append("| measure | reached | measured |")
    lines.append("|---|---|---|")
    for name, ok, value in aside:
        lines.append(f"| {name} | {'yes' if ok else '**no**'} | {value} |")
    table = "\n".join(lines)
    print(table)
    command = " ".join(["python", "bench/bench.py", *sys.argv[1:]])
    block = f"{BEGIN}\nCommand: `{command}` (or `make bench EVENTS={n}`)\n\n{table}\n{END}"
    results = BENCH / "RESULTS.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n\n"
    if BEGIN in text and END in text:  # replace the measured block, keep the analysis around it
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    results.write_text(text)
    log("table written to bench/RESULTS.md")


if __name__ == "__main__":
    try:
        main()
    finally:
        for proc in list(started):
            stop(proc)
