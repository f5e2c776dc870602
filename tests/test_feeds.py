"""The Atom feeds of events, read back with a feed parser as a reader's feed client would."""

from __future__ import annotations

import datetime as dt

import feedparser
from django.test import TestCase
from django.urls import reverse

from relations.models import Event
from tests.world import add_full_events, build_world


def read(response) -> feedparser.FeedParserDict:
    assert response["Content-Type"].startswith("application/atom+xml"), response["Content-Type"]
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def url_of(event: Event) -> str:
    return f"http://testserver{event.get_absolute_url()}"


class TimelineFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_timeline_feed_lists_every_event_newest_first_with_its_url_as_id(self):
        feed = read(self.client.get(reverse("relations:timeline-feed")))
        world = self.world
        self.assertEqual(feed.feed.title, "Timeline · Diplomatic Ties Tracker")
        self.assertEqual(feed.feed.link, "http://testserver/timeline/")
        self.assertEqual(
            [entry.id for entry in feed.entries],
            [url_of(world.session_16), url_of(world.visit_july), url_of(world.conflict)],
        )
        self.assertEqual([entry.link for entry in feed.entries], [entry.id for entry in feed.entries])

    def test_each_entry_gives_the_date_at_its_precision(self):
        feed = read(self.client.get(reverse("relations:timeline-feed")))
        self.assertEqual(
            [entry.title for entry in feed.entries],
            [
                "16th session of the Pakistan–Türkiye Joint Ministerial Commission (8–9 September 2025)",
                "Fidan and Güler visit Pakistan (July 2025)",
                "India–Pakistan armed conflict (7–10 May 2025)",
            ],
        )
        self.assertNotIn("1 July 2025", feed.entries[1].summary)
        self.assertIn("July 2025", feed.entries[1].summary)

    def test_an_entry_names_its_countries_and_participants(self):
        session = read(self.client.get(reverse("relations:timeline-feed"))).entries[0]
        self.assertIn("Countries: Pakistan, Türkiye", session.summary)
        self.assertIn("Participants: Jam Kamal Khan (co-chair), Yaşar Güler (co-chair)", session.summary)
        self.assertIn("Islamabad, Pakistan", session.summary)
        self.assertIn("2 pledges made.", session.summary)
        self.assertEqual([tag.term for tag in session.tags], ["commission session", "Pakistan", "Türkiye"])

    def test_an_entry_is_updated_when_its_record_last_changed(self):
        Event.objects.filter(pk=self.world.visit_july.pk).update(
            updated_at=dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)
        )
        feed = read(self.client.get(reverse("relations:timeline-feed")))
        self.assertEqual(feed.entries[1].updated, "2026-01-02T03:04:05+00:00")
        self.assertEqual(feed.feed.updated, max(entry.updated for entry in feed.entries))

    def test_the_timeline_feed_takes_the_timeline_s_filters(self):
        response = self.client.get(reverse("relations:timeline-feed"), {"pair": "PK-tr", "kind": "visit"})
        feed = read(response)
        self.assertEqual(
            [entry.title for entry in feed.entries], ["Fidan and Güler visit Pakistan (July 2025)"]
        )
        self.assertEqual(feed.feed.link, "http://testserver/timeline/?pair=PK-tr&kind=visit")
        self_link = next(link.href for link in feed.feed.links if link.rel == "self")
        self.assertEqual(self_link, "http://testserver/timeline/feed/?pair=PK-tr&kind=visit")
        self.assertIn("pair: PK-tr", feed.feed.subtitle)

    def test_a_feed_never_pages_back(self):
        feed = read(self.client.get(reverse("relations:timeline-feed"), {"from": "2025-07", "before": "x"}))
        self.assertEqual(len(feed.entries), 2)
        self.assertEqual(feed.feed.link, "http://testserver/timeline/?from=2025-07")

    def test_a_bad_filter_answers_the_timeline_s_400_page(self):
        page = self.client.get(reverse("relations:timeline"), {"from": "2025-13"})
        feed = self.client.get(reverse("relations:timeline-feed"), {"from": "2025-13"})
        self.assertEqual((page.status_code, feed.status_code), (400, 400))
        self.assertEqual(feed.context["filter"].errors, page.context["filter"].errors)
        self.assertContains(feed, "Some filters could not be used", status_code=400)

    def test_the_feed_costs_a_fixed_number_of_queries_whatever_the_events(self):
        add_full_events(self.world, 60)
        # The events with their countries and participants: one query (and the kinds' family
        # for ?kind=, a subquery of it).
        with self.assertNumQueries(1):
            feed = read(self.client.get(reverse("relations:timeline-feed")))
        self.assertEqual(len(feed.entries), 50)
        self.assertIn("Participants: Yaşar Güler", feed.entries[0].summary)


class ScopedFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def titles(self, url: str, **query) -> list[str]:
        return [entry.title.split(" (")[0] for entry in read(self.client.get(url, query)).entries]

    def test_a_pair_s_feed_lists_the_events_between_them(self):
        url = reverse("relations:ties-feed", args=["pk-tr"])
        self.assertEqual(url, "/ties/pk-tr/feed/")
        feed = read(self.client.get(url))
        self.assertEqual(feed.feed.title, "Pakistan – Türkiye · Diplomatic Ties Tracker")
        self.assertEqual(feed.feed.link, "http://testserver/ties/pk-tr/")
        self.assertEqual(
            self.titles(url),
            [
                "16th session of the Pakistan–Türkiye Joint Ministerial Commission",
                "Fidan and Güler visit Pakistan",
            ],
        )

    def test_a_pair_s_feed_takes_the_timeline_s_filters(self):
        url = reverse("relations:ties-feed", args=["pk-tr"])
        self.assertEqual(self.titles(url, kind="visit"), ["Fidan and Güler visit Pakistan"])
        feed = read(self.client.get(url, {"kind": "visit"}))
        self.assertEqual(feed.feed.link, "http://testserver/ties/pk-tr/")  # the page lists them all
        self.assertEqual(
            feed.feed.subtitle, "Events between Pakistan and Türkiye, newest first. Filtered by kind: visit."
        )
        self.assertEqual(self.client.get(url, {"kind": "nonsense"}).status_code, 400)

    def test_the_other_order_and_capitals_redirect_to_the_pair_s_feed(self):
        for written in ("tr-pk", "PK-TR"):
            response = self.client.get(f"/ties/{written}/feed/", {"kind": "visit"})
            self.assertRedirects(response, "/ties/pk-tr/feed/?kind=visit", status_code=301)

    def test_an_unknown_pair_is_not_found(self):
        for written in ("pk-zz", "pk", "pk-pk"):
            self.assertEqual(self.client.get(f"/ties/{written}/feed/").status_code, 404)

    def test_a_country_s_feed_lists_its_events(self):
        url = reverse("relations:country-feed", args=["in"])
        self.assertEqual(url, "/countries/in/feed/")
        self.assertEqual(self.titles(url), ["India–Pakistan armed conflict"])
        self.assertEqual(
            self.titles(reverse("relations:country-feed", args=["pk"]), kind="conflict"),
            ["India–Pakistan armed conflict"],
        )
        self.assertRedirects(self.client.get("/countries/IN/feed/"), url, status_code=301)
        self.assertEqual(self.client.get("/countries/zz/feed/").status_code, 404)

    def test_a_commission_s_feed_lists_its_sessions(self):
        url = reverse("relations:commission-feed", args=[self.world.jmc.slug])
        feed = read(self.client.get(url))
        self.assertEqual(feed.feed.link, f"http://testserver{self.world.jmc.get_absolute_url()}")
        self.assertEqual([entry.id for entry in feed.entries], [url_of(self.world.session_16)])
        self.assertIn("session No. 16", feed.entries[0].summary)
        self.assertEqual(self.client.get("/commissions/no-such-body/feed/").status_code, 404)

    def test_an_official_s_feed_lists_the_events_they_attended(self):
        url = reverse("relations:official-feed", args=[self.world.guler.slug])
        feed = read(self.client.get(url))
        self.assertEqual(feed.feed.title, "Yaşar Güler · Diplomatic Ties Tracker")
        self.assertEqual([entry.id for entry in feed.entries], [url_of(self.world.session_16)])
        self.assertEqual(self.client.get("/officials/nobody/feed/").status_code, 404)

    def test_scoped_feeds_cost_a_fixed_number_of_queries_whatever_the_events(self):
        add_full_events(self.world, 60)
        world = self.world
        # The record (two countries, a country, a commission, an official), then the events.
        for url, queries in (
            (reverse("relations:ties-feed", args=["pk-tr"]), 2),
            (reverse("relations:country-feed", args=["tr"]), 2),
            (reverse("relations:commission-feed", args=[world.jmc.slug]), 2),
            (reverse("relations:official-feed", args=[world.guler.slug]), 3),
        ):
            with self.subTest(url), self.assertNumQueries(queries):
                feed = read(self.client.get(url))
            self.assertGreaterEqual(len(feed.entries), 1)
        with self.assertNumQueries(3):
            self.assertEqual(
                len(
                    read(self.client.get(reverse("relations:official-feed", args=[world.khan.slug]))).entries
                ),
                50,
            )
