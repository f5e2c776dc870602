"""An event's last change moves when something its record shows changes in a record it only
refers to: a country's name, an official's, a commission's, a kind's, a sector's, a source's
slug, a related event's title. A feed reader sees the entry updated; an API client sees the
new value in the record.

A test's writes share its transaction, in which an event is touched once (touched.py): a write
after the stamps are set back runs in a savepoint of its own, as a later request would."""

from __future__ import annotations

import datetime as dt
from unittest import mock

from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.models import (
    Citation,
    Commission,
    Country,
    CountryName,
    Event,
    EventCountry,
    EventKind,
    EventLink,
    Official,
    Participant,
    Sector,
    Source,
    touched,
)
from tests.world import build_world

LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def event_updates(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if q["sql"].startswith('UPDATE "relations_event" SET'))


class ReferenceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.session, cls.visit, cls.conflict = cls.world.session_16, cls.world.visit_july, cls.world.conflict
        Citation.objects.create(event=cls.session, source=cls.world.source)
        EventLink.objects.create(from_event=cls.conflict, to_event=cls.visit, kind=EventLink.Kind.CONTEXT)

    def setUp(self):
        Event.objects.update(updated_at=LONG_AGO)

    def record(self, event: Event) -> dict:
        """The event's record as an API client reads it."""
        slug = Event.objects.get(pk=event.pk).slug
        response = self.client.get(reverse("api:event-detail", args=[slug]))
        self.assertEqual(response.status_code, 200)
        return response.json()

    def assertMoved(self, *events: Event) -> None:
        for event in events:
            self.assertGreater(Event.objects.get(pk=event.pk).updated_at, LONG_AGO, event)

    def assertNotMoved(self, *events: Event) -> None:
        for event in events:
            self.assertEqual(Event.objects.get(pk=event.pk).updated_at, LONG_AGO, event)

    def test_renaming_a_country_moves_its_events_only(self):
        india = Country.objects.get(code="IN")
        india.name = "Bharat"
        india.save()
        self.assertIn("Bharat", [row["name"] for row in self.record(self.conflict)["countries"]])
        self.assertMoved(self.conflict)
        self.assertNotMoved(self.session, self.visit)

    def test_the_place_s_country_renamed_moves_the_events_held_there(self):
        session = Event.objects.get(pk=self.session.pk)
        session.event_countries.filter(country="PK").delete()  # hosted, no longer a party
        Event.objects.update(updated_at=LONG_AGO)
        pakistan = Country.objects.get(code="PK")
        pakistan.name = "Islamic Republic of Pakistan"
        with transaction.atomic():  # a later request
            pakistan.save()
        self.assertMoved(self.session)

    def test_a_save_that_changes_nothing_costs_no_query_and_moves_nothing(self):
        # Each costs its row and its history (a commission, its members' history too): no
        # look-up of the events that show it.
        records = [
            (Country.objects.get(code="IN"), 2),
            (Official.objects.get(pk=self.world.guler.pk), 2),
            (Commission.objects.get(pk=self.world.jmc.pk), 4),
            (EventKind.objects.get(pk="conflict"), 2),
            (Sector.objects.get(slug="lng"), 2),
            (Source.objects.get(pk=self.world.source.pk), 2),
            (CountryName.objects.filter(country="TR").first(), 2),
        ]
        for record, cost in records:
            with self.subTest(record=record), self.assertNumQueries(cost):
                record.save()
        visit = Event.objects.get(pk=self.visit.pk)
        with self.assertNumQueries(3):  # and its sectors for their history
            visit.save()  # its own stamp moves, no other event's
        self.assertNotMoved(self.session, self.conflict)

    def test_a_former_name_in_use_on_the_event_s_day_moves_it(self):
        name = CountryName.objects.create(
            country=self.world.india, name="Hindustan", kind="former", valid_until="2026-01-01"
        )
        self.assertIn("Hindustan", [row["name"] for row in self.record(self.conflict)["countries"]])
        self.assertMoved(self.conflict)
        Event.objects.update(updated_at=LONG_AGO)
        with transaction.atomic():  # a later request
            name.delete()
        self.assertIn("India", [row["name"] for row in self.record(self.conflict)["countries"]])
        self.assertMoved(self.conflict)

    def test_a_name_not_shown_on_the_event_s_day_moves_nothing(self):
        CountryName.objects.create(country=self.world.india, name="Aryavarta", kind="alternate")
        CountryName.objects.create(
            country=self.world.india, name="Old India", kind="former", valid_until="2001-01-01"
        )
        self.assertNotMoved(self.conflict, self.session, self.visit)

    def test_renaming_an_official_moves_the_events_they_took_part_in(self):
        guler = Official.objects.get(pk=self.world.guler.pk)
        guler.name, guler.slug = "Yaşar Güler Paşa", "yasar-guler-pasa"
        guler.save()
        officials = [row["official"] for row in self.record(self.session)["participants"]]
        self.assertIn("yasar-guler-pasa", officials)
        self.assertMoved(self.session)
        self.assertNotMoved(self.visit, self.conflict)

    def test_renaming_a_commission_moves_its_sessions(self):
        jmc = Commission.objects.get(pk=self.world.jmc.pk)
        jmc.slug = "pk-tr-jmc"
        jmc.save()
        self.assertEqual(self.record(self.session)["commission"], "pk-tr-jmc")
        self.assertMoved(self.session)
        self.assertNotMoved(self.visit, self.conflict)

    def test_renaming_a_kind_or_changing_its_tone_moves_its_events(self):
        kind = EventKind.objects.get(pk="conflict")
        kind.name = "armed conflict"
        kind.save()
        self.assertEqual(self.record(self.conflict)["kind_name"], "armed conflict")
        self.assertMoved(self.conflict)
        self.assertNotMoved(self.session, self.visit)
        Event.objects.update(updated_at=LONG_AGO)
        kind.tone = next(tone for tone in EventKind.Tone if tone != kind.tone)
        with transaction.atomic():  # a later request
            kind.save()
        self.assertEqual(self.record(self.conflict)["tone"], kind.tone)
        self.assertMoved(self.conflict)

    def test_renaming_or_removing_a_sector_moves_the_events_in_it(self):
        lng = Sector.objects.get(slug="lng")
        lng.slug = "liquefied-gas"
        lng.save()
        self.assertEqual(self.record(self.session)["sectors"], ["liquefied-gas"])
        self.assertMoved(self.session)
        self.assertNotMoved(self.visit)
        mining = Sector.objects.create(name="Mining", slug="mining")
        Event.objects.get(pk=self.visit.pk).sectors.add(mining)
        Event.objects.update(updated_at=LONG_AGO)
        with transaction.atomic():  # a later request
            mining.delete()
        self.assertEqual(self.record(self.visit)["sectors"], [])
        self.assertMoved(self.visit)
        self.assertNotMoved(self.session)

    def test_a_source_s_new_slug_moves_the_events_citing_it(self):
        source = Source.objects.get(pk=self.world.source.pk)
        source.slug = "arab-news-closer-cooperation"
        source.save()
        sources = [row["source"] for row in self.record(self.session)["citations"]]
        self.assertEqual(sources, ["arab-news-closer-cooperation"])
        self.assertMoved(self.session)
        self.assertNotMoved(self.visit, self.conflict)

    def test_an_event_s_new_slug_moves_its_children(self):
        Event.objects.filter(pk=self.session.pk).update(parent=self.visit, updated_at=LONG_AGO)
        visit = Event.objects.get(pk=self.visit.pk)
        visit.slug = "2025-guler-fidan-visit"
        visit.save()
        self.assertEqual(self.record(self.session)["parent"], "2025-guler-fidan-visit")
        self.assertMoved(self.session, self.conflict)  # the conflict's row links to it too

    def test_an_event_s_new_title_or_date_moves_the_events_linked_to_it(self):
        conflict = Event.objects.get(pk=self.conflict.pk)
        conflict.title = "India–Pakistan clashes"
        conflict.save()
        self.assertMoved(self.visit)
        self.assertNotMoved(self.session)
        Event.objects.update(updated_at=LONG_AGO)
        conflict.date = "2025-05-07/2025-05-11"
        with transaction.atomic():  # a later request
            conflict.save()
        self.assertMoved(self.visit)

    def test_deleting_an_event_moves_the_events_linked_to_it(self):
        Event.objects.get(pk=self.conflict.pk).delete()
        self.assertMoved(self.visit)
        self.assertNotMoved(self.session)


class QuerySetUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.session, cls.visit, cls.conflict = cls.world.session_16, cls.world.visit_july, cls.world.conflict
        Citation.objects.create(event=cls.session, source=cls.world.source)
        EventLink.objects.create(from_event=cls.conflict, to_event=cls.visit)

    def setUp(self):
        Event.objects.update(updated_at=LONG_AGO)

    def assertMoved(self, *events: Event) -> None:
        for event in events:
            self.assertGreater(Event.objects.get(pk=event.pk).updated_at, LONG_AGO, event)

    def assertNotMoved(self, *events: Event) -> None:
        for event in events:
            self.assertEqual(Event.objects.get(pk=event.pk).updated_at, LONG_AGO, event)

    def test_updating_events_moves_them_and_the_events_that_show_their_title(self):
        Event.objects.filter(pk=self.conflict.pk).update(title="India–Pakistan clashes")
        self.assertMoved(self.conflict, self.visit)
        self.assertNotMoved(self.session)

    def test_updating_events_costs_no_query_more_when_nothing_shown_elsewhere_changes(self):
        with self.assertNumQueries(1):
            Event.objects.filter(pk=self.session.pk).update(status=Event.Status.POSTPONED)
        self.assertMoved(self.session)
        self.assertNotMoved(self.visit, self.conflict)

    def test_an_update_that_stamps_the_events_itself_keeps_its_stamp(self):
        Event.objects.filter(pk=self.session.pk).update(status=Event.Status.POSTPONED, updated_at=LONG_AGO)
        self.assertNotMoved(self.session)

    def test_updating_an_event_s_rows_moves_it(self):
        updates = [
            (EventCountry.objects.filter(event=self.session, country="TR"), {"role": "party"}),
            (Participant.objects.filter(event=self.session), {"capacity": "Minister"}),
            (Citation.objects.filter(event=self.session), {"excerpt": "“Closer ties.”"}),
        ]
        for rows, fields in updates:
            Event.objects.update(updated_at=LONG_AGO)
            with transaction.atomic():  # a later request
                rows.update(**fields)
            self.assertMoved(self.session)
            self.assertNotMoved(self.visit, self.conflict)

    def test_updating_a_link_moves_both_its_events(self):
        EventLink.objects.filter(from_event=self.conflict).update(kind=EventLink.Kind.RESPONSE)
        self.assertMoved(self.conflict, self.visit)
        self.assertNotMoved(self.session)


