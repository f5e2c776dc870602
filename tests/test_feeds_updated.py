"""An event's record changes, for its feed entry's ``<updated>``, when the rows it owns change."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from relations.models import (
    Citation,
    Event,
    EventCountry,
    EventLink,
    Participant,
    Pledge,
    PledgeReaffirmation,
)
from tests.world import build_world

LONG_AGO = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)


def event_updates(queries: CaptureQueriesContext) -> int:
    return sum(1 for q in queries.captured_queries if q["sql"].startswith('UPDATE "relations_event" SET'))


class EventUpdatedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def setUp(self):
        Event.objects.filter(pk__in=[self.session.pk, self.visit.pk]).update(updated_at=LONG_AGO)

    @property
    def session(self) -> Event:
        return self.world.session_16

    @property
    def visit(self) -> Event:
        return self.world.visit_july

    def assertMoved(self, *events: Event) -> None:
        for event in events:
            self.assertGreater(Event.objects.get(pk=event.pk).updated_at, LONG_AGO, event)

    def assertNotMoved(self, event: Event) -> None:
        self.assertEqual(Event.objects.get(pk=event.pk).updated_at, LONG_AGO)

    def in_new_transaction(self):
        """A savepoint, as a new request's transaction is inside the test's."""
        return transaction.atomic()

    def test_adding_a_country_moves_the_event_s_last_change(self):
        with self.in_new_transaction():
            EventCountry.objects.create(event=self.session, country=self.world.india)
        self.assertMoved(self.session)
        self.assertNotMoved(self.visit)

    def test_changing_or_removing_a_country_moves_it(self):
        row = EventCountry.objects.get(event=self.session, country=self.world.turkiye)
        with self.in_new_transaction():
            row.role = EventCountry.Role.PARTY
            row.save()
        self.assertMoved(self.session)
        Event.objects.filter(pk=self.session.pk).update(updated_at=LONG_AGO)
        with self.in_new_transaction():
            row.delete()
        self.assertMoved(self.session)

    def test_removing_rows_in_bulk_moves_their_events(self):
        with self.in_new_transaction():
            Participant.objects.filter(event=self.session).delete()
        self.assertMoved(self.session)

    def test_a_participant_moves_it(self):
        with self.in_new_transaction():
            Participant.objects.create(event=self.visit, official=self.world.guler, role="delegation_head")
        self.assertMoved(self.visit)

    def test_a_citation_moves_it(self):
        with self.in_new_transaction():
            citation = Citation.objects.create(event=self.visit, source=self.world.source)
        self.assertMoved(self.visit)
        Event.objects.filter(pk=self.visit.pk).update(updated_at=LONG_AGO)
        with self.in_new_transaction():
            citation.delete()
        self.assertMoved(self.visit)

    def test_a_link_moves_both_events(self):
        with self.in_new_transaction():
            EventLink.objects.create(
                from_event=self.session, to_event=self.visit, kind=EventLink.Kind.FOLLOW_UP
            )
        self.assertMoved(self.session, self.visit)

    def test_a_pledge_made_or_made_again_there_moves_it(self):
        with self.in_new_transaction():
            pledge = Pledge.objects.create(event=self.visit, title="Joint drills")
        self.assertMoved(self.visit)
        self.assertNotMoved(self.session)
        with self.in_new_transaction():
            PledgeReaffirmation.objects.create(pledge=self.world.lng_pledge, event=self.visit)
        Event.objects.filter(pk=self.visit.pk).update(updated_at=LONG_AGO)
        with self.in_new_transaction():
            pledge.delete()
        self.assertMoved(self.visit)

    def test_many_rows_written_in_one_transaction_update_the_event_once(self):
        with self.in_new_transaction(), CaptureQueriesContext(connection) as queries:
            EventCountry.objects.create(event=self.session, country=self.world.india)
            Participant.objects.create(event=self.session, name="An envoy")
            Citation.objects.create(event=self.session, source=self.world.source)
            Pledge.objects.create(event=self.session, title="Joint drills")
        self.assertEqual(event_updates(queries), 1)
        self.assertMoved(self.session)

    def test_an_event_saved_with_its_rows_is_not_updated_again(self):
        with self.in_new_transaction(), CaptureQueriesContext(connection) as queries:
            event = Event.objects.get(pk=self.visit.pk)
            event.summary = "Talks on defence."
            event.save()
            EventCountry.objects.create(event=event, country=self.world.india)
        self.assertEqual(event_updates(queries), 1)  # the event's own save
        self.assertMoved(self.visit)

    def test_a_rolled_back_write_does_not_hide_the_next_one(self):
        try:
            with self.in_new_transaction():
                EventCountry.objects.create(event=self.session, country=self.world.india)
                raise RuntimeError("abandoned")
        except RuntimeError:
            pass
        self.assertNotMoved(self.session)
        with self.in_new_transaction():
            Participant.objects.create(event=self.session, name="An envoy")
        self.assertMoved(self.session)
