"""The pair index stays in step with an event's countries and date, whatever path writes them."""

from django.contrib.auth.models import User
from django.test import TestCase

from relations.models import Event, EventCountry, EventPair
from tests.world import build_world, change_conflict_countries_in_admin, make_event


def pairs(event: Event) -> set[tuple[str, str, str]]:
    return {(p.low, p.high, p.date_start.isoformat()) for p in EventPair.objects.filter(event=event)}


class PairIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_a_bilateral_event_has_one_row_in_alphabetical_order(self):
        self.assertEqual(pairs(self.world.session_16), {("PK", "TR", "2025-09-08")})

    def test_an_event_with_three_countries_belongs_to_every_pair(self):
        w = self.world
        event = make_event(
            "Trilateral", "2025-10", {w.turkiye: "party", w.pakistan: "party", w.india: "party"}
        )
        self.assertEqual(
            pairs(event), {("IN", "PK", "2025-10-01"), ("IN", "TR", "2025-10-01"), ("PK", "TR", "2025-10-01")}
        )

    def test_adding_and_removing_a_country_updates_the_pairs(self):
        w = self.world
        EventCountry.objects.create(event=w.conflict, country=w.turkiye)
        self.assertEqual(len(pairs(w.conflict)), 3)
        EventCountry.objects.get(event=w.conflict, country=w.india).delete()
        self.assertEqual(pairs(w.conflict), {("PK", "TR", "2025-05-07")})

    def test_changing_a_country_moves_the_event_to_another_pair(self):
        w = self.world
        row = EventCountry.objects.get(event=w.visit_july, country=w.turkiye)
        row.country = w.india
        row.save()
        self.assertEqual(pairs(w.visit_july), {("IN", "PK", "2025-07-01")})
        self.assertNotIn(w.visit_july, Event.objects.for_pair("pk", "tr"))

    def test_a_new_date_is_copied_into_the_index(self):
        event = Event.objects.get(pk=self.world.session_16.pk)
        event.date = "2026-01"
        event.save()
        self.assertEqual(pairs(event), {("PK", "TR", "2026-01-01")})

    def test_deleting_the_event_deletes_its_rows(self):
        event_id = self.world.conflict.pk
        self.world.conflict.delete()
        self.assertFalse(EventPair.objects.filter(event_id=event_id).exists())

    def test_the_pair_query_reads_the_index_whatever_the_order_of_codes(self):
        w = self.world
        self.assertEqual(
            list(Event.objects.for_pair("tr", "PK").newest_first()), [w.session_16, w.visit_july]
        )
        self.assertIn("relations_eventpair", str(Event.objects.for_pair("tr", "pk").query))


class AdminKeepsThePairIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.admin = User.objects.create_superuser("root", password="x")

    def test_removing_a_country_in_the_admin_inline_removes_its_pair(self):
        w = self.world
        self.client.force_login(self.admin)
        event = w.conflict
        response = change_conflict_countries_in_admin(self.client, event)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(pairs(event), {("PK", "TR", "2025-05-07")})
