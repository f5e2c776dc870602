"""The admin's autocomplete boxes in a real browser: typing "Türk" in an event's place country
offers Türkiye first, and an official's box names the office held, at 1280 and 390 px wide.

Reuses the fixtures of tests/test_browser.py (Chromium, a live server with the seed story);
screenshots land beside theirs, for a person to look at.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from relations.models import Event
from tests.test_browser import (  # noqa: F401  (fixtures)
    SESSION_16_SLUG,
    browser,
    log_in_to_admin,
    migrated_rows,
    screenshot,
    site,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def open_box(page: Page, field: str, term: str):
    """The options the box of ``field`` (the first, in an inline) offers for ``term``."""
    page.locator(f".field-{field} .select2-selection").first.click()
    search = page.locator(".select2-container--open .select2-search__field")
    expect(search).to_be_focused()
    page.keyboard.type(term)
    return page.locator(".select2-container--open .select2-results__option")


def fits(page: Page) -> bool:
    """Whether the open list of choices lies within the window's width."""
    box = page.locator(".select2-dropdown").bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= page.viewport_size["width"]


@pytest.mark.parametrize("width", WIDTHS)
def test_typing_turk_offers_turkiye_first_and_officials_name_their_office(browser, site, width):  # noqa: F811
    page = browser.new_page(viewport=WIDTHS[width])
    page.set_default_timeout(15_000)
    try:
        log_in_to_admin(page, site)
        event = Event.objects.get(slug=SESSION_16_SLUG)
        page.goto(site + reverse("admin:relations_event_change", args=[event.pk]))

        options = open_box(page, "place_country", "Türk")
        expect(options.nth(1)).to_have_text("Turkmenistan")
        expect(options.first).to_have_text("Türkiye")
        assert fits(page)
        screenshot(page, f"admin-lookup-country-{width}", full_page=False)
        page.keyboard.press("Enter")
        chosen = page.locator(".field-place_country .select2-selection__rendered")
        expect(chosen).to_have_attribute("title", "Türkiye")

        options = open_box(page, "place_country", "Turkey")
        expect(options).to_have_text(["Türkiye (Turkey)"])
        page.keyboard.press("Escape")

        options = open_box(page, "official", "dar")
        expect(options.first).to_contain_text("Ishaq Dar — Deputy Prime Minister, Pakistan (2024–)")
        assert fits(page)
        screenshot(page, f"admin-lookup-official-{width}", full_page=False)
    finally:
        page.close()
