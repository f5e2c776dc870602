"""The event page read through prepared queries (relations/event_page.py): every event's page is the
same bytes as when its lists came from ``prefetch_related``, each list is read by one query, and
the template then reads nothing more."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.event_page import event_page
from relations.models import (
    Citation,
    Event,
    EventCountry,
    EventLink,
    Participant,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
)
from relations.models.countries import name_as_of
from tests.replaced_readings import assert_same_pages
from tests.world import load_story, make_event

SESSION_16 = "2025-pakistan-turkiye-jmc-16th-session"


def prefetched(slug: str) -> tuple[Event, object]:
    """The event and its pledges as the page read them before, through ``prefetch_related``."""
    event = get_object_or_404(
        Event.objects.select_related("kind", "commission", "place_country", "parent")
        .annotate(place_name=name_as_of("place_country_id", "date_start"))
        .prefetch_related(
            Prefetch(
                "event_countries",
                queryset=EventCountry.objects.select_related("country").annotate(
                    annotated_name_then=name_as_of()
                ),
            ),
            Prefetch(
                "participants",
                queryset=Participant.objects.select_related("official", "side").annotate(
                    side_name=name_as_of("side_id", "date_start")
                ),
            ),
            Prefetch("citations", queryset=Citation.objects.select_related("source")),
            Prefetch("links_out", queryset=EventLink.objects.select_related("to_event")),
            Prefetch("links_in", queryset=EventLink.objects.select_related("from_event")),
            Prefetch("children", queryset=Event.objects.order_by("date_start")),
            Prefetch(
                "reaffirmed_pledges",
                queryset=PledgeReaffirmation.objects.select_related("pledge__event").order_by(
                    "pledge__event__date_start", "pledge_id"
                ),
            ),
            "sectors",
        ),
        slug=slug,
    )
    pledges = Pledge.objects.filter(event=event).prefetch_related(
        Prefetch("parties", queryset=PledgeParty.objects.select_related("country")),
        Prefetch(
            "reaffirmations",
            queryset=PledgeReaffirmation.objects.select_related("event").order_by("event__date_start", "pk"),
        ),
    )
    return event, pledges


class EventPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()
        session = Event.objects.get(slug=SESSION_16)
        countries = {c.country: c.role for c in session.event_countries.all()}
        # Two parts of the session on one day and one on the next, links both ways, and pledges
        # made again in both directions, with notes that need escaping.
        parts = [
            make_event(title, day, countries, parent=session)
            for title, day in (("Trade talks", "2025-09-09"), ("Defence talks", "2025-09-08"))
        ]
        parts.append(make_event("Closing <press> talk", "2025-09-08", countries, parent=session))
        later = make_event("Review of the session", "2026-02", countries)
        earlier = make_event("Earlier talks", "2019-04-02", countries)
        EventLink.objects.create(from_event=later, to_event=session, kind=EventLink.Kind.FOLLOW_UP)
        EventLink.objects.create(from_event=session, to_event=earlier, kind=EventLink.Kind.CONTEXT)
        EventLink.objects.create(from_event=session, to_event=parts[0], kind=EventLink.Kind.RELATED)
        old = Pledge.objects.create(event=earlier, title="An older goal")
        PledgeReaffirmation.objects.create(pledge=old, event=session, note="Said again & meant.")
        for pledge in Pledge.objects.filter(event=session):
            PledgeReaffirmation.objects.create(pledge=pledge, event=later)
        PledgeParty.objects.create(pledge=old, country=next(iter(countries)))

    def test_every_event_page_is_the_same_bytes_as_its_prefetched_reading(self):
        slugs = list(Event.objects.order_by("pk").values_list("slug", flat=True))
        self.assertGreater(len(slugs), 8)
        urls = [reverse("relations:event-detail", args=[slug]) for slug in slugs]
        assert_same_pages(self, urls, {"relations.views.events.event_page": prefetched})
        # The session's page shows what was added above, so the comparison covered it.
        html = self.client.get(reverse("relations:event-detail", args=[SESSION_16])).content.decode()
        for text in (
            "Includes:",
            "Closing &lt;press&gt; talk",
            "Review of the session",
            "Said again &amp; meant.",
        ):
            self.assertIn(text, html)

    def test_each_list_is_read_once_and_the_template_reads_nothing_more(self):
        with CaptureQueriesContext(self.connection()) as queries:
            event, pledges = event_page(SESSION_16)
        # The event, its eight lists, its pledges and their two lists.
        self.assertEqual(len(queries), 12)
        self.assertGreater(len(pledges), 1)
        with self.assertNumQueries(0):
            for name in ("event_countries", "participants", "citations", "children", "sectors"):
                self.assertTrue(list(getattr(event, name).all()), name)
            for link in event.links_out.all():
                self.assertEqual((link.from_event, link.to_event.title), (event, link.to_event.title))
            for link in event.links_in.all():
                self.assertEqual(link.to_event, event)
            # Ordered by when each was first made: the seed's goal of 2024 after the talks of 2019.
            first_made = [again.pledge.event.title for again in event.reaffirmed_pledges.all()]
            self.assertEqual(first_made[0], "Earlier talks")
            self.assertGreater(len(first_made), 1)
            for pledge in pledges:
                self.assertTrue([party.country.name for party in pledge.parties.all()])
                self.assertIn(
                    "Review of the session", [again.event.title for again in pledge.reaffirmations.all()]
                )
                self.assertEqual([again.pledge for again in pledge.reaffirmations.all()], [pledge])

    def test_an_event_without_pledges_reads_no_pledge_lists(self):
        with CaptureQueriesContext(self.connection()) as queries:
            event, pledges = event_page("2026-review-of-the-session")
        self.assertEqual((event.title, pledges, len(queries)), ("Review of the session", [], 10))

    def test_an_unknown_event_is_a_404_page(self):
        response = self.client.get(reverse("relations:event-detail", args=["no-such-event"]))
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "not found", status_code=404, msg_prefix="the site's 404 page")

    @staticmethod
    def connection():
        from django.db import connection

        return connection
