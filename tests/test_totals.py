"""The stored totals (events per pair and per country, pledges per status) and the stored current
status stay equal to a fresh count, whatever path writes the rows they count."""

from unittest import mock, skipUnless

from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.models import Count
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import (
    CountryTotal,
    Event,
    EventCountry,
    EventPair,
    PairTotal,
    Pledge,
    PledgeStatusChange,
    PledgeStatusTotal,
    derived,
)
from relations.models.totals import TableSize, table_sizes
from tests.world import build_world, change_conflict_countries_in_admin, make_event


def stored_pairs() -> dict[tuple[str, str], int]:
    return {(t.low_id, t.high_id): t.events for t in PairTotal.objects.filter(events__gt=0)}


def stored_countries() -> dict[str, int]:
    return dict(CountryTotal.objects.filter(events__gt=0).values_list("country_id", "events"))


def stored_statuses() -> dict[str, int]:
    totals = PledgeStatusTotal.objects.filter(pledges__gt=0).values_list("status", "pledges")
    return dict(totals)


class TotalsTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def assertTotalsAreCounts(self) -> None:
        """Every stored total equals a count of its rows, made now."""
        pairs = EventPair.objects.values_list("low", "high").annotate(n=Count("pk"))
        self.assertEqual(stored_pairs(), {(low, high): n for low, high, n in pairs})
        countries = EventCountry.objects.order_by().values_list("country_id").annotate(n=Count("pk"))
        self.assertEqual(stored_countries(), dict(countries))
        statuses = Pledge.objects.order_by().values_list("current_status").annotate(n=Count("pk"))
        self.assertEqual(stored_statuses(), dict(statuses))
        for pledge in Pledge.objects.all():
            latest = pledge.status_changes.order_by("-as_of_start", "-pk").first()
            self.assertEqual(pledge.current_status, latest.status if latest else "", pledge)


class ModelWriteTests(TotalsTestCase):
    def test_the_world_is_counted(self):
        self.assertEqual(stored_pairs(), {("PK", "TR"): 2, ("IN", "PK"): 1})
        self.assertEqual(stored_countries(), {"PK": 3, "TR": 2, "IN": 1})
        self.assertEqual(stored_statuses(), {"announced": 1, "fulfilled": 1})
        self.assertTotalsAreCounts()

    def test_a_country_added_to_an_event_counts_in_its_new_pairs(self):
        w = self.world
        EventCountry.objects.create(event=w.conflict, country=w.turkiye)
        self.assertEqual(stored_pairs(), {("PK", "TR"): 3, ("IN", "PK"): 1, ("IN", "TR"): 1})
        self.assertEqual(stored_countries(), {"PK": 3, "TR": 3, "IN": 1})
        self.assertTotalsAreCounts()

    def test_a_country_removed_from_an_event_leaves_its_pairs(self):
        EventCountry.objects.get(event=self.world.conflict, country_id="IN").delete()
        self.assertEqual(stored_pairs(), {("PK", "TR"): 2})
        self.assertEqual(stored_countries(), {"PK": 3, "TR": 2})
        self.assertTotalsAreCounts()

    def test_a_country_changed_moves_the_event_to_another_pair(self):
        row = EventCountry.objects.get(event=self.world.visit_july, country_id="TR")
        row.country = self.world.india
        row.save()
        self.assertEqual(stored_pairs(), {("PK", "TR"): 1, ("IN", "PK"): 2})
        self.assertEqual(stored_countries(), {"PK": 3, "TR": 1, "IN": 2})
        self.assertTotalsAreCounts()

    def test_a_new_role_rewrites_nothing(self):
        row = EventCountry.objects.get(event=self.world.visit_july, country_id="TR")
        row.role = EventCountry.Role.PARTY
        # Update it, record its history, move the event's last change (touched.py): the row knows
        # the event and country it was read with.
        with self.assertNumQueries(3):
            row.save()
        self.assertTotalsAreCounts()

    def test_a_deleted_event_is_no_longer_counted(self):
        self.world.visit_july.delete()
        self.assertEqual(stored_pairs(), {("PK", "TR"): 1, ("IN", "PK"): 1})
        self.assertEqual(stored_countries(), {"PK": 2, "TR": 1, "IN": 1})
        self.assertTotalsAreCounts()

    def test_events_deleted_together_are_no_longer_counted(self):
        w = self.world
        make_event("Trilateral", "2025-10", {w.turkiye: "party", w.pakistan: "party", w.india: "party"})
        Event.objects.filter(pk__in=[w.conflict.pk, w.visit_july.pk]).delete()
        self.assertEqual(stored_pairs(), {("PK", "TR"): 2, ("IN", "PK"): 1, ("IN", "TR"): 1})
        self.assertEqual(stored_countries(), {"PK": 2, "TR": 2, "IN": 1})
        self.assertTotalsAreCounts()

    def test_a_recorded_change_moves_the_pledge_to_its_status(self):
        change = PledgeStatusChange.objects.create(
            pledge=self.world.trade_pledge, status="in_progress", as_of="2025-11"
        )
        self.assertEqual(stored_statuses(), {"in_progress": 1, "fulfilled": 1})
        change.delete()
        self.assertEqual(stored_statuses(), {"announced": 1, "fulfilled": 1})
        self.assertTotalsAreCounts()

    def test_an_earlier_change_leaves_the_current_status(self):
        PledgeStatusChange.objects.create(pledge=self.world.lng_pledge, status="in_progress", as_of="2025-10")
        self.assertEqual(Pledge.objects.get(pk=self.world.lng_pledge.pk).current_status, "fulfilled")
        self.assertTotalsAreCounts()

    def test_a_new_pledge_has_no_status_yet_until_one_is_recorded(self):
        pledge = Pledge.objects.create(event=self.world.conflict, title="Talks to resume")
        self.assertEqual(stored_statuses(), {"announced": 1, "fulfilled": 1, "": 1})
        PledgeStatusChange.objects.create(pledge=pledge, status="announced", as_of="2025-05")
        self.assertEqual(stored_statuses(), {"announced": 2, "fulfilled": 1})
        self.assertTotalsAreCounts()

    def test_a_stale_copy_of_a_pledge_saved_keeps_its_current_status(self):
        stale = Pledge.objects.get(pk=self.world.trade_pledge.pk)
        PledgeStatusChange.objects.create(pledge=stale, status="stalled", as_of="2025-12")
        stale.title = "Expand trade"
        stale.save()
        self.assertEqual(Pledge.objects.get(pk=stale.pk).current_status, "stalled")
        self.assertTotalsAreCounts()

    def test_deleted_pledges_are_no_longer_counted(self):
        Pledge.objects.get(pk=self.world.lng_pledge.pk).delete()
        self.assertEqual(stored_statuses(), {"announced": 1})
        Pledge.objects.all().delete()
        self.assertEqual(stored_statuses(), {})
        self.assertTotalsAreCounts()

    def test_refilling_recounts_every_total(self):
        PairTotal.objects.update(events=7)
        CountryTotal.objects.filter(country_id="PK").delete()
        PledgeStatusTotal.objects.create(status="stalled", pledges=3)
        derived.rebuild_totals()
        self.assertTotalsAreCounts()


