"""The pages in a real browser: headless Chromium (Debian's, driven by Playwright) against a live
server holding the seed story.

Without Chromium these tests are skipped, except in CI (CI=true), where a missing browser fails
them. Full-page screenshots land outside the repository, in $SCREENSHOT_DIR/tracker-screenshots
(the system's temporary folder by default), for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.db.models import F
from django.urls import resolve, reverse
from playwright.sync_api import Browser, Page, expect, sync_playwright

from relations.models import Commission, Country, CountryName, Event, EventKind, Official, Pledge, Sector
from tests.seed_article import TEXT as SEED_ARTICLE
from tests.seed_article import TITLE as SEED_ARTICLE_TITLE
from tests.world import load_story

pytestmark = [
    pytest.mark.browser,
    # The live server is another thread: the seed must be committed, not inside a test transaction.
    pytest.mark.django_db(transaction=True),
]

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MISSING_CHROMIUM = "Chromium not installed: apt-get install chromium"
SESSION_16 = "16th session of the Pakistan–Türkiye Joint Ministerial Commission"
SESSION_16_SLUG = "2025-pakistan-turkiye-jmc-16th-session"
TURKIYE_SUPPORT = "Türkiye publicly supports Pakistan in its conflict with India"
SCREENSHOTS = Path(os.environ.get("SCREENSHOT_DIR", tempfile.gettempdir())) / "tracker-screenshots"


def chromium_executable() -> str | None:
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    return shutil.which("chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    executable = chromium_executable()
    if executable is None:
        if os.environ.get("CI") == "true":
            pytest.fail(MISSING_CHROMIUM)
        pytest.skip(MISSING_CHROMIUM)
    with pytest.MonkeyPatch.context() as patch:
        # Playwright's sync API keeps an event loop running in this thread, and Django then
        # refuses ORM calls here (the seed, the flush between tests). Safe: that loop only waits
        # on the browser, never runs Django code. Set for this module only.
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()


@pytest.fixture(scope="module")
def migrated_rows(django_db_setup, django_db_blocker) -> list[list]:
    """The rows the migrations load (countries and their names, the event kinds' codebook, parent
    kinds first), read before the first flush. When another module's flush has already emptied
    their tables, the migration's own functions fill them again first."""
    with django_db_blocker.unblock():
        if not Country.objects.exists():
            migration = importlib.import_module("relations.migrations.0001_squashed_0020_names")
            migration.add_countries(django_apps, None)
            migration.add_event_kinds(django_apps, None)
        return [
            list(Country.objects.all()),
            list(CountryName.objects.all()),
            list(EventKind.objects.order_by(F("parent").asc(nulls_first=True), "pk")),
        ]


@pytest.fixture
def site(browser, live_server, migrated_rows) -> str:
    """The live server's address, with the rows the migrations load and the seed story."""
    if not Country.objects.exists():
        # The flush after each live-server test empties the tables the migrations filled.
        # (serialized_rollback cannot help: while Playwright's loop runs, Django hands this
        # thread a fresh connection object that lacks the serialized copy.)
        for rows in migrated_rows:
            type(rows[0]).objects.bulk_create(rows)
    load_story()
    return live_server.url


@pytest.fixture
def page(browser, site) -> Iterator[Page]:
    page = browser.new_page()
    page.set_default_timeout(5_000)
    yield page
    page.close()


def screenshot(page: Page, name: str, *, full_page: bool = True) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=full_page)


def first_day(iso: str) -> dt.date:
    """The first day an EDTF-like ``datetime`` value (2025, 2025-05, 2025-05-07) may mean."""
    year, month, day = ([*map(int, iso.split("-")), 1, 1])[:3]
    return dt.date(year, month, day)


def test_the_live_server_shares_no_database_connection_with_the_test(live_server):
    """Each of the live server's threads opens its own connection (tests/conftest.py says why):
    on SQLite the run's test database is a file, not one in-memory connection handed around."""
    assert live_server.thread.connections_override == {}
    if connection.vendor == "sqlite":
        assert not connection.is_in_memory_db()


def test_the_home_page_leads_to_the_16th_session_and_its_dates(page, site):
    page.goto(site + reverse("relations:home"))
    page.get_by_role("link", name=SESSION_16, exact=True).first.click()

    expect(page).to_have_url(site + reverse("relations:event-detail", args=[SESSION_16_SLUG]))
    expect(page.get_by_role("heading", level=1)).to_have_text(SESSION_16)
    expect(page.get_by_text("8–9 September 2025").first).to_be_visible()


