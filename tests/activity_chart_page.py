"""Writes the activity chart, on realistic counts, into one HTML page and screenshots it.

Not a test: a page for a person to look at. Run from the project folder:

    DATABASE_URL=sqlite:////tmp/some.sqlite3 .venv/bin/python -m tests.activity_chart_page /tmp/shots

with the seed story loaded in that database (``manage.py load_seed``). It writes ``chart.html``
(linking ``static/css/tracker.css``) and full-page screenshots at 1280 and 390 px.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
django.setup()

from relations.activity import PeriodCount  # noqa: E402
from relations.models import Event  # noqa: E402
from relations.pictures.activity import activity_chart  # noqa: E402
from tests.activity_rows import counts_from_events, synthetic_counts  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def charts() -> list[tuple[str, list[PeriodCount]]]:
    seed = counts_from_events(Event.objects.for_pair("PK", "TR").select_related("kind"))
    year_only = [
        PeriodCount(dt.date(2019, 1, 1), "visit", "visit", "cooperation", 3, year_only=True),
        PeriodCount(dt.date(2019, 1, 1), "conflict", "conflict", "conflict", 1, year_only=True),
        PeriodCount(dt.date(2020, 4, 1), "meeting", "meeting", "cooperation", 2),
        PeriodCount(dt.date(2020, 7, 1), "call", "call", "neutral", 1),
        PeriodCount(dt.date(2021, 1, 1), "statement", "statement", "neutral", 2, year_only=True),
        PeriodCount(dt.date(2021, 10, 1), "visit", "visit", "cooperation", 1),
    ]
    return [
        ("Pakistan and Türkiye (the seed story)", seed),
        ("A busy pair over ten years", synthetic_counts(2016, 2025)),
        ("Six busy years: the most drawn by quarter", synthetic_counts(2020, 2025, seed=3)),
        ("Events dated only to a year", year_only),
        ("Forty years, some dated only to the year", synthetic_counts(1986, 2025, year_only=2)),
        ("A quiet pair", []),
    ]


# The site has no dark scheme yet; this one, for the preview only, checks that the chart follows one.
DARK = (
    "<style>.preview-dark { --ink: #e6e9ef; --muted: #a9b1c1; --line: #384152; --soft: #222a38;"
    " --paper: #161c27; --bg: #10151e; --accent: #7fb2ff; background: var(--bg); color: var(--ink); }</style>"
)


def page(dark: bool = False) -> str:
    sections = "".join(
        f"<section><h2>{title}</h2>{activity_chart(counts, title=title)}</section>"
        for title, counts in charts()
    )
    css = (ROOT / "static/css/tracker.css").as_uri()
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Activity charts</title><link rel="stylesheet" href="{css}">{DARK}</head>'
        f'<body{" class=preview-dark" if dark else ""}><main class="wrap"><h1>Activity charts</h1>'
        f'<div class="columns"><div class="main-column">{sections}</div>'
        '<aside class="side-column"><p>Side column</p></aside></div></main></body></html>'
    )


def main(folder: Path) -> None:
    from playwright.sync_api import sync_playwright

    folder.mkdir(parents=True, exist_ok=True)
    (folder / "chart.html").write_text(page())
    (folder / "chart-dark.html").write_text(page(dark=True))
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name in ("chart", "chart-dark"):
            for width in (1280, 390):
                tab = browser.new_page(viewport={"width": width, "height": 900})
                tab.goto((folder / f"{name}.html").as_uri())
                for details in tab.locator("details").all()[:1]:
                    details.locator("summary").click()
                tab.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)
                tab.close()
        browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/shots-h3"))
