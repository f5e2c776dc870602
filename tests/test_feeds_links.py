"""Every page with a feed, a calendar or an API record says so: in its head (for feed readers)
and in a visible "Follow" row under its header."""

from __future__ import annotations

from django.test import TestCase
from django.urls import reverse

from relations.models import Pledge
from tests.world import build_world


def route(name: str, *args) -> str:
    return reverse(name, args=args)


class FollowLinksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def assertFollows(
        self, page: str, *, feed=None, calendar=None, json=None, title=None, label="Calendar (iCalendar)"
    ) -> None:
        response = self.client.get(page)
        self.assertContains(response, '<nav class="follow" aria-label="Follow and reuse">')
        self.assertContains(response, "css/follow.css")
        if feed:
            self.assertContains(
                response,
                f'<link rel="alternate" type="application/atom+xml" title="{title} (Atom)" href="{feed}">',
            )
            self.assertContains(
                response,
                f'<a class="follow-feed" href="{feed}" type="application/atom+xml">Atom feed</a>',
                html=True,
            )
        else:
            self.assertNotContains(response, "application/atom+xml")
        if calendar:
            self.assertContains(
                response,
                f'<link rel="alternate" type="text/calendar" title="{label}" href="{calendar}">',
            )
            self.assertContains(
                response,
                f'<a class="follow-calendar" href="{calendar}" type="text/calendar">{label}</a>',
                html=True,
            )
        else:
            self.assertNotContains(response, "text/calendar")
        if json:
            self.assertEqual(self.client.get(json, HTTP_ACCEPT="application/json").status_code, 200)
            self.assertContains(
                response, f'<a class="follow-json" href="{json}" type="application/json">JSON</a>', html=True
            )
        else:
            self.assertNotContains(response, 'class="follow-json"')

    def test_the_home_page_follows_the_timeline(self):
        self.assertFollows(
            "/", feed="/timeline/feed/", calendar=route("relations:calendar"), title="Timeline"
        )

    def test_the_timeline_follows_its_filters_but_not_its_page_position(self):
        page = reverse("relations:timeline") + "?kind=visit&before=2025-07-01.3"
        self.assertFollows(
            page,
            feed="/timeline/feed/?kind=visit",
            calendar="/calendar.ics?kind=visit",
            title="Timeline",
        )

    def test_a_pair_s_page_follows_the_pair(self):
        self.assertFollows(
            "/ties/pk-tr/",
            feed="/ties/pk-tr/feed/",
            calendar=route("relations:ties-calendar", "pk-tr"),
            title="Pakistan – Türkiye",
        )

    def test_a_country_s_page_follows_the_country_and_links_its_record(self):
        self.assertFollows(
            "/countries/pk/",
            feed="/countries/pk/feed/",
            calendar=route("relations:country-calendar", "pk"),
            json=reverse("api:country-detail", args=["PK"]),
            title="Pakistan",
        )

    def test_a_commission_s_page_follows_its_sessions_and_links_its_record(self):
        jmc = self.world.jmc
        self.assertFollows(
            jmc.get_absolute_url(),
            feed=f"/commissions/{jmc.slug}/feed/",
            calendar=route("relations:commission-calendar", jmc.slug),
            json=reverse("api:commission-detail", args=[jmc.slug]),
            title=jmc.name,
        )

    def test_an_official_s_page_follows_their_events_and_links_their_record(self):
        guler = self.world.guler
        self.assertFollows(
            guler.get_absolute_url(),
            feed=f"/officials/{guler.slug}/feed/",
            json=reverse("api:official-detail", args=[guler.slug]),
            title="Yaşar Güler",
        )

    def test_the_pledge_list_follows_the_pledges_feed(self):
        self.assertFollows("/pledges/?status=announced", feed="/pledges/feed/", title="Pledges")

    def test_a_pledge_s_page_links_its_record(self):
        pledge: Pledge = self.world.trade_pledge
        self.assertFollows(pledge.get_absolute_url(), json=reverse("api:pledge-detail", args=[pledge.pk]))

    def test_an_event_on_known_days_offers_its_calendar_file_and_its_record(self):
        session = self.world.session_16
        self.assertFollows(
            session.get_absolute_url(),
            calendar=route("relations:event-calendar", session.slug),
            label="Add to calendar (iCalendar)",
            json=reverse("api:event-detail", args=[session.slug]),
        )

    def test_an_event_dated_to_a_month_offers_no_calendar_file(self):
        visit = self.world.visit_july
        self.assertFollows(visit.get_absolute_url(), json=reverse("api:event-detail", args=[visit.slug]))