def test_a_pair_lists_its_events_newest_first_with_a_month_shown_as_a_month(page, site):
    page.goto(site + reverse("relations:ties", args=["pk-tr"]))
    rows = page.locator(".timeline .event-row")
    expect(rows.first).to_be_visible()

    firsts = [first_day(row.locator("time").first.get_attribute("datetime")) for row in rows.all()]
    assert len(firsts) >= 5
    assert firsts == sorted(firsts, reverse=True)

    support = rows.filter(has=page.get_by_role("link", name=TURKIYE_SUPPORT, exact=True))
    expect(support.locator(".event-when")).to_have_text("May 2025")
    expect(support.locator(".event-when time")).to_have_attribute("datetime", "2025-05")
    assert not re.search(r"\b1 May 2025", page.locator("main").inner_text())
    screenshot(page, "ties-pk-tr")


def test_a_pair_in_the_other_order_redirects(page, site):
    response = page.goto(site + reverse("relations:ties", args=["tr-pk"]))

    assert response.request.redirected_from.response().status == 301
    assert page.url == site + reverse("relations:ties", args=["pk-tr"])


def test_filtering_the_timeline_by_energy_keeps_only_energy_events(page, site):
    page.goto(site + reverse("relations:timeline"))
    rows = page.locator(".timeline .event-row")
    before = rows.count()

    page.get_by_label("Sector", exact=True).select_option("energy")  # its label shows a count
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url(re.compile(r"[?&]sector=energy\b"))

    titles = rows.locator(".event-title a")
    expect(titles.filter(has_text=SESSION_16)).to_have_count(1)
    assert 0 < rows.count() < before
    energy = Sector.objects.subtree_ids(Sector.objects.get(slug="energy"))
    for href in [title.get_attribute("href") for title in titles.all()]:
        event = Event.objects.get(slug=resolve(urlsplit(href).path).kwargs["slug"])
        assert event.sectors.filter(pk__in=energy).exists(), f"{event} has no energy sector"
    screenshot(page, "timeline-energy")


def test_an_invalid_filter_is_shown_next_to_its_field_with_status_400(page, site):
    page.goto(site + reverse("relations:timeline"))
    page.get_by_label("From", exact=True).fill("2025-13")
    with page.expect_response(lambda r: r.request.is_navigation_request()) as navigation:
        page.get_by_role("button", name="Apply filters").click()

    assert navigation.value.status == 400
    field = page.locator(".filter-field", has=page.get_by_label("From", exact=True))
    expect(field.locator(".field-error")).to_be_visible()
    expect(field.locator(".field-error")).not_to_be_empty()
    expect(page.get_by_role("alert")).to_be_visible()
    screenshot(page, "timeline-invalid-from")


