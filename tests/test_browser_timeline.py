"""The visual timeline in a real browser, wide and on a phone: its marks lead to their events, a
month is drawn over the whole month, and nothing scrolls sideways.

Uses the live server, Chromium and seed of `test_browser.py`; screenshots land beside its own.
"""

# The fixtures of test_browser.py are imported, so test arguments share their names.
# ruff: noqa: F811

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.urls import resolve, reverse
from playwright.sync_api import Page

from relations.models import Commission, Country, Official
from tests.test_browser import browser, page, screenshot  # noqa: F401 (fixtures)
from tests.world import load_story

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1280, 390)
SESSION_16 = "2025-pakistan-turkiye-jmc-16th-session"
JULY_VISIT = "2025-fidan-guler-visit-to-pakistan"
SUPPORT = "2025-turkiye-support-for-pakistan"  # "May 2025": a month, nothing more


def add_migrated_rows() -> None:
    """The countries and event kinds the migrations load, which the flush after each live-server
    test empties. Loaded by the migration's own functions, so that this module needs no rows
    read before a flush (another module of browser tests may have run first)."""
    migration = importlib.import_module("relations.migrations.0001_squashed_0020_names")
    migration.add_countries(apps, None)
    migration.add_event_kinds(apps, None)


@pytest.fixture(scope="module", autouse=True)
def migrated_rows_left_in_place(django_db_blocker) -> Iterator[None]:
    """Leaves the migrated rows in the database, as a module that runs next expects them."""
    yield
    with django_db_blocker.unblock():
        if not Country.objects.exists():
            add_migrated_rows()


@pytest.fixture
def site(browser, live_server) -> str:
    """The live server's address, with the migrated rows and the seed story."""
    if not Country.objects.exists():
        add_migrated_rows()
    load_story()
    return live_server.url


def pages() -> dict[str, str]:
    commission = Commission.objects.get(sessions__slug=SESSION_16)
    official = Official.objects.get(name="Yaşar Güler")
    return {
        "ties": reverse("relations:ties", args=["pk-tr"]),
        "country": reverse("relations:country-detail", args=["tr"]),
        "commission": commission.get_absolute_url(),
        "official": official.get_absolute_url(),
        "timeline": reverse("relations:timeline") + "?country=tr",
    }


def chart(page: Page):
    """The drawing the stylesheet shows at this width (the other one is hidden)."""
    charts = page.locator("svg.vtl-chart")
    visible = [charts.nth(i) for i in range(charts.count()) if charts.nth(i).is_visible()]
    assert len(visible) == 1
    return visible[0]


# The shape's own geometry, without its outline (a bounding box includes the stroke), in CSS px.
SHAPE_BOX = """shape => {
  const box = shape.getBBox(), screen = shape.getScreenCTM();
  return [box.x * screen.a + screen.e, box.width * screen.a];
}"""


def extent(page_chart, slug: str) -> tuple[float, float]:
    """The left edge and width of an event's mark, in CSS pixels."""
    return tuple(page_chart.locator(f'a[href="/events/{slug}/"] .vtl-shape').evaluate(SHAPE_BOX))


@pytest.mark.parametrize("width", WIDTHS)
def test_every_page_s_picture_links_each_mark_to_its_event_and_fits_the_width(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    for name, url in pages().items():
        page.goto(site + url)
        screenshot(page, f"visual-timeline-{name}-{width}")
        drawing = chart(page)
        hrefs = drawing.locator("a.vtl-mark").evaluate_all("marks => marks.map(m => m.getAttribute('href'))")
        assert hrefs, name
        assert f"/events/{SESSION_16}/" in hrefs, name
        for href in hrefs:
            assert resolve(href).url_name == "event-detail", href
        titles = drawing.locator("a.vtl-mark > title").all_text_contents()
        assert len(titles) == len(hrefs) and all(" — " in title for title in titles), name
        assert drawing.bounding_box()["width"] <= width
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth"), name


@pytest.mark.parametrize("width", WIDTHS)
def test_clicking_a_mark_opens_its_event(page, site, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + pages()["ties"])
    chart(page).locator(f'a[href="/events/{JULY_VISIT}/"] .vtl-shape').click()
    page.wait_for_url(f"**/events/{JULY_VISIT}/")
    assert page.get_by_role("heading", level=1).inner_text() == "Hakan Fidan and Yaşar Güler visit Pakistan"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["ties", "country", "timeline"])
def test_a_month_precision_event_is_a_band_as_wide_as_its_month(page, site, width, name):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + pages()[name])
    drawing = chart(page)
    # Two marks of known days give the scale: the 9 July visit (a dot over its day) and the
    # 16th session (8–9 September, a bar whose middle is the start of 9 September).
    dot_left, dot_width = extent(drawing, JULY_VISIT)
    bar_left, bar_width = extent(drawing, SESSION_16)
    dot_middle, bar_middle = dot_left + dot_width / 2, bar_left + bar_width / 2
    per_day = (bar_middle - dot_middle) / 61.5
    band_left, band_width = extent(drawing, SUPPORT)

    may_first = dot_middle - (dt.date(2025, 7, 9) - dt.date(2025, 5, 1)).days * per_day - per_day / 2
    assert band_left == pytest.approx(may_first, abs=1.5)
    assert band_width == pytest.approx(31 * per_day, abs=1.5)
    assert band_width > dot_width  # a month, even on a phone, is wider than a day's dot


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", ["ties", "country"])
def test_the_activity_chart_shows_the_quarters_with_their_numbers_and_fits_the_width(page, site, width, name):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(site + pages()[name])
    activity = page.locator("figure.activity-chart")
    activity.scroll_into_view_if_needed()
    screenshot(page, f"activity-{name}-{width}")
    assert activity.locator("svg.activity-svg").is_visible()
    assert activity.bounding_box()["width"] <= width
    titles = activity.locator("g.stack > title").all_text_contents()
    # The 16th session, Güler's official visit, the July visit and the July commission meeting.
    assert "2025 Q3: 4 cooperation events (" in " | ".join(titles)
    # Every bar is drawn with a height, and the numbers open in a table.
    heights = activity.locator("g.stack rect.seg").evaluate_all("rs => rs.map(r => r.getBBox().height)")
    assert heights and min(heights) > 0
    activity.get_by_text("Show the numbers").click()
    assert activity.locator("table").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("innerWidth")
