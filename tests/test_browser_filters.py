"""The timeline's filters in a real browser: on a phone the first event shows without scrolling
past the form, countries are typed by name with suggestions, and nothing scrolls sideways.

Reuses the fixtures of tests/test_browser.py (Chromium, a live server with the seed story);
screenshots at 1280 and 390 px wide land beside theirs, for a person to look at.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.test_browser import browser, migrated_rows, screenshot, site  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def phone(browser, site):  # noqa: F811
    page = browser.new_page(viewport=PHONE)
    page.set_default_timeout(5_000)
    yield page
    page.close()


@pytest.fixture
def desktop(browser, site):  # noqa: F811
    page = browser.new_page(viewport=DESKTOP)
    page.set_default_timeout(5_000)
    yield page
    page.close()


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_on_a_phone_the_first_event_shows_without_scrolling_past_the_form(phone, site):  # noqa: F811
    phone.goto(site + reverse("relations:timeline"))
    first = phone.locator(".timeline .event-row").first
    expect(first).to_be_visible()
    box = first.bounding_box()
    assert box is not None and box["y"] + 40 < PHONE["height"], box  # its date and kind at least
    expect(phone.locator(".filter-panel")).not_to_have_attribute("open", "")
    expect(phone.get_by_label("Countries", exact=True)).to_be_hidden()  # folded away, until asked for
    expect(phone.locator(".result-count")).to_contain_text("events")
    assert not scrolls_sideways(phone)
    screenshot(phone, "filters-timeline-390")


def test_typing_pak_offers_pakistan_and_the_name_filters_by_its_code(phone, site):  # noqa: F811
    phone.goto(site + reverse("relations:timeline"))
    phone.locator(".filter-panel > summary").click()
    countries = phone.get_by_label("Countries", exact=True)
    expect(countries).to_be_visible()
    countries.fill("Pak")
    assert countries.get_attribute("list") == "country-names"
    suggested = phone.evaluate(
        """(typed) => [...document.getElementById('country-names').options]
            .map(option => option.value)
            .filter(name => name.toLowerCase().includes(typed.toLowerCase()))""",
        "Pak",
    )
    assert suggested == ["Pakistan"]
    countries.fill("Pakistan")
    phone.get_by_role("button", name="Apply filters").click()

    expect(phone).to_have_url(re.compile(r"/timeline/\?country=Pakistan&"))
    chip = phone.locator(".chip", has_text="Country: Pakistan")
    expect(chip).to_be_visible()
    expect(phone.locator(".filter-panel > summary")).to_have_text("Filters (1 active)")
    first = phone.locator(".timeline .event-row").first
    assert first.bounding_box()["y"] + 40 < PHONE["height"]
    assert not scrolls_sideways(phone)
    screenshot(phone, "filters-timeline-pakistan-390")

    chip.click()
    expect(phone.locator(".chip")).to_have_count(0)


def test_an_unknown_name_shows_the_form_open_with_the_message(phone, site):  # noqa: F811
    response = phone.goto(site + reverse("relations:timeline") + "?country=Atlantis")
    assert response.status == 400
    expect(phone.locator(".field-error")).to_have_text(
        "“Atlantis” is not a country name or code we know (such as Pakistan or PK)."
    )
    assert not scrolls_sideways(phone)


def test_on_a_wide_screen_the_form_and_the_counts_are_shown(desktop, site):  # noqa: F811
    desktop.goto(site + reverse("relations:timeline") + "?country=tr")
    expect(desktop.get_by_label("Countries", exact=True)).to_be_visible()
    expect(desktop.get_by_label("Countries", exact=True)).to_have_value("Türkiye")
    expect(desktop.locator(".facet-links").first).to_contain_text("Pakistan (")
    expect(desktop.locator("#id_kind option", has_text="meeting (")).to_have_count(1)
    assert not scrolls_sideways(desktop)
    screenshot(desktop, "filters-timeline-1280")
    desktop.goto(site + reverse("relations:pledge-list") + "?country=pk")
    expect(desktop.locator(".result-count")).to_contain_text("pledges")
    screenshot(desktop, "filters-pledges-1280")
