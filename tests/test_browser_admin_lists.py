"""The admin's event list and an event's history in a real browser, at a laptop's 1280 px and a
phone's 390 px: nothing wider than the window, a filter panel that no longer grows with the
countries, a country chosen by typing in Django's own autocomplete (and cleared), and the
history's removed and added words.

Uses the live server and Chromium fixtures of tests/test_browser.py (skipped without Chromium,
except in CI). Screenshots land in $SCREENSHOT_DIR/tracker-screenshots, one per page and width;
each test prints the page heights it measured."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from relations.models import Event
from tests import test_browser
from tests.test_browser import SESSION_16_SLUG, log_in_to_admin, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = test_browser.browser
migrated_rows = test_browser.migrated_rows
site = test_browser.site
page = test_browser.page

WIDTHS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
# The event list was 7,096 px tall with every country listed in its filter.
MAX_LIST_HEIGHT = {"laptop": 2000, "phone": 3000}


def measure(page: Page) -> tuple[int, int]:
    return page.evaluate("[document.documentElement.scrollWidth, document.documentElement.scrollHeight]")


@pytest.mark.parametrize("device", WIDTHS)
def test_the_event_list_fits_and_its_filters_do_not_list_every_country(page, site, device):
    page.set_viewport_size(WIDTHS[device])
    log_in_to_admin(page, site)
    page.goto(site + reverse("admin:relations_event_changelist"))
    expect(page.locator("#result_list")).to_be_visible()
    width, height = measure(page)
    print(f"event list at {device}: {width} × {height} px")
    screenshot(page, f"admin-event-list-{device}")
    assert width <= WIDTHS[device]["width"]
    assert height < MAX_LIST_HEIGHT[device]
    assert page.locator("#changelist-filter").get_by_text("Japan").count() == 0
    # A long title shows at most about two lines.
    title = page.locator("#result_list th.field-title a").first
    line = float(title.evaluate("a => parseFloat(getComputedStyle(a).lineHeight) || 16"))
    assert title.evaluate("a => a.getBoundingClientRect().height") <= 2.5 * line
    if device == "laptop":
        # The list's own columns fit its box: nothing scrolls sideways inside it either.
        table, box = page.locator("#result_list"), page.locator("#changelist .results")
        inner = [table.evaluate("t => t.scrollWidth"), box.evaluate("b => b.clientWidth")]
        assert inner[0] <= inner[1] + 1, inner


def test_a_country_is_chosen_by_typing_and_cleared(page, site):
    page.set_viewport_size(WIDTHS["laptop"])
    log_in_to_admin(page, site)
    page.goto(site + reverse("admin:relations_event_changelist"))
    box = page.locator("details[data-filter-title='countries'] .select2-selection")
    expect(box).to_be_visible()
    box.click()
    page.locator(".select2-search__field").fill("Indi")
    page.get_by_role("option", name="India", exact=True).click()
    page.wait_for_url("**countries__code__exact=IN**")
    rows = page.locator("#result_list tbody tr")
    expect(rows).to_have_count(Event.objects.filter(countries="IN").count())
    expect(
        page.locator("details[data-filter-title='countries'] .select2-selection__rendered")
    ).to_contain_text("India")
    screenshot(page, "admin-event-list-india-laptop")
    page.locator("details[data-filter-title='countries'] .typed-filter-clear").click()
    page.wait_for_url(lambda url: "countries__code__exact" not in url)
    expect(rows).to_have_count(Event.objects.count())


def test_the_typed_filter_works_without_javascript(browser, site):
    context = browser.new_context(java_script_enabled=False, viewport=WIDTHS["laptop"])
    page = context.new_page()
    try:
        log_in_to_admin(page, site)
        page.goto(site + reverse("admin:relations_event_changelist"))
        page.get_by_label("Countries").fill("india")
        page.locator("details[data-filter-title='countries']").get_by_role("button", name="Filter").click()
        expect(page.locator("#result_list tbody tr")).to_have_count(
            Event.objects.filter(countries="IN").count()
        )
        expect(page.locator(".typed-filter-chosen")).to_contain_text("India")
    finally:
        context.close()


@pytest.mark.parametrize("device", WIDTHS)
def test_an_events_history_fits_and_marks_removed_and_added_words(page, site, device):
    event = Event.objects.get(slug=SESSION_16_SLUG)
    event.summary = "The commission met in Islamabad and agreed on trade, energy and defence."
    event.save()
    event.summary = "The commission met in Islamabad and agreed on trade and defence, with a new target."
    event.save()
    page.set_viewport_size(WIDTHS[device])
    log_in_to_admin(page, site)
    page.goto(site + reverse("admin:relations_event_history", args=[event.pk]))
    expect(page.locator(".history-diff del").first).to_be_visible()
    expect(page.locator(".history-diff ins").first).to_be_visible()
    expect(page.get_by_text("Participant added: Yaşar Güler (Türkiye)")).to_be_visible()
    expect(page.locator("td.history-by", has_text="seed loader").first).to_be_visible()
    assert page.locator("td.history-by", has_text="None").count() == 0
    width, height = measure(page)
    print(f"event history at {device}: {width} × {height} px")
    screenshot(page, f"admin-event-history-{device}")
    assert width <= WIDTHS[device]["width"]
