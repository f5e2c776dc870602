"""Following and citing in a real browser: the "Follow" row's links serve what they promise, and
"Cite this" gives the reader's own day accessed, in the text and in the downloads, under the
Content-Security-Policy, at a laptop's and a phone's width.

Uses the live server and Chromium fixtures of tests/test_browser.py (skipped without Chromium,
except in CI). Screenshots land beside that module's."""

from __future__ import annotations

import datetime as dt
import re

import feedparser
import icalendar
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from relations.models import Event
from tests import test_browser
from tests.test_browser import SESSION_16_SLUG, screenshot, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = test_browser.browser
migrated_rows = test_browser.migrated_rows
site = test_browser.site
page = test_browser.page
csp_page = test_browser.csp_page

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.mark.parametrize("width", WIDTHS)
def test_the_follow_row_links_a_feed_and_a_calendar_that_parse(csp_page, site, width):
    page = csp_page
    page.set_viewport_size(WIDTHS[width])
    visit(page, site + reverse("relations:ties", args=["pk-tr"]))
    row = page.get_by_role("navigation", name="Follow and reuse")
    expect(row).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, f"follow-ties-{width}", full_page=False)

    feed = page.request.get(site + row.get_by_role("link", name="Atom feed").get_attribute("href"))
    parsed = feedparser.parse(feed.body())
    assert parsed.version == "atom10" and not parsed.bozo
    session = Event.objects.get(slug=SESSION_16_SLUG)
    assert site + session.get_absolute_url() in [entry.id for entry in parsed.entries]

    calendar_link = row.get_by_role("link", name="Calendar (iCalendar)")
    calendar = page.request.get(site + calendar_link.get_attribute("href"))
    assert calendar.headers["content-type"].startswith("text/calendar")
    uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(calendar.body()).walk("VEVENT")]
    assert f"event-{session.pk}@diplomatic-ties-tracker" in uids
    assert page.csp_problems == []


@pytest.mark.parametrize("width", WIDTHS)
def test_cite_this_gives_the_reader_s_own_day_accessed(csp_page, site, width):
    """A page stored before midnight is read after it: the day accessed is the reader's."""
    page = csp_page
    page.set_viewport_size(WIDTHS[width])
    tomorrow = dt.datetime.now(dt.UTC).date() + dt.timedelta(days=1)
    page.clock.set_fixed_time(dt.datetime.combine(tomorrow, dt.time(0, 30), tzinfo=dt.UTC))
    visit(page, site + reverse("relations:event-detail", args=[SESSION_16_SLUG]))

    cite = page.get_by_role("region", name="Cite this")
    cite.scroll_into_view_if_needed()
    long_day = f"{tomorrow.day} {tomorrow:%B %Y}"
    expect(cite.locator(".cite-text")).to_contain_text(f"Accessed {long_day}.")
    session = Event.objects.get(slug=SESSION_16_SLUG)
    expect(cite.locator(".cite-text")).to_contain_text(f"/events/id/{session.pk}/")
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    screenshot(page, f"cite-event-{width}", full_page=False)

    bibtex = cite.get_by_role("link", name="BibTeX (.bib)")
    assert f"accessed={tomorrow.isoformat()}" in bibtex.get_attribute("href")
    download = page.request.get(bibtex.get_attribute("href"))
    assert download.status == 200
    assert re.search(rf"urldate\s*=\s*\{{{tomorrow.isoformat()}\}}", download.text())
    assert page.csp_problems == []
