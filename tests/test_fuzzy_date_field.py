import datetime as dt

from django.db import IntegrityError, transaction
from django.test import TestCase

from relations.dates import Precision, parse
from relations.models import Commission, Event, OfficeHeld
from tests.world import build_world


class FuzzyDateFieldTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_a_saved_date_reads_back_with_its_precision(self):
        event = Event.objects.get(pk=self.world.visit_july.pk)
        self.assertEqual(event.date.precision, Precision.MONTH)
        self.assertEqual(str(event.date), "July 2025")
        self.assertEqual(event.date.edtf(), "2025-07")

    def test_an_optional_date_left_empty_reads_as_none(self):
        office = OfficeHeld.objects.get(official=self.world.guler)
        self.assertIsNone(office.end)
        self.assertEqual(str(office.start), "June 2023")

    def test_events_sort_newest_first_by_their_first_possible_day(self):
        titles = list(Event.objects.newest_first().values_list("title", flat=True))
        self.assertEqual(
            titles,
            [self.world.session_16.title, self.world.visit_july.title, self.world.conflict.title],
        )

    def test_month_precision_event_matches_day_in_that_month(self):
        found = Event.objects.between(dt.date(2025, 7, 15), dt.date(2025, 7, 15))
        self.assertEqual(list(found), [self.world.visit_july])

    def test_a_range_matches_a_window_touching_only_its_last_day(self):
        found = Event.objects.between(dt.date(2025, 5, 10), dt.date(2025, 6, 30))
        self.assertEqual(list(found), [self.world.conflict])

    def test_an_open_window_keeps_everything_after_its_start(self):
        found = Event.objects.between(first=dt.date(2025, 7, 31))
        self.assertEqual(set(found), {self.world.session_16, self.world.visit_july})

    def test_the_database_refuses_an_end_before_the_start(self):
        event = Event.objects.get(pk=self.world.conflict.pk)
        event.date_end = dt.date(2025, 5, 1)
        with self.assertRaises(IntegrityError), transaction.atomic():
            event.save()

    def test_the_database_refuses_half_a_date(self):
        commission = Commission.objects.get(pk=self.world.jmc.pk)
        commission.founded_precision = None
        with self.assertRaises(IntegrityError), transaction.atomic():
            commission.save()

    def test_assigning_text_parses_it(self):
        event = Event.objects.get(pk=self.world.conflict.pk)
        event.date = "c. 2025-05"
        event.save()
        event.refresh_from_db()
        self.assertEqual(event.date, parse("c. 2025-05"))
        self.assertEqual(str(event.date), "c. May 2025")