def test_no_page_logs_a_console_error_or_a_failed_request(page, site):
    problems: list[str] = []
    stylesheets: list[int] = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text} ({page.url})"))
    page.on("pageerror", lambda error: problems.append(f"script error: {error} ({page.url})"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    page.on("response", lambda r: r.url.endswith("/static/css/tracker.css") and stylesheets.append(r.status))
    pages = {
        "home": reverse("relations:home"),
        "timeline": reverse("relations:timeline"),
        "ties": reverse("relations:ties", args=["pk-tr"]),
        "countries": reverse("relations:country-list"),
        "country-tr": reverse("relations:country-detail", args=["tr"]),
        "commissions": reverse("relations:commission-list"),
        "officials": reverse("relations:official-list"),
        "pledges": reverse("relations:pledge-list"),
        "event": reverse("relations:event-detail", args=[SESSION_16_SLUG]),
    }
    for name, path in pages.items():
        page.goto(site + path, wait_until="load")
        screenshot(page, name)

    assert problems == []
    # The stylesheet is really served (by staticfiles' handler in the live server) and applies.
    assert 200 in stylesheets and set(stylesheets) <= {200, 304}
    assert page.evaluate("document.styleSheets[0].cssRules.length") > 0


def test_the_home_page_fits_a_phone_without_scrolling_sideways(page, site):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(site + reverse("relations:home"))
    screenshot(page, "home-phone")

    assert page.evaluate("document.documentElement.scrollWidth") <= 375


# Records every Content-Security-Policy violation in the page, from its first byte on (an init
# script runs before the page's own and is not itself subject to the policy).
RECORD_CSP_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => window.cspViolations.push(
  `${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


@pytest.fixture
def csp_page(page) -> Iterator[Page]:
    """A page that gathers CSP violations, and console messages about the policy, in
    ``page.csp_problems``; the test asserts there are none once it has visited its pages."""
    problems: list[str] = []
    page.csp_problems = problems
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    page.on(
        "console",
        lambda m: "Content Security Policy" in m.text and problems.append(f"console: {m.text} ({page.url})"),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error} ({page.url})"))
    yield page


def visit(page: Page, url: str) -> None:
    """Opens a page, lets its scripts settle, and files the violations it recorded."""
    response = page.goto(url, wait_until="networkidle")
    assert response.status == 200, url
    page.csp_problems.extend(f"{v} ({page.url})" for v in page.evaluate("window.cspViolations"))


def log_in_to_admin(page: Page, site: str) -> None:
    from django.contrib.auth.models import User

    User.objects.create_superuser("editor", password="a long editor password")
    page.goto(site + reverse("admin:login"))
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("a long editor password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Data entry")).to_be_visible()


def test_no_page_breaks_the_content_security_policy(csp_page, site):
    page = csp_page
    public = [
        reverse("relations:home"),
        reverse("relations:timeline"),
        reverse("relations:ties", args=["pk-tr"]),
        reverse("relations:country-detail", args=["tr"]),
        Commission.objects.order_by("pk").first().get_absolute_url(),
        reverse("relations:event-detail", args=[SESSION_16_SLUG]),
        Official.objects.order_by("pk").first().get_absolute_url(),
        reverse("relations:pledge-list"),
        Pledge.objects.order_by("pk").first().get_absolute_url(),
        reverse("api:api-root"),
        reverse("api:event-list"),
        reverse("api:docs"),
    ]
    for path in public:
        visit(page, site + path)
    # The browsable API really drew its page (HTML, with REST framework's look).
    visit(page, site + reverse("api:event-list"))
    expect(page.get_by_role("heading", name="Event List")).to_be_visible()

    log_in_to_admin(page, site)
    event = Event.objects.get(slug=SESSION_16_SLUG)
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:relations_event_changelist"),
        reverse("admin:relations_event_change", args=[event.pk]),
        reverse("admin:relations_event_history", args=[event.pk]),
        reverse("admin:relations_pledge_add"),
        reverse("admin:relations_source_add_from_article"),
        reverse("api:event-list"),  # with the forms a signed-in editor gets
    ]
    for path in admin_pages:
        visit(page, site + path)

    assert page.csp_problems == []


def test_the_api_docs_list_the_operations_and_run_one_under_the_policy(csp_page, site):
    page = csp_page
    # Swagger UI reads and draws the whole schema in the browser: slow on a busy machine.
    page.set_default_timeout(30_000)
    visit(page, site + reverse("api:docs"))

    operation = page.locator(".opblock", has=page.get_by_text("/api/events/", exact=True)).first
    expect(operation).to_be_visible(timeout=30_000)
    assert page.locator(".opblock").count() > 20
    # The first screen only: the whole page, every schema listed, is too tall to be worth a look.
    screenshot(page, "api-docs", full_page=False)
    operation.locator(".opblock-summary").click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_role("button", name="Execute").click()
    expect(page.locator(".live-responses-table tr.response .response-col_status")).to_have_text(
        "200", timeout=30_000
    )
    page.csp_problems.extend(page.evaluate("window.cspViolations"))

    assert page.csp_problems == []


def test_the_admin_widgets_work_under_the_policy(csp_page, site):
    page = csp_page
    log_in_to_admin(page, site)
    event = Event.objects.get(slug=SESSION_16_SLUG)
    visit(page, site + reverse("admin:relations_event_change", args=[event.pk]))

    # The autocomplete (select2) searches as one types.
    page.locator(".field-place_country .select2-selection").click()
    page.locator(".select2-search__field").fill("Fran")
    expect(page.locator(".select2-results__option", has_text="France")).to_be_visible()
    page.keyboard.press("Escape")
    # The two-box sector chooser moves a sector across.
    chosen = page.locator("#id_sectors_to option")
    before = chosen.count()
    page.locator("#id_sectors_from").select_option(index=0)
    page.locator("#id_sectors_add").click()
    expect(chosen).to_have_count(before + 1)
    # An inline gains a row.
    rows = page.locator("#event_countries-group tbody tr.form-row:not(.empty-form)")
    count = rows.count()
    page.locator("#event_countries-group .add-row a", has_text="Add another Country involved").click()
    expect(rows).to_have_count(count + 1)
    screenshot(page, "admin-event-change")
    page.csp_problems.extend(page.evaluate("window.cspViolations"))

    assert page.csp_problems == []


def test_an_article_is_read_into_its_review_under_the_policy(csp_page, site):
    page = csp_page
    log_in_to_admin(page, site)
    visit(page, site + reverse("admin:relations_source_add_from_article"))

    page.get_by_label("Article text").fill(SEED_ARTICLE)
    page.get_by_label("Title").fill(SEED_ARTICLE_TITLE)
    page.get_by_label("Publisher").fill("Arab News")
    page.get_by_label("Published on").fill("2025-09-09")
    page.get_by_role("button", name="Find the records").click()
    expect(page.locator("#article-heading")).to_have_text(SEED_ARTICLE_TITLE)
    screenshot(page, "admin-article-review")
    page.csp_problems.extend(page.evaluate("window.cspViolations"))

    assert page.csp_problems == []
