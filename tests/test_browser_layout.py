"""Every page in a real browser on a phone, in the dark and on paper: nothing scrolls sideways at
390 px, no name runs into a number, the dark scheme is dark, print drops the site's navigation and
forms, and flags keep a size that matches the text beside them.

Uses the live server and Chromium fixtures of tests/test_browser.py (skipped without Chromium,
except in CI). Screenshots of each page at each width and scheme land beside that module's."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from relations.models import Commission, Country, Official, Pledge
from tests import test_browser
from tests.test_browser import SESSION_16_SLUG, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The browser, the live server with the seed story, and a fresh page per test.
browser = test_browser.browser
migrated_rows = test_browser.migrated_rows
site = test_browser.site
page = test_browser.page

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
# A letter straight into a digit ("Pakistan1975"), or a number straight into a word
# ("2025Islamabad"); ordinals such as "16th" are words of their own.
GLUED = re.compile(r"[^\W\d_]\d|\d(?!st\b|nd\b|rd\b|th\b)[^\W\d_]{2,}")


def page_paths() -> dict[str, str]:
    return {
        "home": reverse("relations:home"),
        "timeline": reverse("relations:timeline"),
        "ties": reverse("relations:ties", args=["pk-tr"]),
        "country": reverse("relations:country-detail", args=["pk"]),
        "countries": reverse("relations:country-list"),
        "commissions": reverse("relations:commission-list"),
        "commission": Commission.objects.get(acronym="JMC").get_absolute_url(),
        "officials": reverse("relations:official-list"),
        "official": Official.objects.get(slug="hakan-fidan").get_absolute_url(),
        "pledges": reverse("relations:pledge-list"),
        "pledge": Pledge.objects.order_by("pk").first().get_absolute_url(),
        "event": reverse("relations:event-detail", args=[SESSION_16_SLUG]),
        "404": "/no-such-page/",
    }


def glued_text(page: Page) -> list[str]:
    """Words in the page's visible text where a letter meets a digit with nothing between."""
    words = page.locator("main").inner_text().split()
    # A quarter on a chart's axis ("Q3") is one word, not two run together.
    return [word for word in words if GLUED.search(word) and not re.fullmatch(r"Q[1-4]", word)]


def luminance(css_colour: str) -> float:
    """Relative luminance (WCAG) of an ``rgb(…)`` or ``rgba(…)`` computed colour."""
    r, g, b = (int(v) / 255 for v in re.findall(r"[\d.]+", css_colour)[:3])
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def test_no_page_scrolls_sideways_or_glues_words_to_numbers_on_a_phone(page, site):
    page.set_viewport_size(PHONE)
    for name, path in page_paths().items():
        page.goto(site + path)
        screenshot(page, f"phone-{name}")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= page.evaluate("window.innerWidth"), f"{name} scrolls sideways ({width} px)"
        assert glued_text(page) == [], name
        # The page's first line keeps clear of the header bar.
        header = page.locator(".site-header").bounding_box()
        first = page.locator("main > *").first.bounding_box()
        assert first["y"] - (header["y"] + header["height"]) >= 16, name


def test_a_long_country_name_wraps_instead_of_pushing_the_page_sideways(page, site):
    Official.objects.create(name="Ralph Gonsalves", nationality=Country.objects.get(code="VC"))
    page.set_viewport_size(PHONE)
    for path in (reverse("relations:official-list"), reverse("relations:official-list") + "?country=vc"):
        page.goto(site + path)
        expect(page.get_by_role("link", name="Saint Vincent and the Grenadines").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], path
    screenshot(page, "phone-officials-of-saint-vincent")


def test_tables_become_labelled_cards_on_a_phone_and_stay_tables_on_a_desktop(page, site):
    page.set_viewport_size(PHONE)
    page.goto(site + reverse("relations:commission-list"))
    cell = page.locator(".data-table td[data-label='Founded']").last
    assert cell.evaluate("td => getComputedStyle(td).display") == "block"
    assert cell.evaluate("td => getComputedStyle(td, '::before').content") == '"Founded"'
    assert page.locator(".data-table thead").bounding_box()["height"] <= 1

    page.set_viewport_size(DESKTOP)
    assert cell.evaluate("td => getComputedStyle(td).display") == "table-cell"
    assert glued_text(page) == []


def test_the_commission_list_shows_a_member_and_the_founding_year_apart(page, site):
    """Readers saw "Pakistan1975": a country's name overflowed its cell into the next one."""
    for viewport in (PHONE, DESKTOP):
        page.set_viewport_size(viewport)
        page.goto(site + reverse("relations:commission-list"))
        row = page.locator(".data-table tbody tr").filter(has_text="1975")
        members = row.locator("td[data-label='Members']").bounding_box()
        founded = row.locator("td[data-label='Founded']").bounding_box()
        for link in row.locator("td[data-label='Members'] a").all():
            box = link.bounding_box()
            assert box["x"] + box["width"] <= members["x"] + members["width"] + 1
        below = founded["y"] >= members["y"] + members["height"] - 1
        beside = founded["x"] >= members["x"] + members["width"] - 1
        assert below or beside


@pytest.mark.parametrize("name", ["ties", "event", "pledges", "commission"])
def test_the_dark_scheme_shows_light_text_on_a_dark_page(page, site, name):
    page.emulate_media(color_scheme="dark")
    page.goto(site + page_paths()[name])
    screenshot(page, f"dark-{name}")
    body = page.evaluate("getComputedStyle(document.body).backgroundColor")
    text = page.evaluate("getComputedStyle(document.body).color")
    assert luminance(body) < 0.05
    assert luminance(text) > 0.6
    # Badges follow: their text stands out from their own background (WCAG AA, 4.5:1).
    for badge in page.locator("main .status, main .badge").all()[:5]:
        fg, bg = badge.evaluate("b => [getComputedStyle(b).color, getComputedStyle(b).backgroundColor]")
        light, dark = sorted((luminance(fg), luminance(bg)), reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5


@pytest.mark.parametrize("name", ["timeline", "pledges", "event", "ties", "pledge"])
def test_printing_drops_navigation_and_forms_and_prints_black_on_white(page, site, name):
    page.emulate_media(media="print")
    page.goto(site + page_paths()[name])
    screenshot(page, f"print-{name}")

    assert page.locator("nav[aria-label='Main']").is_hidden()
    assert page.locator("form.site-search").is_hidden()
    assert page.locator("form.filters").count() == 0 or page.locator("form.filters").is_hidden()
    assert page.evaluate("getComputedStyle(document.body).color") == "rgb(0, 0, 0)"
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(255, 255, 255)"


def test_a_printed_event_shows_where_its_sources_are_found(page, site):
    page.emulate_media(media="print")
    page.goto(site + page_paths()["event"])
    source = page.locator(".sources a[href^='http']").first
    href = source.get_attribute("href")
    assert source.evaluate("a => getComputedStyle(a, '::after').content") == f'" ({href})"'


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_flag_beside_a_heading_grows_with_it(page, site, viewport):
    page.set_viewport_size(viewport)
    page.goto(site + page_paths()["ties"])
    heading = page.get_by_role("heading", level=1)
    font_size = float(heading.evaluate("h => getComputedStyle(h).fontSize").removesuffix("px"))
    for flag in heading.locator("img.flag").all():
        box = flag.bounding_box()
        assert 0.6 * font_size <= box["height"] <= font_size
        assert box["width"] == pytest.approx(box["height"] * 16 / 11, abs=1.5)
    # In running text a flag stays small but never a dot.
    row_flag = page.locator(".event-row img.flag").first.bounding_box()
    assert 10 <= row_flag["height"] <= 14
