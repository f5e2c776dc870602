"""Derived data (relations/models/derived.py): what writes cost, `manage.py rebuild_derived
[--check]`, queryset updates, and search texts that keep their parts apart."""

import datetime as dt
from decimal import Decimal
from io import StringIO

from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase

from relations.activity import pair_activity, pair_top_officials
from relations.models import (
    Country,
    Event,
    EventCountry,
    EventPair,
    Observation,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatusChange,
    derived,
)
from tests.world import build_world

# What a write costs, per database: PostgreSQL takes the totals' lock (`lock_totals`) once per
# refresh, which SQLite does not need.
ADD_EVENT = {"sqlite": (4, 12, 20), "postgresql": (4, 13, 21)}
# An event's delete reads the events that list it (touched.py) once.
DELETE_EVENT_WITH_PLEDGE = {"sqlite": 69, "postgresql": 71}


def rebuild_check() -> tuple[str, str | None]:
    out = StringIO()
    try:
        call_command("rebuild_derived", "--check", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


class WriteCostTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_adding_an_event_between_two_countries_costs_a_fixed_number_of_queries(self):
        event_cost, first_cost, second_cost = ADD_EVENT[connection.vendor]
        event = Event(title="Talks in Ankara", kind=Event.Kind.MEETING)
        event.date = "2025-07-09"
        with self.assertNumQueries(event_cost):
            event.save()
        with self.assertNumQueries(first_cost):
            EventCountry.objects.create(event=event, country=self.world.pakistan)
        with self.assertNumQueries(second_cost):
            EventCountry.objects.create(event=event, country=self.world.turkiye)
        self.assertEqual(derived.differences(), [])

    def test_deleting_an_event_with_one_pledge_costs_a_fixed_number_of_queries(self):
        event = Event.objects.get(pk=self.world.conflict.pk)
        pledge = Pledge.objects.create(event=event, title="Talks to resume")
        PledgeParty.objects.create(pledge=pledge, country=self.world.pakistan)
        PledgeParty.objects.create(pledge=pledge, country=self.world.india)
        change = PledgeStatusChange(pledge=pledge, status="announced")
        change.as_of = "2025-05-10"
        change.save()
        with self.assertNumQueries(DELETE_EVENT_WITH_PLEDGE[connection.vendor]):
            Pledge.objects.get(pk=pledge.pk).delete()
            event.delete()
        self.assertEqual(derived.differences(), [])


class RebuildDerivedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_check_passes_when_everything_is_in_step(self):
        out, error = rebuild_check()
        self.assertIsNone(error)
        self.assertIn("in step", out)

    def test_check_names_a_copy_that_raw_sql_broke_and_exits_non_zero(self):
        row = EventCountry.objects.get(event=self.world.visit_july, country_id="TR")
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE relations_eventcountry SET date_start = %s WHERE id = %s",
                [dt.date(1999, 1, 1), row.pk],
            )
        out, error = rebuild_check()
        # The country's activity, counted from that copy, shows in two wrong quarters too.
        self.assertEqual(error, "3 derived values differ from a fresh recomputation.")
        self.assertIn(f"EventCountry.date_start: row {row.pk} differs from its event's", out)
        self.assertIn("CountryActivityTotal: TR 1999-01-01 False visit is 0, counted 1", out)

    def test_check_names_a_total_and_a_status_that_raw_sql_broke(self):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE relations_pairtotal SET events = 9 WHERE low_id = 'PK' AND high_id = 'TR'")
            cursor.execute(
                "UPDATE relations_pledge SET current_status = 'stalled' WHERE id = %s",
                [self.world.trade_pledge.pk],
            )
            cursor.execute("DELETE FROM relations_eventpair WHERE event_id = %s", [self.world.conflict.pk])
        out, error = rebuild_check()
        self.assertIsNotNone(error)
        self.assertIn("PairTotal: PK TR is 9, counted 2", out)
        self.assertIn(f"Pledge.current_status: pledge {self.world.trade_pledge.pk} differs", out)
        self.assertIn(f"EventPair: missing or stale row for event {self.world.conflict.pk}, IN–PK", out)

    def test_rebuilding_puts_every_copy_and_total_back(self):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE relations_participant SET date_start = '1999-01-01'")
            cursor.execute("UPDATE relations_countrytotal SET events = 0")
            cursor.execute("UPDATE relations_event SET search_text = 'stale'")
            cursor.execute("DELETE FROM relations_eventpair")
        self.assertNotEqual(derived.differences(), [])
        call_command("rebuild_derived", stdout=StringIO())
        self.assertEqual(rebuild_check(), ("Every derived copy and total is in step.\n", None))
        self.assertEqual(
            list(Event.objects.for_pair("tr", "pk").values_list("pk", flat=True).order_by("pk")),
            sorted([self.world.session_16.pk, self.world.visit_july.pk]),
        )

    def test_check_names_a_tampered_progress_column_and_a_rebuild_puts_it_back(self):
        trade = self.world.trade_pledge
        for period, value in (("2024", "1.4e9"), ("2025-10/2025-12", "2e9")):
            Observation.objects.create(
                pledge=trade, period=period, value=Decimal(value), currency="USD", source=self.world.source
            )
        stored = Pledge.objects.values("progress_verdict", "observed_until", "progress_share").get(
            pk=trade.pk
        )
        self.assertEqual(
            stored,
            {
                "progress_verdict": "on_track",
                "observed_until": dt.date(2025, 12, 31),
                "progress_share": Decimal("0.1667"),
            },
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE relations_pledge SET progress_verdict = 'met', observed_until = %s WHERE id = %s",
                [dt.date(2030, 1, 1), trade.pk],
            )
        out, error = rebuild_check()
        self.assertEqual(error, "1 derived values differ from a fresh recomputation.")
        self.assertIn(f"Pledge progress: pledge {trade.pk} differs in observed_until, progress_verdict", out)
        call_command("rebuild_derived", stdout=StringIO())
        self.assertEqual(rebuild_check(), ("Every derived copy and total is in step.\n", None))
        self.assertEqual(
            Pledge.objects.values("progress_verdict", "observed_until", "progress_share").get(pk=trade.pk),
            stored,
        )


class QuerySetUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_updating_an_events_date_moves_every_copy(self):
        day = dt.date(2024, 3, 5)
        Event.objects.filter(pk=self.world.visit_july.pk).update(date_start=day, date_end=day)
        self.assertEqual(derived.differences(), [])
        self.assertEqual(
            set(EventPair.objects.filter(event=self.world.visit_july).values_list("date_start", flat=True)),
            {day},
        )

    def test_updating_a_title_refreshes_what_search_reads(self):
        Event.objects.filter(pk=self.world.conflict.pk).update(title="Ceasefire talks")
        self.assertIn(self.world.conflict, Event.objects.matching("ceasefire"))
        self.assertEqual(derived.differences(), [])

    def test_updating_a_country_row_moves_the_event_to_another_pair(self):
        EventCountry.objects.filter(event=self.world.conflict, country_id="IN").update(
            country=self.world.turkiye
        )
        self.assertIn(self.world.conflict, Event.objects.for_pair("pk", "tr"))
        self.assertEqual(derived.differences(), [])

    def test_updating_a_status_change_moves_the_pledge_to_its_status(self):
        PledgeStatusChange.objects.filter(pledge=self.world.trade_pledge).update(status="stalled")
        self.assertEqual(Pledge.objects.get(pk=self.world.trade_pledge.pk).current_status, "stalled")
        self.assertEqual(derived.differences(), [])

    def test_updating_a_party_row_recounts_the_pledge_totals(self):
        pledge = Pledge.objects.create(event=self.world.conflict, title="Open the border")
        PledgeParty.objects.create(pledge=pledge, country=self.world.pakistan)
        PledgeParty.objects.create(pledge=pledge, country=self.world.turkiye)
        PledgeParty.objects.filter(pledge=pledge, country_id="TR").update(
            country=Country.objects.get(code="IN")
        )
        self.assertIn(pledge, Pledge.objects.involving("in", "pk"))
        self.assertEqual(derived.differences(), [])

    def test_writing_a_derived_column_is_refused(self):
        with self.assertRaisesMessage(derived.DerivedFieldError, "Pledge.current_status is derived"):
            Pledge.objects.update(current_status="fulfilled")
        with self.assertRaisesMessage(derived.DerivedFieldError, "EventCountry.date_start is derived"):
            EventCountry.objects.update(date_start=dt.date(2000, 1, 1))
        with self.assertRaises(derived.DerivedFieldError):
            Pledge.objects.update(event=self.world.conflict)


