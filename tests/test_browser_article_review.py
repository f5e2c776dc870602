""" "Add from article" in a real browser at a laptop's and a phone's width: the seed article is
pasted and reviewed, the save bar stays in view while the page scrolls and counts what is
ticked, a country unticked is no longer offered as a pledge's party, nothing scrolls sideways,
and "Save all" records the meeting.

Uses the live server and Chromium fixtures of tests/test_browser.py (skipped without Chromium,
except in CI); screenshots land beside that module's."""

from __future__ import annotations

import re
from unittest import mock

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from relations.models import ArticleDraft
from tests import test_browser
from tests.seed_article import seed_proposals
from tests.test_browser import SCREENSHOTS, SEED_ARTICLE, SEED_ARTICLE_TITLE, log_in_to_admin, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

browser = test_browser.browser
migrated_rows = test_browser.migrated_rows
site = test_browser.site
page = test_browser.page

WIDTHS = {"laptop": {"width": 1280, "height": 800}, "phone": {"width": 390, "height": 844}}


def bar_in_view(page: Page) -> bool:
    box = page.locator(".save-bar").bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height + 1


@pytest.mark.parametrize("width", WIDTHS)
def test_the_seed_article_is_reviewed_and_saved_with_the_save_bar_in_view(page, site, width):
    page.set_viewport_size(WIDTHS[width])
    log_in_to_admin(page, site)
    page.goto(site + reverse("admin:relations_source_add_from_article"))
    page.get_by_label("Article text").fill(SEED_ARTICLE)
    page.get_by_label("Title").fill(SEED_ARTICLE_TITLE)
    page.get_by_label("Publisher").fill("Arab News")
    page.get_by_label("Published on").fill("2025-09-09")
    page.get_by_role("button", name="Find the records").click()
    expect(page.locator("#article-heading")).to_have_text(SEED_ARTICLE_TITLE)
    assert ArticleDraft.objects.count() == 1

    # Nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTHS[width]["width"]
    screenshot(page, f"admin-article-review-{width}")
    height = page.evaluate("document.documentElement.scrollHeight")
    fields = page.evaluate(
        "[...document.querySelectorAll('#review_form input:not([type=hidden]), #review_form select, "
        "#review_form textarea')].filter(e => e.checkVisibility()).length"
    )
    print(f"{width}: review page {height} px tall, {fields} fields in view")

    # The save bar is in view at the top, in the middle and at the end of the page.
    count = page.locator("#ticked-count")
    for share in (0, 0.5, 1):
        page.evaluate(f"window.scrollTo(0, document.documentElement.scrollHeight * {share})")
        assert bar_in_view(page), share
    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight * 0.5)")
    screenshot(page, f"admin-article-review-{width}-scrolled", full_page=False)

    # Unticking a country takes it out of every pledge's parties, and out of the count.
    ticked = int(count.inner_text())
    india = page.locator('input[data-country="IN"]')
    if india.count():
        party = page.locator('input[name$="-parties"][value="IN"]').first
        was_ticked = india.is_checked()
        india.set_checked(not was_ticked)
        expect(count).to_have_text(str(ticked + (-1 if was_ticked else 1)))
        expect(party).to_be_visible() if not was_ticked else expect(party).to_be_hidden()
        india.set_checked(was_ticked)
        expect(count).to_have_text(str(ticked))
    assert re.fullmatch(r"\d+", count.inner_text())

    page.get_by_role("button", name="Save all").click()
    expect(page.locator(".messagelist .success").first).to_be_visible()
    assert "/admin/relations/event/" in page.url
    assert ArticleDraft.objects.count() == 0
    screenshot(page, f"admin-article-saved-{width}", full_page=False)


def test_a_doubtful_proposal_shows_unticked_with_its_reason(page, site):
    proposals = seed_proposals()
    proposals.officials[2].doubt = "a single word after a title"
    proposals.countries[2].doubt = "only in the dateline"
    page.set_viewport_size(WIDTHS["laptop"])
    log_in_to_admin(page, site)
    with mock.patch("relations.extract.extract", return_value=proposals, create=True):
        page.goto(site + reverse("admin:relations_source_add_from_article"))
        page.get_by_label("Article text").fill(SEED_ARTICLE)
        page.get_by_label("Title").fill(SEED_ARTICLE_TITLE)
        page.get_by_label("Publisher").fill("Arab News")
        page.get_by_label("Published on").fill("2025-09-09")
        page.get_by_role("button", name="Find the records").click()
    officials = page.locator("#proposal-officials")
    expect(officials.get_by_text("Left unticked: a single word after a title.")).to_be_visible()
    expect(page.locator("#id_official-2-include")).not_to_be_checked()
    expect(page.get_by_text("Left unticked: only in the dateline.")).to_be_visible()
    # India, unticked, is offered to no pledge as a party until it is ticked.
    party = page.locator('input[name$="-parties"][value="IN"]').first
    expect(party).to_be_hidden()
    page.locator('input[data-country="IN"]').check()
    expect(party).to_be_visible()
    page.locator("#proposal-countries").scroll_into_view_if_needed()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for name in ("countries", "officials"):
        path = SCREENSHOTS / f"admin-article-review-doubt-{name}.png"
        page.locator(f"#proposal-{name}").screenshot(path=path)
