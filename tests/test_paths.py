"""Links in list rows and flags are built without a `reverse()` or `static()` per row, and are
still exactly what `reverse()` and `static()` answer: for odd slugs, IRI characters, a site
served below a path, another URLconf, and after settings change."""

import pytest
from django.templatetags.static import static
from django.test import override_settings
from django.urls import (
    NoReverseMatch,
    clear_url_caches,
    get_script_prefix,
    include,
    path,
    reverse,
    set_script_prefix,
)
from django.utils.html import format_html

from relations.models.events import ListedCountry
from relations.paths import commission_url, country_url, event_url, official_url, pledge_url, ties_url
from relations.templatetags.tracker import flag
from tests.world import build_world

# Another URLconf for the tests below: the tracker's pages under /below/.
urlpatterns = [path("below/", include("relations.urls"))]

ADDRESSES = {
    "relations:event-detail": event_url,
    "relations:country-detail": country_url,
    "relations:official-detail": official_url,
    "relations:commission-detail": commission_url,
    "relations:ties": ties_url,
    "relations:pledge-detail": pledge_url,
}
VALUES = [
    "pk",
    "pk-tr",
    "demo-1-999999",
    "A_b-C",
    "0",
    "8675309012",
    "x" * 300,
    "türkiye-visit",
    "çay",
    "日本",
    "with space",
    "slash/inside",
    "%41",
    "a.b",
    "a?b#c",
    "",
    "-",
    "12",
    12,
    -1,
]


def reversed_or_refused(route: str, value) -> str:
    try:
        return reverse(route, args=[value])
    except NoReverseMatch:
        return "refused"


def built_or_refused(address, value) -> str:
    try:
        return address(value)
    except NoReverseMatch:
        return "refused"


@pytest.fixture
def script_prefix():
    """Serve below a path for one test, then as before."""
    before = get_script_prefix()
    reverse("relations:home")  # the URLconf, which reads STATIC_URL on import, is read under "/"
    yield set_script_prefix
    set_script_prefix(before)


@pytest.mark.parametrize("route", ADDRESSES)
@pytest.mark.parametrize("value", VALUES, ids=repr)
def test_each_address_is_what_reverse_answers_or_refuses(route, value):
    assert built_or_refused(ADDRESSES[route], value) == reversed_or_refused(route, value)


def test_a_plain_slug_takes_the_short_way_and_an_iri_one_is_quoted_as_reverse_does():
    assert event_url("visit-2025") == "/events/visit-2025/"
    japan = reverse("relations:country-detail", args=["日本"])
    assert country_url("日本") == "/countries/%E6%97%A5%E6%9C%AC/" == japan


@pytest.mark.parametrize("prefix", ["/tracker/", "/t%C3%BCr/", "/ür/", "/8675309012/"])
def test_below_a_script_prefix_addresses_follow_it_at_once(script_prefix, prefix):
    assert event_url("a-visit") == "/events/a-visit/"  # built under "/"
    script_prefix(prefix)
    for route, address in ADDRESSES.items():
        for value in VALUES:
            assert built_or_refused(address, value) == reversed_or_refused(route, value)
    assert event_url("a-visit").startswith(reverse("relations:home"))
    script_prefix("/")
    assert event_url("a-visit") == "/events/a-visit/"


def test_another_urlconf_or_cleared_url_caches_give_the_new_addresses():
    assert pledge_url(7) == "/pledges/7/"
    with override_settings(ROOT_URLCONF=__name__):
        assert pledge_url(7) == "/below/pledges/7/" == reverse("relations:pledge-detail", args=[7])
        assert ties_url("pk-tr") == "/below/ties/pk-tr/"
    clear_url_caches()
    assert pledge_url(7) == "/pledges/7/" == reverse("relations:pledge-detail", args=[7])


class TestFlags:
    pakistan = ListedCountry("PK", "Pakistan")

    def expected(self, code: str) -> str:
        return format_html(
            '<img class="flag" src="{}" alt="" width="16" height="11">', static(f"flags/{code}.gif")
        )

    def test_a_flag_is_the_image_static_names(self):
        assert flag(self.pakistan) == self.expected("pk")
        assert flag(self.pakistan) == self.expected("pk")  # remembered
        assert flag(ListedCountry("TR", "Türkiye")) == self.expected("tr")

    def test_a_flag_follows_a_new_static_url_or_storage(self):
        flag(self.pakistan)
        with override_settings(STATIC_URL="https://cdn.example.org/static/"):
            assert 'src="https://cdn.example.org/static/flags/pk.gif"' in flag(self.pakistan)
            assert flag(self.pakistan) == self.expected("pk")
        with override_settings(
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
            },
            STATIC_URL="/assets/",
        ):
            assert 'src="/assets/flags/pk.gif"' in flag(self.pakistan)
        assert flag(self.pakistan) == self.expected("pk")

    def test_below_a_script_prefix_a_flag_is_still_what_static_names(self, script_prefix):
        # Django keeps a relative STATIC_URL with the script prefix it first met, until settings
        # change: each block leaves with the prefix it found, so later tests meet "/static/".
        with override_settings(STATIC_URL="static/"):
            assert 'src="/static/flags/pk.gif"' in flag(self.pakistan)
            script_prefix("/tracker/")
            assert flag(self.pakistan) == self.expected("pk")
            script_prefix("/")
        script_prefix("/tracker/")
        with override_settings(STATIC_URL="static/"):
            assert 'src="/tracker/static/flags/pk.gif"' in flag(self.pakistan)
            assert flag(self.pakistan) == self.expected("pk")
            script_prefix("/")
        assert 'src="/static/flags/pk.gif"' in flag(self.pakistan)


@pytest.mark.django_db
def test_a_timeline_served_below_a_path_links_its_rows_and_flags_below_it(client, script_prefix):
    world = build_world()
    script_prefix("/below/")  # as the WSGI handler sets it from SCRIPT_NAME or FORCE_SCRIPT_NAME
    with override_settings(STATIC_URL="static/"):
        body = client.get("/timeline/").content.decode()
        script_prefix("/")
    assert f'href="/below/events/{world.session_16.slug}/"' in body
    assert 'href="/below/countries/pk/"' in body
    assert f'href="/below/officials/{world.guler.slug}/"' in body
    assert 'src="/below/static/flags/pk.gif"' in body
    assert 'href="/events/' not in body
