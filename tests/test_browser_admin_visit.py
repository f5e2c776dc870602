"""Recording a visit through the admin's event form in a real browser, at a laptop's width and a
phone's: Türkiye's foreign minister visits Pakistan and meets its deputy prime minister; one
pledge with two parties, a target and a source. The form proposes the sides, the countries
involved and the pledge's parties and source; nothing scrolls sideways.

Uses the live server and Chromium fixtures of tests/test_browser.py (skipped without Chromium,
except in CI). Screenshots land beside that module's, and in $EVENT_FORM_SHOTS if set."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from relations.models import Event, Source
from tests import test_browser
from tests.test_browser import SCREENSHOTS, SESSION_16_SLUG, log_in_to_admin, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = test_browser.browser
migrated_rows = test_browser.migrated_rows
site = test_browser.site
page = test_browser.page

TITLE = "Hakan Fidan's visit to Islamabad"
WIDTHS = {"laptop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


def keep(name: str) -> None:
    """Copies a screenshot to $EVENT_FORM_SHOTS too, where one is asked for."""
    folder = os.environ.get("EVENT_FORM_SHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(SCREENSHOTS / f"{name}.png", Path(folder) / f"{name}.png")


def pick(page: Page, cell, search: str, option: str) -> None:
    """Chooses in an autocomplete: open it, type, click the option."""
    cell.locator(".select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).first.click()


def assert_fits(page: Page, what: str) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), f"{what} scrolls sideways ({width} px)"


@pytest.mark.parametrize("device", WIDTHS)
def test_a_visit_is_recorded_in_one_form_that_fits_the_window(page, site, device):
    page.set_viewport_size(WIDTHS[device])
    page.set_default_timeout(10_000)
    log_in_to_admin(page, site)
    source = Source.objects.order_by("pk").first()
    page.goto(site + reverse("admin:relations_event_add"))
    assert_fits(page, "the empty form")

    page.get_by_label("Title").fill(TITLE)
    page.locator("#id_kind").select_option("visit")
    page.get_by_label("Date").fill("2025-11-20")
    page.locator("#id_place").fill("Islamabad")
    pick(page, page.locator(".field-place_country"), "Pakis", "Pakistan")
    people = page.locator("#participants-group tr.form-row:not(.empty-form)")
    for row, (search, side, capacity) in enumerate(
        [("Fidan", "Türkiye", "Minister of Foreign Affairs"), ("Dar", "Pakistan", "Deputy Prime Minister")]
    ):
        pick(page, people.nth(row).locator("td.field-official"), search, search)
        # The side is the official's nationality, proposed as soon as the official is chosen.
        expect(people.nth(row).locator("td.field-side .select2-selection")).to_contain_text(side)
        people.nth(row).locator("td.field-capacity input").fill(capacity)
    # The countries involved follow the sides: the place's country hosts, the other visits.
    countries = page.locator("#event_countries-group tr.form-row:not(.empty-form)")
    expect(countries.locator("td.field-country .select2-selection", has_text="Pakistan")).to_have_count(1)
    expect(countries.locator("td.field-country .select2-selection", has_text="Türkiye")).to_have_count(1)
    # A third participant row appeared when the second was filled, with no click.
    expect(people).to_have_count(3)

    pick(
        page,
        page.locator("#citations-group tr.form-row").first.locator("td.field-source"),
        "Arab",
        "Arab News",
    )
    pledge = page.locator("#pledges-group tr.form-row:not(.empty-form)").first
    pledge.locator("td.field-title input").fill("Raise bilateral trade to US$5 billion a year")
    pledge.locator("td.field-target_amount input").fill("5000000000")
    pledge.locator("td.field-target_currency input").fill("USD")
    pledge.locator("td.field-target_measure input").fill("bilateral trade per year")
    # Its parties are offered among the countries involved; none ticked binds them all.
    expect(pledge.locator("td.field-parties label")).to_have_count(2)
    expect(pledge.locator("td.field-source select")).to_have_value(
        str(Source.objects.get(publisher="Arab News").pk)
    )
    pick(
        page,
        page.locator("#links_out-group tr.form-row").first.locator("td.field-to_event"),
        "16th",
        "16th session",
    )
    assert_fits(page, "the filled form")
    screenshot(page, f"admin-event-visit-{device}")
    keep(f"admin-event-visit-{device}")

    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    event = Event.objects.get(title=TITLE)
    assert sorted(event.event_countries.values_list("country_id", "role")) == [
        ("PK", "host"),
        ("TR", "visitor"),
    ]
    assert list(event.participants.values_list("official__name", "side_id", "role")) == [
        ("Hakan Fidan", "TR", "guest"),
        ("Ishaq Dar", "PK", "host"),
    ]
    made = event.pledges.get()
    assert made.target_text == "US$5 billion: bilateral trade per year"
    assert sorted(made.parties.values_list("country_id", "role")) == [("PK", "mutual"), ("TR", "mutual")]
    assert made.citations.get().source.publisher == "Arab News"
    assert event.citations.get().source.publisher == "Arab News"
    assert event.links_out.get().to_event.slug == SESSION_16_SLUG
    assert source is not None

    # The saved form: the pledge listed with its parties ticked; the 16th session shows the
    # visit among the events linking to it.
    assert_fits(page, "the saved form")
    expect(page.locator("#pledges-group td.field-parties input:checked")).to_have_count(2)
    screenshot(page, f"admin-event-saved-{device}")
    keep(f"admin-event-saved-{device}")
    session = Event.objects.get(slug=SESSION_16_SLUG)
    page.goto(site + reverse("admin:relations_event_change", args=[session.pk]))
    expect(
        page.locator("#links_in-group td.field-from_event .select2-selection", has_text=TITLE)
    ).to_have_count(1)
    assert_fits(page, "the 16th session's form")
    screenshot(page, f"admin-event-session-{device}")
    keep(f"admin-event-session-{device}")
