"""The table of a `make bench` run, its targets, and bench/RESULTS.md's measured block."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass

from bench.config import BENCH, CONCURRENCY

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PAIRS = ("busy", "medium", "quiet")
Check = tuple[str, bool, str]  # what is measured against which bar, whether it is reached, the figure


@dataclass
class Run:
    """What one run measured (bench/bench.py), keyed as the table reads it."""

    events: int
    seed: int
    duration: float
    csv_cap: float
    sizes: list[int]  # the databases' sizes, smallest first
    csv_sizes: list[int]
    pairs: dict[str, tuple[str, str, int]]  # busy, medium, quiet: low, high, events
    urls: dict[str, dict[str, str]]  # per pair: the ties page and the API list
    scaling: dict[tuple[int, str], tuple[float, int, str]]  # (size, pair): ms, events, pair
    pages: dict[int, dict[str, list]]  # size: page: [status, queries, ms]
    results: dict[tuple[str, str], dict]  # (pair, what): req/s, p50, p99
    queries: dict[str, tuple[int, float]]  # url: queries, DB ms (uncached)
    stored_queries: dict[str, tuple[int, float]]
    exports: dict[tuple[int, str], dict]  # (rows, what): rows/s, time to first byte, memory


def table(run: Run) -> str:
    checks: list[Check] = []
    aside: list[Check] = []  # measured against the same bars, not targets
    n = run.events
    lines = [
        f"Events: {n:,} (seed {run.seed}); {run.duration:.0f} s per load measurement, "
        f"wrk -t2 -c{CONCURRENCY}; waitress (tracker/serve.py); {os.cpu_count()} cores; "
        f"{dt.datetime.now():%Y-%m-%d %H:%M}.\n"
    ]
    lines += pair_query(run, checks)
    lines += every_page(run, checks)
    lines += pair_timeline(run, checks, aside)
    lines += csv_export(run, checks)
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
    return "\n".join(lines)


def pair_query(run: Run, checks: list[Check]) -> list[str]:
    n, sizes, scaling = run.events, run.sizes, run.scaling
    lines = ["### Pair query, database time (EXPLAIN ANALYZE, median of 200)\n"]
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
            for k in PAIRS
        ]
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    worst = max(scaling[(n, k)][0] for k in PAIRS)
    ratio = max(scaling[(n, k)][0] / scaling[(sizes[0], k)][0] for k in PAIRS)
    checks.append(("pair query ≤ 1 ms median, every pair", worst <= 1, f"worst {worst:.3f} ms"))
    checks.append(("pair query at largest size ≤ 2× at 10k", ratio <= 2, f"worst ratio {ratio:.2f}×"))
    return lines


def every_page(run: Run, checks: list[Check]) -> list[str]:
    n, small = run.events, run.sizes[0]
    lines = [f"\n### Every page and list at {small:,} and at {n:,} events (uncached, in process)\n"]
    lines.append(
        "Each page as a reader opens it (editors: the admin rows), run by the view on every request "
        "(`PAGE_CACHE_SECONDS=0`), through Django's test client: queries per request and the median of "
        "five requests. Each size uses its own busiest country, quietest country with a full page "
        "(60 events or more), and busiest pair, commission and official.\n"
    )
    lines.append(
        f"| page | queries at {small:,} | queries at {n:,} | ms at {small:,} | ms at {n:,} | ratio |"
    )
    lines.append("|---|---:|---:|---:|---:|---:|")
    grown, changed = [], []
    for label, (status, nq, ms) in run.pages[n].items():
        status0, nq0, ms0 = run.pages[small][label]
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
    return lines


TIMELINE_ROWS = ("raw", "ties", "ties-uncached", "api", "api-uncached", "datasette")


def timeline_row_name(kind: str, low: str, high: str) -> str:
    return {
        "raw": "raw floor (psycopg + json.dumps)",
        "ties": f"/ties/{low}-{high}/ stored".lower(),
        "ties-uncached": f"/ties/{low}-{high}/ uncached".lower(),
        "api": "/api/events/?pair=… stored",
        "api-uncached": "/api/events/?pair=… uncached",
        "datasette": "Datasette canned query (.json)",
    }[kind]


def pair_timeline(run: Run, checks: list[Check], aside: list[Check]) -> list[str]:
    results, queries, stored_queries, urls = run.results, run.queries, run.stored_queries, run.urls
    lines = ["\n### Pair timeline over HTTP (requests/s, p50, p99; queries and their DB time per request)\n"]
    lines.append(
        "*Stored* is the project as deployed: anonymous reads served from Redis until the data changes "
        "(relations/cache.py). *Uncached* is `PAGE_CACHE_SECONDS=0`: every request runs the view. "
        "Queries are counted in process on the uncached path (stored: after the first read).\n"
    )
    lines.append(
        "| pair | events | what | req/s | p50 ms | p99 ms | queries | DB ms/request "
        "| vs Datasette req/s | vs raw floor |"
    )
    lines.append("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for label, (low, high, count) in run.pairs.items():
        ds_r, raw = results[(label, "datasette")], results[(label, "raw")]
        for kind in TIMELINE_ROWS:
            r = results[(label, kind)]
            base = kind.removesuffix("-uncached")
            source = stored_queries if kind in ("ties", "api") else queries
            q = source.get(urls[label].get(base, ""), ("", None))
            qtext = f"{q[0]}" if q[0] != "" else "1" if kind == "raw" else "–"
            dbms = f"{q[1]:.2f}" if q[1] is not None else "–"
            lines.append(
                f"| {label} {low}–{high} | {count:,} | {timeline_row_name(kind, low, high)} "
                f"| {r['rps']:.0f} | {r['p50']:.2f} | {r['p99']:.2f} | {qtext} | {dbms} "
                f"| {r['rps'] / ds_r['rps']:.2f}× | {r['rps'] / raw['rps']:.2f}× |"
            )
        for kind in ("ties", "api", "ties-uncached", "api-uncached"):
            r = results[(label, kind)]
            # The targets are read on the project as deployed; the uncached path is shown beside them.
            into = aside if kind.endswith("-uncached") else checks
            ratio = f"{r['rps'] / ds_r['rps']:.2f}×"
            into.append((f"{label}: {kind} ≥ 2× Datasette req/s", r["rps"] >= 2 * ds_r["rps"], ratio))
            p99 = f"{r['p99']:.1f} vs {ds_r['p99']:.1f} ms"
            into.append((f"{label}: {kind} p99 ≤ Datasette p99", r["p99"] <= ds_r["p99"], p99))
        for kind in ("ties", "api"):
            nq = queries[urls[label][kind]][0]
            checks.append((f"{label}: {kind} queries per request ≤ 4 (uncached)", nq <= 4, f"{nq}"))
            nq = stored_queries[urls[label][kind]][0]
            checks.append((f"{label}: {kind} queries per request ≤ 4 (stored)", nq <= 4, f"{nq}"))
        for kind in ("api", "api-uncached"):
            rps = results[(label, kind)]["rps"]
            into = aside if kind.endswith("-uncached") else checks
            ratio = f"{rps / raw['rps']:.2f}×"
            into.append((f"{label}: {kind} ≥ 0.5× raw floor", rps >= 0.5 * raw["rps"], ratio))
    for kind in ("ties", "api"):
        counts = {queries[urls[label][kind]][0] for label in run.pairs}
        checks.append(
            (f"{kind}: same number of queries for every pair", len(counts) == 1, f"{sorted(counts)}")
        )
    return lines


CSV_ROWS = {
    "project": "project ?format=csv",
    "datasette": "Datasette .csv?_stream=on",
    "copy": "the same COPY, psycopg, no HTTP",
}


def csv_export(run: Run, checks: list[Check]) -> list[str]:
    n, exports = run.events, run.exports
    lines = ["\n### CSV export of every event\n"]
    lines.append(
        "| rows | what | rows/s | time to first byte | total | size | server RSS before → peak "
        "| vs Datasette | vs COPY |"
    )
    lines.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for size in run.csv_sizes:
        d, c = exports[(size, "datasette")], exports[(size, "copy")]
        for kind, name in CSV_ROWS.items():
            e = exports[(size, kind)]
            mem = f"{e['before']:.0f} → {e['peak']:.0f} MiB" if e["peak"] is not None else "–"
            cut = f" (cut at {int(run.csv_cap)} s)" if e.get("partial") else ""
            lines.append(
                f"| {e['rows']:,}{cut} | {name} | {e['rows_s']:,.0f} | {e['ttfb']:.0f} ms | {e['s']:.1f} s "
                f"| {e['mb']:.0f} MB | {mem} | {e['rows_s'] / d['rows_s']:.2f}× "
                f"| {e['rows_s'] / c['rows_s']:.2f}× |"
            )
    big, small = exports[(n, "project")], exports[(run.csv_sizes[0], "project")]
    datasette, copy = exports[(n, "datasette")]["rows_s"], exports[(n, "copy")]["rows_s"]
    checks.append(
        ("CSV ≥ 1.5× Datasette rows/s", big["rows_s"] >= 1.5 * datasette, f"{big['rows_s'] / datasette:.2f}×")
    )
    checks.append(("CSV ≥ ¼ of COPY rows/s", big["rows_s"] >= 0.25 * copy, f"{big['rows_s'] / copy:.2f}×"))
    checks.append(
        (
            "CSV peak memory the same at 100k and full size (±10%)",
            big["peak"] <= small["peak"] * 1.1,
            f"{small['peak']:.0f} vs {big['peak']:.0f} MiB",
        )
    )
    checks.append(("CSV peak memory < 150 MiB", big["peak"] < 150, f"{big['peak']:.0f} MiB"))
    return lines


def write_results(table: str, command: str, events: int) -> None:
    """Replace the measured block of bench/RESULTS.md, keeping the analysis around it."""
    block = f"{BEGIN}\nCommand: `{command}` (or `make bench EVENTS={events}`)\n\n{table}\n{END}"
    results = BENCH / "RESULTS.md"
    text = results.read_text() if results.exists() else "# Benchmark results\n\n"
    if BEGIN in text and END in text:
        text = text[: text.index(BEGIN)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    results.write_text(text)
