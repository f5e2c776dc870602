"""The markup that pages write in Python rather than through partials (relations/templatetags/
list_rows.py, tracker.py, discovery.py) reads as the partials did: links, flags, badges, the
link preview, and the site's own addresses under a path prefix."""

from django.template import Context, Template
from django.test import RequestFactory, TestCase
from django.urls import reverse, set_script_prefix

from relations.models import Country
from relations.models.events import ListedCountry
from relations.templatetags.discovery import preview
from relations.templatetags.list_rows import pledge_status
from tests.world import build_world


def render(source: str, **context) -> str:
    return Template(source).render(Context(context))


class CountryLinkTests(TestCase):
    def test_a_country_link_has_its_flag_and_current_name(self):
        turkiye = Country.objects.get(code="TR")
        self.assertEqual(
            render('{% include "relations/includes/_country_link.html" with country=c %}', c=turkiye),
            '<a class="country" href="/countries/tr/"><img class="flag" src="/static/flags/tr.gif" '
            'alt="" width="16" height="11">Türkiye</a>',
        )

    def test_a_name_given_replaces_the_current_one_and_is_escaped(self):
        link = render(
            '{% include "relations/includes/_country_link.html" with country=c name=n %}',
            c=ListedCountry("TR", "Türkiye"),
            n="Turkey <then>",
        )
        self.assertTrue(link.endswith(">Turkey &lt;then&gt;</a>"), link)

    def test_a_record_name_is_escaped(self):
        link = render(
            '{% include "relations/includes/_country_link.html" with country=c %}',
            c=ListedCountry("PK", 'Pakistan & "friends"'),
        )
        self.assertIn(">Pakistan &amp; &quot;friends&quot;</a>", link)


class PledgeStatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_a_pledge_with_no_status_yet_has_the_none_badge(self):
        pledge = self.world.lng_pledge
        pledge.current_status = ""
        self.assertTrue(
            pledge_status(pledge, badge_only=True) == '<span class="status status-none">no status yet</span>'
        )

    def test_the_badge_partial_and_the_tag_agree(self):
        pledge = self.world.trade_pledge
        for badge_only in (True, False):
            with self.subTest(badge_only=badge_only):
                self.assertEqual(
                    render(
                        '{% include "relations/includes/_pledge_status.html" with pledge=p badge_only=b %}',
                        p=pledge,
                        b=badge_only,
                    ),
                    pledge_status(pledge, badge_only),
                )


class PreviewTests(TestCase):
    def test_the_preview_escapes_what_the_page_gives_it(self):
        request = RequestFactory().get("/events/x/")
        tags = preview({"request": request}, title='Talks "on" <trade>', kind="article")
        self.assertIn('<meta property="og:title" content="Talks &quot;on&quot; &lt;trade&gt;">', tags)
        self.assertIn('<link rel="canonical" href="http://testserver/events/x/">', tags)

    def test_an_error_page_has_no_canonical_address(self):
        request = RequestFactory().get("/nowhere/")
        tags = preview({"request": request}, title="Page not found", canonical=False)
        self.assertNotIn("canonical", tags)
        self.assertNotIn("og:url", tags)


class SiteAddressTests(TestCase):
    def test_the_header_follows_a_site_served_below_a_path(self):
        page = reverse("relations:country-list")
        self.assertContains(self.client.get(page), '<a href="/pledges/">Pledges</a>', html=True)
        set_script_prefix("/tracker/")
        try:
            self.assertEqual(
                render("{% load tracker %}{% site_url 'relations:pledge-list' %}"), "/tracker/pledges/"
            )
        finally:
            set_script_prefix("/")
        self.assertEqual(render("{% load tracker %}{% site_url 'relations:pledge-list' %}"), "/pledges/")