class AdminAndApiWriteTests(TotalsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin = User.objects.create_superuser("root", password="x")
        cls.editor = User.objects.create_user("editor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def test_countries_changed_in_the_admin_inline_are_counted(self):
        w = self.world
        self.client.force_login(self.admin)
        event = w.conflict
        response = change_conflict_countries_in_admin(self.client, event)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(stored_pairs(), {("PK", "TR"): 3})
        self.assertEqual(stored_countries(), {"PK": 3, "TR": 3})
        self.assertTotalsAreCounts()

    def test_events_deleted_in_the_admin_are_no_longer_counted(self):
        self.client.force_login(self.admin)
        events = [self.world.visit_july.pk, self.world.conflict.pk]
        response = self.client.post(
            reverse("admin:relations_event_changelist"),
            {"action": "delete_selected", "_selected_action": events, "post": "yes"},
        )
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Event.objects.filter(pk__in=events).exists())
        self.assertEqual(stored_pairs(), {("PK", "TR"): 1})
        self.assertEqual(stored_countries(), {"PK": 1, "TR": 1})
        self.assertTotalsAreCounts()

    def test_countries_written_through_the_api_are_counted(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        url = reverse("api:event-detail", args=[self.world.conflict.slug])
        countries = [{"country": "IN", "role": "party"}, {"country": "TR", "role": "mediator"}]
        response = client.patch(url, {"countries": countries}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(stored_pairs(), {("PK", "TR"): 2, ("IN", "TR"): 1})
        self.assertEqual(stored_countries(), {"PK": 2, "TR": 3, "IN": 1})
        self.assertEqual(client.delete(url).status_code, 204)
        self.assertEqual(stored_pairs(), {("PK", "TR"): 2})
        self.assertTotalsAreCounts()

    def test_a_status_history_written_through_the_api_is_counted(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        url = reverse("api:pledge-detail", args=[self.world.trade_pledge.pk])
        history = [{"status": "announced", "as_of": "2024-03"}, {"status": "stalled", "as_of": "2025-12"}]
        response = client.patch(url, {"status_history": history}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["current_status"], "stalled")
        self.assertEqual(stored_statuses(), {"stalled": 1, "fulfilled": 1})
        self.assertEqual(client.delete(url).status_code, 204)
        self.assertEqual(stored_statuses(), {"fulfilled": 1})
        self.assertTotalsAreCounts()


class TableSizeTests(TestCase):
    def test_small_tables_are_counted_exactly_in_one_query(self):
        world = build_world()
        with self.assertNumQueries(1):
            sizes = table_sizes(Event, Pledge)
        self.assertEqual(sizes, [TableSize(3), TableSize(2)])
        self.assertEqual(str(sizes[0]), "3")
        self.assertTrue(world)

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL keeps the planner's estimate")
    def test_a_large_table_is_the_planners_estimate(self):
        build_world()
        with connection.cursor() as cursor:
            # Statistics outlive the test's transaction: make them this world's.
            cursor.execute("ANALYZE relations_event")
            cursor.execute("ANALYZE relations_pledge")
        with mock.patch("relations.models.totals.ESTIMATE_FROM", 3):
            self.assertEqual(table_sizes(Event, Pledge), [TableSize(3, exact=False), TableSize(2)])

    def test_an_estimate_says_so(self):
        self.assertEqual(str(TableSize(1_000_000, exact=False)), "about 1,000,000")
        self.assertEqual(str(TableSize(12_345)), "12,345")
