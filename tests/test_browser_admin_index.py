"""The admin index in a real browser, at a laptop's width and a phone's, light and dark: the
tasks first, the counts that need attention, and nothing that scrolls sideways.

Uses the live server and Chromium fixtures of tests/test_browser.py (skipped without Chromium,
except in CI).
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import test_browser
from tests.test_browser import log_in_to_admin, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = test_browser.browser
migrated_rows = test_browser.migrated_rows
site = test_browser.site
page = test_browser.page

TASKS = ["Add from article", "Record an event", "Update a pledge's status", "Add an observation"]


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_index_fits_and_leads_with_the_tasks(page, site, width, scheme):
    page.set_viewport_size({"width": width, "height": 900})
    page.emulate_media(color_scheme=scheme)
    log_in_to_admin(page, site)
    tasks = page.locator(".task-label")
    expect(tasks).to_have_text(TASKS)
    expect(page.get_by_role("heading", name="Needs attention")).to_be_visible()
    # The tasks are above the counts, the counts above the records.
    tops = [
        page.locator(selector).first.bounding_box()["y"]
        for selector in (".index-tasks", ".index-attention", ".app-relations")
    ]
    assert tops == sorted(tops)
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    for task in tasks.all():
        box = task.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    screenshot(page, f"admin-index-{width}-{scheme}")


def test_a_count_opens_the_change_list_it_counts(page, site):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in_to_admin(page, site)
    item = page.locator(".attention-list a", has_text="Pledges silent for over a year")
    count = int(item.locator(".attention-count").inner_text().replace(",", ""))
    item.click()
    page.wait_for_load_state()
    assert "attention=silent" in page.url
    assert page.locator("#result_list tbody tr").count() == count
    screenshot(page, "admin-index-silent-pledges")
