"""Link previews and machine-readable links in every public page's head: the Open Graph and
Twitter card tags a shared link unfurls from, the canonical address, and the JSON record."""

from __future__ import annotations

import struct
from html.parser import HTMLParser

from django.contrib.staticfiles import finders
from django.test import TestCase
from django.urls import reverse

from relations.models import PledgeParty
from tests.world import build_world


class HeadTags(HTMLParser):
    """The <meta> and <link> tags of a page's <head>: ``meta`` by property or name, ``links`` as
    (rel, type, href)."""

    def __init__(self) -> None:
        super().__init__()
        self.meta: dict[str, str] = {}
        self.links: list[tuple[str, str, str]] = []
        self.in_head = True

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if not self.in_head:
            return
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs["name"]
            assert key not in self.meta, f"{key} is given twice"
            self.meta[key] = attrs["content"]
        elif tag == "link":
            self.links.append((attrs.get("rel", ""), attrs.get("type", ""), attrs.get("href", "")))

    def handle_endtag(self, tag):
        if tag == "head":
            self.in_head = False


def head_of(response) -> HeadTags:
    tags = HeadTags()
    tags.feed(response.content.decode())
    return tags


class PreviewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def preview(self, url: str, status: int = 200) -> HeadTags:
        response = self.client.get(url)
        self.assertEqual(response.status_code, status, url)
        return head_of(response)

    def assert_preview(self, url: str, *, title: str, kind: str = "website", canonical: str | None = None):
        """The tags every public page has, with this title and type; returns its description."""
        tags = self.preview(url)
        meta = tags.meta
        address = f"http://testserver{canonical or url}"
        self.assertEqual(meta["og:title"], title)
        self.assertEqual(meta["twitter:title"], title)
        self.assertEqual(meta["og:type"], kind)
        self.assertEqual(meta["og:url"], address)
        self.assertIn(("canonical", "", address), tags.links)
        self.assertEqual(meta["og:site_name"], "Diplomatic Ties Tracker")
        self.assertEqual(meta["og:locale"], "en_GB")
        self.assertEqual(meta["og:image"], "http://testserver/static/img/preview-card.png")
        self.assertEqual(meta["twitter:image"], meta["og:image"])
        self.assertEqual((meta["og:image:width"], meta["og:image:height"]), ("1200", "630"))
        self.assertTrue(meta["og:image:alt"])
        self.assertEqual(meta["twitter:card"], "summary_large_image")
        self.assertEqual(meta["og:description"], meta["description"])
        self.assertEqual(meta["twitter:description"], meta["description"])
        return meta["description"]

    def test_a_pair_is_described_by_its_events_years_and_latest_one(self):
        description = self.assert_preview(
            reverse("relations:ties", args=["pk-tr"]), title="Pakistan – Türkiye"
        )
        self.assertEqual(
            description,
            "2 events between Pakistan and Türkiye, 2025; latest: 16th session of the Pakistan–Türkiye "
            "Joint Ministerial Commission (8–9 September 2025); 2 pledges tracked.",
        )

    def test_a_country_is_described_by_its_events_partners_and_latest_one(self):
        description = self.assert_preview(reverse("relations:country-detail", args=["pk"]), title="Pakistan")
        self.assertEqual(
            description,
            "Pakistan took part in 3 events, 2025, with 2 countries; latest: 16th session of the "
            "Pakistan–Türkiye Joint Ministerial Commission (8–9 September 2025); 2 pledges tracked.",
        )

    def test_a_commission_is_described_by_its_members_founding_and_sessions(self):
        w = self.world
        description = self.assert_preview(w.jmc.get_absolute_url(), title=w.jmc.name)
        self.assertEqual(
            description,
            "Pakistan–Türkiye Joint Ministerial Commission (JMC) of Pakistan and Türkiye, founded 1975: "
            "1 session, 2025; latest: 16th session of the Pakistan–Türkiye Joint Ministerial "
            "Commission (8–9 September 2025).",
        )

    def test_an_official_is_described_by_office_events_and_partner(self):
        w = self.world
        description = self.assert_preview(w.guler.get_absolute_url(), title="Yaşar Güler")
        self.assertEqual(
            description,
            "Yaşar Güler, Minister of National Defence: 1 event attended, 2025, most often with "
            "Pakistan; latest: 16th session of the Pakistan–Türkiye Joint Ministerial Commission "
            "(8–9 September 2025).",
        )

    def test_an_event_is_an_article_described_by_kind_date_place_and_countries(self):
        w = self.world
        w.session_16.summary = "Two days of ministerial talks in Islamabad."
        w.session_16.save()
        description = self.assert_preview(
            w.session_16.get_absolute_url(), title=w.session_16.title, kind="article"
        )
        self.assertEqual(
            description,
            "Commission session on 8–9 September 2025 in Islamabad, Pakistan, between Pakistan and "
            "Türkiye: Two days of ministerial talks in Islamabad.",
        )

    def test_a_month_precision_event_reads_in_its_month(self):
        w = self.world
        description = self.assert_preview(
            w.visit_july.get_absolute_url(), title=w.visit_july.title, kind="article"
        )
        self.assertEqual(description, "Visit in July 2025, between Pakistan and Türkiye.")

    def test_a_pledge_is_an_article_described_by_parties_event_status_and_target(self):
        w = self.world
        PledgeParty.objects.filter(pledge=w.trade_pledge, country=w.pakistan).update(role="pledger")
        PledgeParty.objects.filter(pledge=w.trade_pledge, country=w.turkiye).update(role="beneficiary")
        w.trade_pledge.due = "2028"
        w.trade_pledge.save()
        description = self.assert_preview(
            w.trade_pledge.get_absolute_url(), title=w.trade_pledge.title, kind="article"
        )
        self.assertEqual(
            description,
            "A pledge by Pakistan to Türkiye, made on 8–9 September 2025 (16th session of the "
            "Pakistan–Türkiye Joint Ministerial Commission): announced; target: US$5 billion, due 2028.",
        )

    def test_list_pages_have_their_own_title_and_description(self):
        for route, title, words in (
            ("relations:timeline", "Timeline", "Every recorded event"),
            ("relations:country-list", "Countries", "take part"),
            ("relations:commission-list", "Commissions", "Standing bodies"),
            ("relations:official-list", "Officials", "act for their countries"),
            ("relations:pledge-list", "Pledges", "rated on their outcome"),
        ):
            with self.subTest(route):
                self.assertIn(words, self.assert_preview(reverse(route), title=title))
        self.assertIn(
            "pledges, each with its source", self.assert_preview("/", title="Diplomatic Ties Tracker")
        )

    def test_a_filtered_list_keeps_its_filters_but_not_its_position_in_its_address(self):
        url = reverse("relations:timeline")
        self.assert_preview(
            f"{url}?pair=pk-tr&kind=visit&before=2025-07-09.42",
            title="Timeline",
            canonical=f"{url}?pair=pk-tr&kind=visit",
        )

    def test_a_detail_page_s_address_drops_its_query_string(self):
        url = reverse("relations:country-detail", args=["pk"])
        self.assert_preview(f"{url}?utm_source=mail", title="Pakistan", canonical=url)

    def test_an_error_page_has_no_canonical_address(self):
        tags = self.preview("/no-such-page/", status=404)
        self.assertNotIn("og:url", tags.meta)
        self.assertFalse([link for link in tags.links if link[0] == "canonical"])

    def test_the_page_refusing_a_host_not_served_names_no_host(self):
        response = self.client.get(reverse("relations:country-list"), HTTP_HOST="elsewhere.example")
        self.assertEqual(response.status_code, 400)
        meta = head_of(response).meta
        self.assertEqual(meta["og:image"], "/static/img/preview-card.png")
        self.assertNotIn("og:url", meta)

    def test_the_preview_card_is_the_png_the_tags_describe(self):
        # What a link unfurler does: read the tags, fetch the image, lay out the card.
        meta = self.preview(self.world.session_16.get_absolute_url()).meta
        path = finders.find(meta["og:image"].removeprefix("http://testserver/static/"))
        with open(path, "rb") as image:
            header = image.read(24)
        self.assertEqual(header[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(struct.unpack(">II", header[16:24]), (1200, 630))
        card = f"{meta['og:site_name']}\n{meta['og:title']}\n{meta['og:description']}"
        self.assertEqual(
            card.splitlines()[:2],
            ["Diplomatic Ties Tracker", "16th session of the Pakistan–Türkiye Joint Ministerial Commission"],
        )
        self.assertIn("8–9 September 2025", card)


class RecordLinkTests(TestCase):
    """Each page points programs at its data in the API, with one ``rel=alternate`` JSON link."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def json_links(self, url: str) -> list[str]:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return [
            href
            for rel, kind, href in head_of(response).links
            if rel == "alternate" and kind == "application/json"
        ]

    def test_detail_pages_link_their_api_record(self):
        w = self.world
        for page, record in (
            (w.session_16.get_absolute_url(), reverse("api:event-detail", args=[w.session_16.slug])),
            (w.trade_pledge.get_absolute_url(), reverse("api:pledge-detail", args=[w.trade_pledge.pk])),
            (w.jmc.get_absolute_url(), reverse("api:commission-detail", args=[w.jmc.slug])),
            (w.pakistan.get_absolute_url(), reverse("api:country-detail", args=["PK"])),
            (w.guler.get_absolute_url(), reverse("api:official-detail", args=[w.guler.slug])),
        ):
            with self.subTest(page):
                self.assertEqual(self.json_links(page), [record])
                self.assertEqual(self.client.get(record).status_code, 200)

    def test_lists_and_timelines_link_the_api_list_with_their_filters(self):
        events = reverse("api:event-list")
        for page, record in (
            ("/", events),
            (reverse("relations:timeline") + "?pair=pk-tr&before=2025-07-09.42", f"{events}?pair=pk-tr"),
            (reverse("relations:ties", args=["pk-tr"]), f"{events}?pair=pk-tr"),
            (reverse("relations:country-list"), reverse("api:country-list")),
            (reverse("relations:commission-list"), reverse("api:commission-list")),
            (reverse("relations:official-list"), reverse("api:official-list")),
            (
                reverse("relations:pledge-list") + "?status=announced",
                reverse("api:pledge-list") + "?status=announced",
            ),
        ):
            with self.subTest(page):
                self.assertEqual(self.json_links(page), [record])
                found = self.client.get(record, HTTP_ACCEPT="application/json")
                self.assertEqual(found.status_code, 200)
                self.assertTrue(found.json())