class BatchTests(TestCase):
    """A small set is touched in the writer's transaction; a large one after its commit, in
    batches, each its own short transaction."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()  # three events, all with Pakistan

    def setUp(self):
        Event.objects.update(updated_at=LONG_AGO)

    def rename_pakistan(self) -> None:
        pakistan = Country.objects.get(code="PK")
        pakistan.name = "Islamic Republic of Pakistan"
        pakistan.save()

    def moved(self) -> int:
        return Event.objects.filter(updated_at__gt=LONG_AGO).count()

    def test_a_small_set_is_touched_in_the_writer_s_transaction(self):
        with CaptureQueriesContext(connection) as queries, transaction.atomic():
            self.rename_pakistan()
            self.assertEqual(self.moved(), 3)  # before the writer commits
        self.assertEqual(event_updates(queries), 1)

    def test_a_large_set_is_touched_after_commit_in_batches(self):
        with mock.patch.object(touched, "BATCH", 2), CaptureQueriesContext(connection) as queries:
            with self.captureOnCommitCallbacks(execute=True):
                with transaction.atomic():
                    self.rename_pakistan()
                    self.assertEqual(self.moved(), 0)  # no event row locked by the writer
                self.assertEqual(event_updates(queries), 0)
            self.assertEqual(self.moved(), 3)
        self.assertEqual(event_updates(queries), 2)  # three events, two per batch
