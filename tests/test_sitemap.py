"""The sitemap index and its sections, and robots.txt: what crawlers read first."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from unittest import mock

from django.test import TestCase
from django.urls import reverse
from django.utils.http import http_date

from relations.models import Commission, Event, Official, Pledge
from relations.sitemaps import CommissionSitemap, EventSitemap, PledgeSitemap
from tests.world import build_world, bulk_events, bulk_pledges

NS = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOST = "http://testserver"


def parsed(response) -> ET.Element:
    """The response's XML root, which must be in the sitemap namespace."""
    root = ET.fromstring(response.content)
    assert root.tag.startswith(NS), root.tag
    return root


class SitemapTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def section(self, name: str, page: int | None = None) -> dict[str, str | None]:
        """A section page's addresses, each with its lastmod (or None)."""
        query = f"?p={page}" if page else ""
        response = self.client.get(reverse("sitemap-section", args=[name]) + query)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/xml")
        root = parsed(response)
        self.assertEqual(root.tag, f"{NS}urlset")
        return {url.findtext(f"{NS}loc"): url.findtext(f"{NS}lastmod") for url in root.iter(f"{NS}url")}

    def index(self) -> list[tuple[str, str | None]]:
        response = self.client.get(reverse("sitemap"))
        self.assertEqual(response.status_code, 200)
        root = parsed(response)
        self.assertEqual(root.tag, f"{NS}sitemapindex")
        return [(entry.findtext(f"{NS}loc"), entry.findtext(f"{NS}lastmod")) for entry in root]

    def test_the_index_lists_a_section_for_each_kind_of_page(self):
        entries = dict(self.index())
        sections = ["pages", "countries", "ties", "commissions", "officials", "events", "pledges"]
        self.assertEqual(list(entries), [f"{HOST}/sitemap-{name}.xml" for name in sections])
        # Commissions are few, so the index dates theirs; a large table's newest change would be
        # a scan of it, so each of its addresses is dated instead.
        latest = Commission.objects.latest("updated_at").updated_at
        self.assertEqual(entries[f"{HOST}/sitemap-commissions.xml"], latest.isoformat())
        self.assertIsNone(entries[f"{HOST}/sitemap-events.xml"])

    def test_events_are_listed_with_their_last_change(self):
        w = self.world
        urls = self.section("events")
        self.assertEqual(len(urls), Event.objects.count())
        self.assertEqual(
            urls[HOST + w.session_16.get_absolute_url()],
            Event.objects.get(pk=w.session_16.pk).updated_at.date().isoformat(),
        )

    def test_pledges_and_commissions_are_listed_with_their_last_change(self):
        w = self.world
        pledges = self.section("pledges")
        self.assertEqual(set(pledges), {HOST + p.get_absolute_url() for p in Pledge.objects.all()})
        trade = Pledge.objects.get(pk=w.trade_pledge.pk)
        self.assertEqual(pledges[HOST + trade.get_absolute_url()], trade.updated_at.date().isoformat())
        commissions = self.section("commissions")
        self.assertEqual(list(commissions), [HOST + w.jmc.get_absolute_url()])
        self.assertIsNotNone(commissions[HOST + w.jmc.get_absolute_url()])

    def test_countries_pairs_officials_and_list_pages_are_listed(self):
        self.assertEqual(
            set(self.section("countries")), {f"{HOST}/countries/{code}/" for code in ("in", "pk", "tr")}
        )
        self.assertEqual(set(self.section("ties")), {f"{HOST}/ties/{pair}/" for pair in ("pk-tr", "in-pk")})
        self.assertEqual(
            set(self.section("officials")), {HOST + o.get_absolute_url() for o in Official.objects.all()}
        )
        pages = self.section("pages")
        self.assertIn(f"{HOST}/", pages)
        self.assertIn(f"{HOST}/timeline/", pages)
        self.assertIn(f"{HOST}/pledges/", pages)

    def test_every_listed_address_answers(self):
        for name in ("pages", "countries", "ties", "commissions", "officials", "events", "pledges"):
            for url in self.section(name):
                with self.subTest(url):
                    self.assertEqual(self.client.get(url.removeprefix(HOST)).status_code, 200)

    def test_events_are_paged_in_blocks_of_ids_and_every_page_is_in_the_index(self):
        w = self.world
        events = bulk_events(
            [(f"Talks {i}", "2024-03", {w.pakistan: "host", w.turkiye: "visitor"}) for i in range(130)]
        )
        top = max(event.pk for event in events)
        with mock.patch.object(EventSitemap, "limit", 50):
            pages = math.ceil(top / 50)
            index = [loc for loc, _ in self.index() if "sitemap-events" in loc]
            self.assertEqual(
                index,
                [f"{HOST}/sitemap-events.xml"]
                + [f"{HOST}/sitemap-events.xml?p={n}" for n in range(2, pages + 1)],
            )
            listed = {}
            for n in range(1, pages + 1):
                for url in self.section("events", n):
                    listed[url] = n
        self.assertEqual(len(listed), Event.objects.count())
        for event in events:
            self.assertEqual(listed[HOST + event.get_absolute_url()], (event.pk - 1) // 50 + 1)

    def test_a_section_page_costs_the_same_queries_whatever_its_rows(self):
        w = self.world
        events = bulk_events(
            [(f"Talks {i}", "2024-03", {w.pakistan: "host", w.turkiye: "visitor"}) for i in range(150)]
        )
        bulk_pledges(
            [
                (event, f"Pledge {event.pk}", [w.pakistan, w.turkiye], [("announced", "2024-03")])
                for event in events
            ]
        )
        url = reverse("sitemap-section", args=["events"])
        # The number of pages (the highest id), the rows of the page with the day of each one's
        # last change, and the page's newest change (its Last-Modified).
        with self.assertNumQueries(3):
            response = self.client.get(url)
        self.assertEqual(response.content.count(b"<url>"), Event.objects.count())
        with self.assertNumQueries(3):
            response = self.client.get(reverse("sitemap-section", args=["pledges"]))
        self.assertEqual(response.content.count(b"<url>"), Pledge.objects.count())

    def test_the_index_costs_the_same_queries_whatever_the_number_of_pages(self):
        w = self.world
        bulk_events(
            [(f"Talks {i}", "2024-03", {w.pakistan: "host", w.turkiye: "visitor"}) for i in range(60)]
        )
        with mock.patch.object(EventSitemap, "limit", 1), mock.patch.object(PledgeSitemap, "limit", 1):
            # The countries' count, the commissions' newest change, and the highest id of each
            # section read in blocks (ties, commissions, officials, events, pledges).
            with self.assertNumQueries(7):
                entries = self.index()
        self.assertGreater(len(entries), 60)

    def test_an_unknown_section_or_page_is_not_found(self):
        for url in (
            "/sitemap-nothing.xml",
            "/sitemap-events.xml?p=2",
            "/sitemap-events.xml?p=0",
            "/sitemap-events.xml?p=-1",
            "/sitemap-events.xml?p=two",
            "/sitemap-events.xml?p=99999999999999999999999",
        ):
            with self.subTest(url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_commission_page_without_sessions_still_lists(self):
        Commission.objects.create(name="Pakistan–India Indus Commission", kind=Commission.Kind.OTHER)
        self.assertEqual(len(self.section("commissions")), 2)
        self.assertIsNotNone(CommissionSitemap().get_latest_lastmod())


class RobotsTests(TestCase):
    def test_robots_txt_allows_pages_keeps_out_costly_addresses_and_names_the_sitemap(self):
        response = self.client.get("/robots.txt")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/plain; charset=utf-8")
        rules = [line for line in response.content.decode().splitlines() if line and not line.startswith("#")]
        self.assertEqual(
            rules,
            [
                "User-agent: *",
                "Allow: /",
                "Disallow: /admin/",
                "Disallow: /api/",
                "Disallow: /search/",
                "Disallow: /*?",
                "Allow: /sitemap-",
                "Disallow: /*.ics$",
                "Sitemap: http://testserver/sitemap.xml",
            ],
        )


class SitemapLastModifiedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_a_section_page_says_when_its_newest_row_changed(self):
        newest = Event.objects.order_by("-updated_at").first()
        response = self.client.get(reverse("sitemap-section", args=["events"]))
        self.assertEqual(response["Last-Modified"], http_date(newest.updated_at.timestamp()))
        self.assertIn(
            f"<loc>http://testserver{newest.get_absolute_url()}</loc><lastmod>{newest.updated_at:%Y-%m-%d}</lastmod>",
            response.content.decode(),
        )
        # Sections without a last change per row say none.
        self.assertNotIn("Last-Modified", self.client.get(reverse("sitemap-section", args=["officials"])))
