"""What the project is measured against without HTTP or Django: the raw floor (the pair query
through psycopg and json.dumps, in a loop) and the ceiling of an export (the project's own COPY
statement read straight from PostgreSQL)."""

from __future__ import annotations

import json
import multiprocessing
import time

import psycopg

from bench.config import PAIR_SQL, PG
from bench.costs import export_statement


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
    return {
        "rows": lines - 1,
        "rows_s": (lines - 1) / elapsed,
        "ttfb": ttfb * 1000,
        "s": elapsed,
        "mb": size / 1e6,
        "peak": None,
        "before": None,
    }
