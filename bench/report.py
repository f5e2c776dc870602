"""The table of a `make bench` run, its targets, and bench/RESULTS.md's measured block."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field

from bench.config import BENCH, CONCURRENCY

BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
PAIRS = ("busy", "medium", "quiet")
COLUMNS = ("stored", "uncached", "signed in")  # how every page and list is read over HTTP
Check = tuple[str, bool, str]  # what is measured against which bar, whether it is reached, the figure
Verdict = tuple[bool, str]  # a page's target: whether it is reached, the figure


def editors_only(label: str) -> bool:
    """The admin's pages (bench/probes/pages.py labels them so): an anonymous reader is sent to
    sign in, so only the signed-in column measures them."""
    return label.startswith("admin")


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
    page_duration: float = 3
    page_urls: dict[str, str] = field(default_factory=dict)  # page: its address (bench/probes/pages.py)
    # (page, column): req/s, p50, p99, or {"error": why} for an address that failed
    page_loads: dict[tuple[str, str], dict] = field(default_factory=dict)


def serve_processes() -> int:
    """The production server's worker processes in the run (tracker/serve.py's WEB_PROCESSES)."""
    return int(os.environ.get("WEB_PROCESSES") or len(os.sched_getaffinity(0)))


def table(run: Run) -> str:
    checks: list[Check] = []
    aside: list[Check] = []  # measured against the same bars, not targets
    n = run.events
    lines = [
        f"Events: {n:,} (seed {run.seed}); {run.duration:.0f} s per load measurement of a pair, "
        f"{run.page_duration:.0f} s of a page; wrk -t2 -c{CONCURRENCY}; waitress (tracker/serve.py, "
        f"{serve_processes()} processes); "
        f"{os.cpu_count()} cores; {dt.datetime.now():%Y-%m-%d %H:%M}.\n"
    ]
    lines += pair_query(run, checks)
    lines += every_page(run, checks)
    lines += pair_timeline(run, checks, aside)
    verdicts = page_targets(run)
    if run.page_urls:
        lines += pages_over_http(run)
        checks += page_target_summary(verdicts)
    lines += csv_export(run, checks)
    lines.append("\n### Targets\n")
    lines.append("| target | met | measured |")
    lines.append("|---|---|---|")
    for name, ok, value in checks:
        lines.append(f"| {name} | {'yes' if ok else '**no**'} | {value} |")
    if run.page_urls:
        lines += page_targets_table(run, verdicts)
    lines.append("\n### The uncached and signed-in paths against the same bars (beside the targets)\n")
    lines.append(
        "What the first reader after a write (uncached: `PAGE_CACHE_SECONDS=0`) and a signed-in "
        "editor pay: the view runs on every request.\n"
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


TIMELINE_ROWS = (
    "raw",
    "ties",
    "ties-uncached",
    "ties-signed-in",
    "api",
    "api-uncached",
    "api-signed-in",
    "datasette",
)


def timeline_row_name(kind: str, low: str, high: str) -> str:
    return {
        "raw": "raw floor (psycopg + json.dumps)",
        "ties": f"/ties/{low}-{high}/ stored".lower(),
        "ties-uncached": f"/ties/{low}-{high}/ uncached".lower(),
        "ties-signed-in": f"/ties/{low}-{high}/ signed in".lower(),
        "api": "/api/events/?pair=… stored",
        "api-uncached": "/api/events/?pair=… uncached",
        "api-signed-in": "/api/events/?pair=… signed in (token)",
        "datasette": "Datasette canned query (.json)",
    }[kind]


def pair_timeline(run: Run, checks: list[Check], aside: list[Check]) -> list[str]:
    results, queries, stored_queries, urls = run.results, run.queries, run.stored_queries, run.urls
    lines = ["\n### Pair timeline over HTTP (requests/s, p50, p99; queries and their DB time per request)\n"]
    lines.append(
        "*Stored* is the project as deployed: anonymous reads served from Redis until the data changes "
        "(relations/cache.py). *Uncached* is `PAGE_CACHE_SECONDS=0`: every request runs the view. "
        "*Signed in* is an editor on the project as deployed: the page with its session cookie, the "
        "API with its token; neither is ever answered from the store. Queries are counted in process "
        "on the uncached path (stored: after the first read; signed in: not counted).\n"
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
        for kind in ("ties", "api", "ties-signed-in", "api-signed-in", "ties-uncached", "api-uncached"):
            r = results[(label, kind)]
            # The targets are read on the project as deployed, for a reader and for a signed-in
            # editor; the uncached path, and the signed-in p99, are shown beside them.
            into = aside if kind.endswith("-uncached") else checks
            ratio = f"{r['rps'] / ds_r['rps']:.2f}×"
            into.append((f"{label}: {kind} ≥ 2× Datasette req/s", r["rps"] >= 2 * ds_r["rps"], ratio))
            into = checks if kind in ("ties", "api") else aside
            p99 = f"{r['p99']:.1f} vs {ds_r['p99']:.1f} ms"
            into.append((f"{label}: {kind} p99 ≤ Datasette p99", r["p99"] <= ds_r["p99"], p99))
        for kind in ("ties", "api"):
            nq = queries[urls[label][kind]][0]
            checks.append((f"{label}: {kind} queries per request ≤ 4 (uncached)", nq <= 4, f"{nq}"))
            nq = stored_queries[urls[label][kind]][0]
            checks.append((f"{label}: {kind} queries per request ≤ 4 (stored)", nq <= 4, f"{nq}"))
        for kind in ("api", "api-uncached", "api-signed-in"):
            rps = results[(label, kind)]["rps"]
            into = checks if kind == "api" else aside
            ratio = f"{rps / raw['rps']:.2f}×"
            into.append((f"{label}: {kind} ≥ 0.5× raw floor", rps >= 0.5 * raw["rps"], ratio))
    for kind in ("ties", "api"):
        counts = {queries[urls[label][kind]][0] for label in run.pairs}
        checks.append(
            (f"{kind}: same number of queries for every pair", len(counts) == 1, f"{sorted(counts)}")
        )
    return lines


def pages_over_http(run: Run) -> list[str]:
    """Every page and list of the in-process table, loaded over HTTP in the three columns."""
    datasette = run.results[("busy", "datasette")]["rps"]
    lines = [f"\n### Every page and list over HTTP at {run.events:,} events (req/s, p99)\n"]
    lines.append(
        "The addresses of the in-process table, each under wrk for "
        f"{run.page_duration:.0f} s, in three columns. *Stored*: an anonymous reader, the project "
        "as deployed. *Uncached*: an anonymous reader with `PAGE_CACHE_SECONDS=0`, every request runs "
        "the view. *Signed in*: an editor (a staff user of the Editors group, made for the run and "
        "removed after it), the pages with its session cookie and the API with its token; the "
        "admin's pages are only measured so. *vs Datasette*: the row's req/s over Datasette's on "
        f"the busy pair's question ({datasette:.0f} req/s, this run).\n"
    )
    head = " | ".join(f"{c} req/s | {c} p99 ms | {c} vs Datasette" for c in COLUMNS)
    lines.append(f"| page | {head} |")
    lines.append("|---|" + "---:|" * 3 * len(COLUMNS))
    failed = []
    for label in run.page_urls:
        cells = []
        for column in COLUMNS:
            r = run.page_loads.get((label, column))
            if r is None:
                cells += ["–"] * 3
            elif "error" in r:
                cells += ["**failed**", "–", "–"]
                failed.append(f"{label} ({column}): {r['error']}")
            else:
                cells += [f"{r['rps']:.0f}", f"{r['p99']:.1f}", f"{r['rps'] / datasette:.2f}×"]
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    if failed:
        lines.append("\nFailed: " + "; ".join(failed) + ".")
    return lines


TARGET_COLUMNS = ("uncached", "signed in")  # a page's targets: its req/s read so ≥ Datasette's pair


def page_targets(run: Run) -> dict[str, dict[str, Verdict | None]]:
    """Per page, per target column: whether its req/s reaches Datasette's on the busy pair's
    question, and the ratio (None where the column does not apply: the admin read anonymously)."""
    if not run.page_urls:
        return {}
    datasette = run.results[("busy", "datasette")]["rps"]
    verdicts = {}
    for label in run.page_urls:
        verdicts[label] = {}
        for column in TARGET_COLUMNS:
            r = run.page_loads.get((label, column))
            if column != "signed in" and editors_only(label):
                verdicts[label][column] = None
            elif r is None or "error" in r:
                verdicts[label][column] = (False, f"failed: {r['error']}" if r else "not measured")
            else:
                verdicts[label][column] = (r["rps"] >= datasette, f"{r['rps'] / datasette:.2f}×")
    return verdicts


def page_target_summary(verdicts: dict[str, dict[str, Verdict | None]]) -> list[Check]:
    """One line per target column in the targets table: how many pages reach it, and the lowest."""
    checks = []
    for column in TARGET_COLUMNS:
        rows = {label: v[column] for label, v in verdicts.items() if v[column] is not None}
        met = [label for label, (ok, _) in rows.items() if ok]
        missed = {label: figure for label, (ok, figure) in rows.items() if not ok}
        figure = f"{len(met)} of {len(rows)} pages"
        if missed:
            lowest = min(missed, key=lambda label: _ratio(missed[label]))
            figure += f"; lowest {missed[lowest]} ({lowest})"
        checks.append((f"every page and list: {column} ≥ Datasette's pair req/s", not missed, figure))
    return checks


def _ratio(figure: str) -> float:
    """A verdict's figure as a number to rank by: a failure ranks lowest."""
    return float(figure.removesuffix("×")) if figure.endswith("×") else -1.0


def page_targets_table(run: Run, verdicts: dict[str, dict[str, Verdict | None]]) -> list[str]:
    datasette = run.results[("busy", "datasette")]["rps"]
    lines = [
        "\nEvery page and list over HTTP, each against Datasette's req/s on the busy pair's question "
        f"({datasette:.0f} req/s): uncached, and signed in, at least as many requests per second.\n"
    ]
    lines.append("| page | uncached ≥ Datasette's pair req/s | signed in ≥ Datasette's pair req/s |")
    lines.append("|---|---|---|")
    for label, by_column in verdicts.items():
        cells = []
        for column in TARGET_COLUMNS:
            verdict = by_column[column]
            if verdict is None:
                cells.append("–")
            else:
                cells.append(f"{'yes' if verdict[0] else '**no**'} ({verdict[1]})")
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
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
