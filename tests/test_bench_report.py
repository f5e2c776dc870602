"""The table `make bench` writes into bench/RESULTS.md, fed with made-up measurements: every page
and list over HTTP in three columns, and the targets read from them (bench/report.py)."""

from __future__ import annotations

import pytest

from bench.report import Run, page_target_summary, page_targets, table

DATASETTE_RPS = 500.0
PAIRS = {"busy": ("FO", "SR", 300), "medium": ("AZ", "MH", 100), "quiet": ("TW", "UA", 7)}
PAGES = {
    "home": "/",
    "API events": "/api/events/",
    "calendar": "/calendar.ics",
    "admin: events": "/admin/relations/event/",
}


def load(rps: float, p99: float = 20.0) -> dict:
    return {"rps": rps, "p50": p99 / 2, "p99": p99}


def made_up_run(page_loads: dict | None = None, pair_rps: dict[str, float] | None = None) -> Run:
    """A 10k-event run whose busy pair Datasette answers at 500 req/s; every pair row at the
    rate ``pair_rps`` gives its kind (1,500 req/s otherwise), every page as ``page_loads``."""
    pair_rps = {"ties": 1500, "api": 1500, "ties-uncached": 100, "api-uncached": 150, **(pair_rps or {})}
    urls, results = {}, {}
    for label, (low, high, _) in PAIRS.items():
        pair = f"{low.lower()}-{high.lower()}"
        urls[label] = {"ties": f"/ties/{pair}/", "api": f"/api/events/?pair={pair}"}
        results[(label, "raw")] = load(3000, 1)
        results[(label, "datasette")] = load(DATASETTE_RPS, 40)
        for kind in ("ties", "api", "ties-uncached", "api-uncached", "ties-signed-in", "api-signed-in"):
            results[(label, kind)] = load(pair_rps.get(kind, 1500), 5)
    every_url = [url for by_kind in urls.values() for url in by_kind.values()]
    return Run(
        events=10_000,
        seed=1,
        duration=2,
        csv_cap=120,
        sizes=[10_000, 100_000],
        csv_sizes=[10_000],
        pairs=PAIRS,
        urls=urls,
        scaling={
            (size, k): (0.1, n, f"{low}–{high}")
            for size in (10_000, 100_000)
            for k, (low, high, n) in PAIRS.items()
        },
        pages={10_000: {label: [200, 3, 20.0] for label in PAGES}},
        results=results,
        queries={url: (1, 0.5) for url in every_url},
        stored_queries={url: (0, 0.0) for url in every_url},
        exports={
            (10_000, kind): {
                "rows": 10_000,
                "rows_s": rate,
                "ttfb": 5,
                "s": 1,
                "mb": 2,
                "peak": 80,
                "before": 70,
            }
            for kind, rate in (("project", 100_000), ("datasette", 40_000), ("copy", 100_000))
        },
        page_duration=1,
        page_urls=PAGES,
        page_loads=page_loads or {},
    )


def every_column(stored: float, uncached: float, signed_in: float) -> dict:
    """The same rates for every page (the admin's only signed in)."""
    loads = {}
    for label in PAGES:
        if not label.startswith("admin"):
            loads[(label, "stored")] = load(stored)
            loads[(label, "uncached")] = load(uncached)
        loads[(label, "signed in")] = load(signed_in)
    return loads


def section(text: str, heading: str) -> list[str]:
    """The table rows under a heading, up to the next heading."""
    part = text.split(heading, 1)[1].split("\n### ", 1)[0]
    return [line for line in part.splitlines() if line.startswith("| ")]


def row(lines: list[str], first_cell: str) -> list[str]:
    found = [line for line in lines if line.startswith(f"| {first_cell} |")]
    assert len(found) == 1, (first_cell, lines)
    return [cell.strip() for cell in found[0].strip("|").split("|")]


def target(text: str, name: str) -> list[str]:
    return row(section(text, "### Targets"), name)


def test_every_page_gets_one_row_with_three_columns_of_req_s_p99_and_ratio():
    loads = every_column(stored=2000, uncached=100, signed_in=90)
    loads[("home", "uncached")] = load(250, p99=61.5)
    lines = section(table(made_up_run(loads)), "### Every page and list over HTTP")

    header = [cell.strip() for cell in lines[0].strip("|").split("|")]
    assert header == [
        "page",
        *[
            f"{column} {what}"
            for column in ("stored", "uncached", "signed in")
            for what in ("req/s", "p99 ms", "vs Datasette")
        ],
    ]
    assert [line.split("|")[1].strip() for line in lines[1:]] == list(PAGES)
    assert row(lines, "home") == [
        "home",
        "2000",
        "20.0",
        "4.00×",
        "250",
        "61.5",
        "0.50×",
        "90",
        "20.0",
        "0.18×",
    ]


def test_an_admin_page_is_measured_only_signed_in():
    lines = section(table(made_up_run(every_column(2000, 100, 600))), "### Every page and list over HTTP")

    assert row(lines, "admin: events") == ["admin: events", *["–"] * 6, "600", "20.0", "1.20×"]


