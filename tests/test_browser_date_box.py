"""The date box in a real browser: the line under it says how the typed date will show, as the
editor types, from the server's own reader; long messages wrap under the box and nothing
scrolls sideways at a laptop's or a phone's width.

Uses the live server and Chromium fixtures of tests/test_browser.py (skipped without Chromium,
except in CI). Screenshots land beside that module's."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from relations.models import OfficeHeld
from tests import test_browser
from tests.test_browser import log_in_to_admin, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = test_browser.browser
migrated_rows = test_browser.migrated_rows
site = test_browser.site
page = test_browser.page
csp_page = test_browser.csp_page

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def sideways_overflow(page: Page) -> int:
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def box_edges(page: Page, selector: str) -> dict[str, float]:
    return page.locator(selector).evaluate(
        "e => { const r = e.getBoundingClientRect(); return {left: r.left, right: r.right}; }"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_the_event_date_box_says_how_the_typed_date_will_show(csp_page, site, width):
    page = csp_page
    page.set_viewport_size(WIDTHS[width])
    log_in_to_admin(page, site)
    page.goto(site + reverse("admin:relations_event_add"))

    box, line = page.locator("#id_date"), page.locator("#id_date_reading")
    expect(box).to_have_attribute("type", "text")
    box.press_sequentially("8-9 Sept 2025")
    expect(line).to_have_text("will show as 8–9 September 2025")
    assert sideways_overflow(page) <= 0
    screenshot(page, f"date-box-event-{width}", full_page=False)

    box.fill("")
    box.press_sequentially("09/10/2025")
    expect(line).to_contain_text("could be 9 October 2025 or 10 September 2025")
    expect(line).to_have_class("date-box-reading date-box-error")
    # The message wraps under the box, no wider than it.
    assert box_edges(page, "#id_date_reading")["right"] <= box_edges(page, "#id_date")["right"] + 1
    assert sideways_overflow(page) <= 0
    page.locator("#id_date").evaluate("row => row.scrollIntoView({block: 'center'})")
    screenshot(page, f"date-box-error-{width}", full_page=False)

    page.csp_problems.extend(page.evaluate("window.cspViolations"))
    assert page.csp_problems == []


def test_a_typed_date_is_saved_at_its_precision(page, site):
    log_in_to_admin(page, site)
    office = OfficeHeld.objects.order_by("pk").first()
    page.goto(site + reverse("admin:relations_officeheld_change", args=[office.pk]))
    page.locator("#id_end").fill("")
    page.locator("#id_end").press_sequentially("early 2026")
    expect(page.locator("#id_end_reading")).to_contain_text("type one month, such as April 2026")
    page.locator("#id_end").fill("")
    page.locator("#id_end").press_sequentially("Sept 2026")
    expect(page.locator("#id_end_reading")).to_have_text("will show as September 2026")
    page.get_by_role("button", name="Save and continue editing").first.click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    office.refresh_from_db()
    assert office.end.edtf() == "2026-09"
    # Without a keystroke, the line under the box is the server's reading of the saved value.
    expect(page.locator("#id_end_reading")).to_have_text("will show as September 2026")


def test_a_row_added_to_an_inline_reads_its_date_too(page, site):
    log_in_to_admin(page, site)
    page.goto(site + reverse("admin:relations_country_change", args=["TR"]))
    page.locator("#names-group .add-row a").click()
    row = page.locator("#names-group tbody tr.form-row:not(.empty-form)").last
    row.locator("input[name$='valid_from']").press_sequentially("29 October 1923")
    expect(row.locator(".date-box-reading").first).to_have_text("will show as 29 October 1923")
    row.locator("input[name$='valid_until']").press_sequentially("June 2022")
    expect(row.locator(".date-box-reading").last).to_contain_text("“June 2022” is a month")
