"""Pledges made again: an event at which a pledge was repeated says so on its row of every event
list ("Pledged again: …, first made March 2024 at …") and on its own page ("Pledged again here"),
linked to the pledge and to the event where it was first made, at no query per row."""

from __future__ import annotations

import re

from django.test import TestCase
from django.urls import reverse

from relations.models import Event, Pledge, PledgeReaffirmation
from relations.models.event_related import pledged_again
from tests.world import build_world, bulk_events, load_story, make_event

FIRST_SLUG = "2024-pakistan-turkiye-us-5-billion-trade-goal"
FIRST_TITLE = "Pakistan and Türkiye set a goal of US$5 billion in bilateral trade"
SESSION_SLUG = "2025-pakistan-turkiye-jmc-16th-session"
TRADE = "Expand bilateral trade to US$5 billion a year"


def row_of(html: str, slug: str) -> str:
    """The HTML of an event's row in a list, from its title to the next row (a nested child's or
    the next event's): what the row itself shows."""
    start = html.index(f'<h3 class="event-title"><a href="/events/{slug}/">')
    end = html.find('class="event-row', start)
    return html[start : end if end != -1 else len(html)]


def again_list(row: str) -> str:
    """The row's "pledged again" list, or "" if it has none."""
    found = re.search(r'<ul class="event-again">.*?</ul>', row, flags=re.S)
    return found.group(0) if found else ""


class SeedReaffirmationTests(TestCase):
    """The seed story's trade goal, set in March 2024 and repeated at the 16th JMC session."""

    @classmethod
    def setUpTestData(cls):
        load_story()
        cls.pledge = Pledge.objects.get(title=TRADE)
        cls.expected_line = (
            f'<ul class="event-again"><li>Pledged again: <a href="/pledges/{cls.pledge.pk}/">{TRADE}</a> '
            '<span class="again-first">(first made <time datetime="2024-03">March 2024</time> at '
            f'<a href="/events/{FIRST_SLUG}/">{FIRST_TITLE}</a>)</span></li></ul>'
        )

    def assert_session_row_pledges_again(self, response) -> None:
        html = response.content.decode()
        self.assertHTMLEqual(again_list(row_of(html, SESSION_SLUG)), self.expected_line)
        # The first making's own row is not a "pledged again".
        self.assertEqual(again_list(row_of(html, FIRST_SLUG)), "")

    def test_the_timeline_shows_the_16th_session_pledging_the_trade_goal_again(self):
        response = self.client.get(reverse("relations:timeline"))
        self.assertEqual(response.status_code, 200)
        self.assert_session_row_pledges_again(response)

    def test_the_ties_page_shows_the_16th_session_pledging_the_trade_goal_again(self):
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        self.assertEqual(response.status_code, 200)
        self.assert_session_row_pledges_again(response)

    def test_the_visual_timeline_joins_the_session_to_the_first_making(self):
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        # In the wide drawing and the narrow one.
        self.assertContains(response, 'class="vtl-connector vtl-connector-reaffirmed"', count=2)
        # Not when the first making is not on the page.
        recent = self.client.get(reverse("relations:timeline"), {"from": "2025"})
        self.assertContains(recent, "Pledged again:")
        self.assertContains(recent, "vtl-connector-part")
        self.assertNotContains(recent, "vtl-connector-reaffirmed")

    def test_the_country_and_home_pages_show_it_too(self):
        for url in (reverse("relations:country-detail", args=["tr"]), reverse("relations:home")):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertHTMLEqual(again_list(row_of(html, SESSION_SLUG)), self.expected_line)

    def test_the_session_page_lists_the_pledge_made_again_with_its_first_making_and_note(self):
        response = self.client.get(reverse("relations:event-detail", args=[SESSION_SLUG]))
        note = PledgeReaffirmation.objects.get(pledge=self.pledge).note
        self.assertContains(
            response, '<h3 id="again-title" class="again-title">Pledged again here</h3>', html=True
        )
        self.assertContains(
            response,
            f'<ul class="pledge-list pledged-again" aria-labelledby="again-title"><li>'
            f'<a href="/pledges/{self.pledge.pk}/">{TRADE}</a> '
            '<span class="again-first">(first made <time datetime="2024-03">March 2024</time> at '
            f'<a href="/events/{FIRST_SLUG}/">{FIRST_TITLE}</a>)</span>'
            f'<p class="again-note">{note}</p></li></ul>',
            html=True,
        )

    def test_the_first_making_s_page_lists_it_as_made_there_and_where_it_was_made_again(self):
        response = self.client.get(reverse("relations:event-detail", args=[FIRST_SLUG]))
        self.assertContains(response, f'<a href="/pledges/{self.pledge.pk}/">{TRADE}</a>', html=True)
        self.assertContains(
            response,
            f'<p class="again-later">Pledged again at <a href="/events/{SESSION_SLUG}/">'
            "16th session of the Pakistan–Türkiye Joint Ministerial Commission</a> "
            '(<time datetime="2025-09-08">8</time>–<time datetime="2025-09-09">9 September 2025</time>)</p>',
            html=True,
        )
        self.assertNotContains(response, "Pledged again here")

    def test_the_list_reads_each_event_s_pledges_made_again_without_a_query(self):
        session = Event.objects.for_list().get(slug=SESSION_SLUG)
        with self.assertNumQueries(0):
            again = pledged_again(session)
        self.assertEqual(
            [(p.id, p.title, p.first_slug, p.first_title, str(p.first_date)) for p in again],
            [(self.pledge.pk, TRADE, FIRST_SLUG, FIRST_TITLE, "March 2024")],
        )
        self.assertEqual(again[0].get_absolute_url(), self.pledge.get_absolute_url())
        self.assertEqual(again[0].first_url(), f"/events/{FIRST_SLUG}/")
        self.assertEqual(pledged_again(Event.objects.get(slug=SESSION_SLUG)), [])


class ReaffirmationListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_a_pledge_made_again_at_several_events_shows_on_each(self):
        w = self.world
        later = [
            make_event(f"Follow-up talks {i}", f"2026-0{i}", {w.pakistan: "host", w.turkiye: "visitor"})
            for i in (1, 2)
        ]
        for event in later:
            PledgeReaffirmation.objects.create(pledge=w.trade_pledge, event=event)
        html = self.client.get(reverse("relations:ties", args=["pk-tr"])).content.decode()
        for event in later:
            row = again_list(row_of(html, event.slug))
            self.assertIn(f'<a href="{w.trade_pledge.get_absolute_url()}">{w.trade_pledge.title}</a>', row)
            self.assertIn(f'<a href="{w.session_16.get_absolute_url()}">{w.session_16.title}</a>', row)
        self.assertEqual(again_list(row_of(html, w.session_16.slug)), "")

    def test_pledges_made_again_at_one_event_are_listed_in_the_order_first_made(self):
        w = self.world
        older = make_event("Earlier statement", "2020", {w.pakistan: "party", w.turkiye: "party"})
        old_pledge = Pledge.objects.create(event=older, title="An older goal")
        event = make_event("Review talks", "2026-03-02", {w.pakistan: "host", w.turkiye: "visitor"})
        for pledge in (w.trade_pledge, old_pledge):
            PledgeReaffirmation.objects.create(pledge=pledge, event=event, note="Repeated.")
        again = pledged_again(Event.objects.for_list().get(pk=event.pk))
        self.assertEqual(
            [(p.title, p.first_title, str(p.first_date), p.note) for p in again],
            [
                ("An older goal", "Earlier statement", "2020", "Repeated."),
                (w.trade_pledge.title, w.session_16.title, "8–9 September 2025", "Repeated."),
            ],
        )
        row = self.client.get(reverse("relations:timeline")).content.decode()
        self.assertIn('(first made <time datetime="2020">2020</time> at', again_list(row_of(row, event.slug)))

    def test_the_lists_cost_the_same_with_many_events_pledging_again(self):
        w = self.world
        pages = {
            # The numbers of tests/test_pages.py and tests/test_pages_countries.py: the events
            # with their lists, and the page's other parts, whatever the rows.
            reverse("relations:timeline"): 5,
            reverse("relations:ties", args=["pk-tr"]): 12,
            reverse("relations:home"): 5,
        }
        for url, queries in pages.items():
            with self.subTest(url=url, before=True), self.assertNumQueries(queries):
                self.client.get(url)
        events = bulk_events(
            [
                (f"Trade review {i}", f"2026-02-{i % 28 + 1:02d}", {"PK": "host", "TR": "visitor"})
                for i in range(30)
            ]
        )
        PledgeReaffirmation.objects.bulk_create(
            PledgeReaffirmation(pledge=pledge, event=event, note=f"Repeated at review {i}.")
            for i, event in enumerate(events)
            for pledge in (w.trade_pledge, w.lng_pledge)
        )
        for url, queries in pages.items():
            with self.subTest(url=url), self.assertNumQueries(queries):
                response = self.client.get(url)
            self.assertContains(response, "Pledged again:")
        response = self.client.get(reverse("relations:timeline"))
        self.assertEqual(response.content.decode().count("<li>Pledged again: "), 60)

    def test_the_event_page_costs_the_same_with_many_pledges_made_again(self):
        w = self.world
        for i in range(20):
            earlier = make_event(f"Statement {i}", f"2019-{i % 12 + 1:02d}", {w.pakistan: "party"})
            pledge = Pledge.objects.create(event=earlier, title=f"Goal {i}")
            PledgeReaffirmation.objects.create(pledge=pledge, event=w.session_16, note=f"Goal {i} again.")
        # As in tests/test_pages.py: the reaffirmations come with their pledges and first events,
        # and the pledges made here with the events where they were made again.
        with self.assertNumQueries(12):
            response = self.client.get(w.session_16.get_absolute_url())
        self.assertContains(response, "Pledged again here")
        self.assertContains(response, '<p class="again-note">Goal 19 again.</p>', html=True)
        self.assertContains(response, "first made", count=20)

    def test_the_event_page_costs_the_same_with_its_pledges_made_again_at_many_events(self):
        w = self.world
        for i in range(20):
            later = make_event(f"Review {i}", f"2026-{i % 12 + 1:02d}", {w.pakistan: "party"})
            for pledge in (w.trade_pledge, w.lng_pledge):
                PledgeReaffirmation.objects.create(pledge=pledge, event=later)
        with self.assertNumQueries(12):
            response = self.client.get(w.session_16.get_absolute_url())
        self.assertContains(response, '<p class="again-later">', count=2)
        self.assertContains(response, ">Review 19</a>", count=2)