def test_a_failed_address_is_marked_and_named_without_ending_the_table():
    loads = every_column(2000, 100, 600)
    loads[("calendar", "signed in")] = {"error": "Non-2xx or 3xx responses: 12"}
    text = table(made_up_run(loads))

    assert row(section(text, "### Every page and list over HTTP"), "calendar")[7:] == ["**failed**", "–", "–"]
    assert "calendar (signed in): Non-2xx or 3xx responses: 12" in text
    targets = row(section(text, "### Targets"), "calendar")
    assert targets == ["calendar", "**no** (0.20×)", "**no** (failed: Non-2xx or 3xx responses: 12)"]


def test_page_targets_compare_uncached_and_signed_in_with_datasettes_pair():
    loads = every_column(stored=2000, uncached=100, signed_in=100)
    loads[("home", "uncached")] = load(DATASETTE_RPS)  # exactly Datasette's: reached
    loads[("API events", "signed in")] = load(750)
    loads[("admin: events", "signed in")] = load(499)

    verdicts = page_targets(made_up_run(loads))

    assert verdicts == {
        "home": {"uncached": (True, "1.00×"), "signed in": (False, "0.20×")},
        "API events": {"uncached": (False, "0.20×"), "signed in": (True, "1.50×")},
        "calendar": {"uncached": (False, "0.20×"), "signed in": (False, "0.20×")},
        "admin: events": {"uncached": None, "signed in": (False, "1.00×")},  # 499: just short
    }


def test_targets_table_shows_each_page_met_or_missed_with_its_ratio():
    loads = every_column(stored=2000, uncached=100, signed_in=100)
    loads[("home", "uncached")] = load(600)
    loads[("admin: events", "signed in")] = load(1000)
    lines = section(table(made_up_run(loads)), "### Targets")

    assert row(lines, "home") == ["home", "yes (1.20×)", "**no** (0.20×)"]
    assert row(lines, "API events") == ["API events", "**no** (0.20×)", "**no** (0.20×)"]
    assert row(lines, "admin: events") == ["admin: events", "–", "yes (2.00×)"]


def test_summary_targets_count_the_pages_and_name_the_slowest():
    loads = every_column(stored=2000, uncached=600, signed_in=600)
    loads[("calendar", "uncached")] = load(50)
    loads[("API events", "uncached")] = load(250)
    text = table(made_up_run(loads))

    uncached = target(text, "every page and list: uncached ≥ Datasette's pair req/s")
    signed_in = target(text, "every page and list: signed in ≥ Datasette's pair req/s")
    assert uncached[1:] == ["**no**", "1 of 3 pages; lowest 0.10× (calendar)"]
    assert signed_in[1:] == ["yes", "4 of 4 pages"]


def test_a_failure_is_the_lowest_in_the_summary():
    loads = every_column(stored=2000, uncached=100, signed_in=600)
    loads[("home", "signed in")] = {"error": "HTTP 500"}
    summary = dict(
        (name, (ok, figure)) for name, ok, figure in page_target_summary(page_targets(made_up_run(loads)))
    )

    assert summary["every page and list: signed in ≥ Datasette's pair req/s"] == (
        False,
        "3 of 4 pages; lowest failed: HTTP 500 (home)",
    )


@pytest.mark.parametrize(
    ("kind", "rps", "met"),
    [("ties-signed-in", 1000, "yes"), ("ties-signed-in", 999, "**no**"), ("api-signed-in", 400, "**no**")],
)
def test_pair_rows_gain_signed_in_versions_of_the_2x_target(kind, rps, met):
    text = table(made_up_run(every_column(2000, 100, 100), pair_rps={kind: rps}))

    assert target(text, f"busy: {kind} ≥ 2× Datasette req/s")[1:] == [met, f"{rps / DATASETTE_RPS:.2f}×"]
    assert target(text, "busy: ties ≥ 2× Datasette req/s")[1:] == ["yes", "3.00×"]


def test_the_pair_table_has_a_signed_in_row_for_the_page_and_the_api():
    text = table(
        made_up_run(every_column(2000, 100, 100), pair_rps={"ties-signed-in": 123, "api-signed-in": 456})
    )
    lines = section(text, "### Pair timeline over HTTP")
    busy = [line for line in lines if line.startswith("| busy FO–SR |")]

    whats = [cell.split("|")[3].strip() for cell in busy]
    assert "/ties/fo-sr/ signed in" in whats and "/api/events/?pair=… signed in (token)" in whats
    signed_in = next(line for line in busy if "/ties/fo-sr/ signed in" in line)
    assert signed_in.split("|")[4].strip() == "123"


def test_uncached_pair_rows_stay_beside_the_targets():
    text = table(made_up_run(every_column(2000, 100, 100)))

    assert not [line for line in section(text, "### Targets") if "-uncached" in line]
    assert row(
        section(text, "### The uncached and signed-in paths"), "busy: ties-uncached ≥ 2× Datasette req/s"
    )[1:] == ["**no**", "0.20×"]


def test_the_in_process_table_is_unchanged():
    text = table(made_up_run(every_column(2000, 100, 100)))
    lines = section(text, "### Every page and list at 10,000 and at 10,000 events")

    assert (
        lines[0] == "| page | queries at 10,000 | queries at 10,000 | ms at 10,000 | ms at 10,000 | ratio |"
    )
    assert row(lines, "home") == ["home", "3", "3", "20.0", "20.0", "1.00×"]