class ActivityTotalTests(TestCase):
    """The activity totals (events per quarter and kind, officials per pair side) follow every
    write that moves an event between periods, kinds or people."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def activity(self, *pair):
        return [(c.label, c.kind, c.events) for c in pair_activity(*pair)]

    def test_a_new_kind_moves_the_event_to_that_kind(self):
        event = Event.objects.get(pk=self.world.visit_july.pk)
        event.kind = Event.Kind.SUMMIT
        event.save()
        self.assertEqual(
            self.activity("pk", "tr"), [("2025 Q3", "commission_session", 1), ("2025 Q3", "summit", 1)]
        )
        self.assertEqual(derived.differences(), [])

    def test_a_date_known_only_by_its_year_moves_the_event_out_of_its_quarter(self):
        Event.objects.filter(pk=self.world.visit_july.pk).update(
            date_start=dt.date(2025, 1, 1), date_end=dt.date(2025, 12, 31), date_precision=9
        )
        self.assertEqual(
            [(c.label, c.year_only) for c in pair_activity("pk", "tr")], [("2025", True), ("2025 Q3", False)]
        )
        self.assertEqual(derived.differences(), [])

    def test_participants_written_and_deleted_are_counted_for_their_side(self):
        guler = self.world.guler
        Participant.objects.create(event=self.world.visit_july, official=guler, side=self.world.turkiye)
        self.assertEqual(
            [(o.name, o.events) for o in pair_top_officials("pk", "tr")["TR"]], [(guler.name, 2)]
        )
        Participant.objects.filter(event=self.world.session_16, official=guler).delete()
        self.assertEqual([o.events for o in pair_top_officials("pk", "tr")["TR"]], [1])
        Participant.objects.get(event=self.world.visit_july, official=guler).delete()
        self.assertEqual(pair_top_officials("pk", "tr")["TR"], [])
        self.assertEqual(derived.differences(), [])

    def test_check_names_an_activity_total_that_raw_sql_broke(self):
        with connection.cursor() as cursor:
            cursor.execute("UPDATE relations_pairofficialtotal SET events = 5")
            cursor.execute("DELETE FROM relations_countryactivitytotal WHERE country_id = 'IN'")
        out, error = rebuild_check()
        self.assertEqual(error, "3 derived values differ from a fresh recomputation.")
        self.assertIn(f"PairOfficialTotal: PK TR TR {self.world.guler.pk} is 5, counted 1", out)
        self.assertIn("CountryActivityTotal: IN 2025-04-01 False conflict is 0, counted 1", out)
        call_command("rebuild_derived", stdout=StringIO())
        self.assertEqual(derived.differences(), [])


class SearchTextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_a_phrase_across_the_end_of_a_title_and_the_start_of_its_summary_is_not_found(self):
        event = Event(title="Talks in Ankara", summary="Energy ministers met.", kind=Event.Kind.MEETING)
        event.date = "2025-07-09"
        event.save()
        self.assertNotIn(event, Event.objects.matching("ankara energy"))
        self.assertIn(event, Event.objects.matching("talks in ankara"))
        self.assertIn(event, Event.objects.matching("energy ministers"))

    def test_a_phrase_across_a_pledges_title_and_description_is_not_found(self):
        pledge = Pledge.objects.create(
            event=self.world.conflict, title="Open the border", description="Trade to double."
        )
        self.assertNotIn(pledge, Pledge.objects.matching("border trade"))
        self.assertIn(pledge, Pledge.objects.matching("trade to double"))

    def test_a_pledge_without_status_has_an_empty_one(self):
        pledge = Pledge.objects.create(event=self.world.conflict, title="Open the border")
        self.assertEqual(Pledge.objects.get(pk=pledge.pk).current_status, "")
        self.assertIn(pledge, Pledge.objects.filter(current_status=""))
