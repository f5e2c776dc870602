from django.test import TestCase
from django.urls import reverse

from relations.models import Country, Event, EventCountry
from tests.world import build_world


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_home_page_shows_the_latest_events_with_dates_by_precision(self):
        response = self.client.get(reverse("relations:home"))
        self.assertContains(response, "16th session of the Pakistan–Türkiye Joint Ministerial Commission")
        self.assertContains(response, "8–9 September 2025")
        self.assertContains(response, "July 2025")
        self.assertNotContains(response, "1 July 2025")

    def test_the_home_page_costs_the_same_with_many_events(self):
        pakistan, india = Country.objects.get(code="PK"), Country.objects.get(code="IN")
        for n in range(60):
            event = Event(title=f"Call {n}", kind=Event.Kind.CALL)
            event.date = f"2026-01-{n % 28 + 1:02d}"
            event.save()
            EventCountry.objects.bulk_create(
                [EventCountry(event=event, country=pakistan), EventCountry(event=event, country=india)]
            )
        with self.assertNumQueries(2):
            response = self.client.get(reverse("relations:home"))
        self.assertEqual(len(response.context["events"]), 20)

    def test_an_event_page_opens_and_an_unknown_one_is_a_404(self):
        response = self.client.get(self.world.session_16.get_absolute_url())
        self.assertContains(response, "8–9 September 2025")
        self.assertEqual(
            self.client.get(reverse("relations:event-detail", args=["nothing-here"])).status_code, 404
        )


class FaviconTests(TestCase):
    def test_the_favicon_address_browsers_ask_for_leads_to_the_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertRedirects(response, "/static/favicon.svg", status_code=301, fetch_redirect_response=False)
