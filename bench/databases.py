"""The measured data: PostgreSQL databases of n demo events, their SQLite copies for Datasette, the
pairs a run measures, and the pair query's time inside the database."""

from __future__ import annotations

import sqlite3
import statistics
import subprocess
import time
from pathlib import Path

import psycopg

from bench.config import DATA, PG, PY, ROOT, app_env, log


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


def db_time_ms(db: str, sql: str, params, repeat: int = 200) -> float:
    """Median execution time (EXPLAIN ANALYZE, server side) over ``repeat`` runs."""
    with psycopg.connect(PG + db, autocommit=True) as conn:
        times = []
        for _ in range(repeat):
            plan = conn.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params).fetchone()[0]
            times.append(plan[0]["Execution Time"])
    return statistics.median(times)
