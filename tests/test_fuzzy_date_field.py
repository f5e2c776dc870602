import datetime as dt

from django.db import IntegrityError, transaction
from django.test import TestCase

from relations.dates import InvalidDate, Precision, parse
from relations.models import Commission, Event, OfficeHeld, Pledge, PledgeStatus, PledgeStatusChange, Source
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


class OneLineBuildTests(TestCase):
    """Every model with a date with precision takes it by name, as text or a `FuzzyDate`, in its
    constructor, ``objects.create`` and ``get_or_create``'s defaults."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_an_event_is_created_with_its_date_in_one_line(self):
        event = Event.objects.create(title="Talks", kind=Event.Kind.MEETING, date="2025-09-08/2025-09-09")
        event.refresh_from_db()
        self.assertEqual(event.date, parse("2025-09-08/2025-09-09"))

    def test_the_constructor_takes_a_fuzzy_date(self):
        event = Event(title="Talks", date=parse("c. 1975"))
        self.assertEqual(str(event.date), "c. 1975")

    def test_get_or_create_takes_the_date_in_its_defaults(self):
        event, created = Event.objects.get_or_create(
            title="Talks", defaults={"kind": Event.Kind.MEETING, "date": "2025-07"}
        )
        self.assertTrue(created)
        self.assertEqual(Event.objects.get(pk=event.pk).date, parse("2025-07"))

    def test_update_or_create_changes_the_date(self):
        visit = self.world.visit_july
        Event.objects.update_or_create(pk=visit.pk, defaults={"date": "2025-07-08"})
        self.assertEqual(Event.objects.get(pk=visit.pk).date, parse("2025-07-08"))

    def test_an_office_takes_its_start_and_end(self):
        office = OfficeHeld.objects.create(
            official=self.world.khan,
            title="Minister",
            country=self.world.pakistan,
            start="2024-03",
            end="2025",
        )
        office.refresh_from_db()
        self.assertEqual((str(office.start), str(office.end)), ("March 2024", "2025"))

    def test_an_optional_date_given_none_stays_empty(self):
        office = OfficeHeld.objects.create(official=self.world.khan, title="Minister", start=None)
        self.assertIsNone(OfficeHeld.objects.get(pk=office.pk).start)

    def test_a_pledge_takes_its_due_date(self):
        pledge = Pledge.objects.create(event=self.world.session_16, title="Build a port", due="2027")
        self.assertEqual(str(Pledge.objects.get(pk=pledge.pk).due), "2027")

    def test_a_status_change_takes_its_as_of_date(self):
        change = PledgeStatusChange.objects.create(
            pledge=self.world.trade_pledge, status=PledgeStatus.IN_PROGRESS, as_of="2025-10"
        )
        self.assertEqual(str(PledgeStatusChange.objects.get(pk=change.pk).as_of), "October 2025")

    def test_a_source_takes_its_publication_date(self):
        source = Source.objects.create(title="Report", url="https://example.org/r", published_on="c. 1975")
        self.assertEqual(str(Source.objects.get(pk=source.pk).published_on), "c. 1975")

    def test_a_commission_takes_its_founding_date(self):
        commission = Commission.objects.create(name="High-Level Council", founded="2009-10")
        self.assertEqual(str(Commission.objects.get(pk=commission.pk).founded), "October 2009")

    def test_a_misspelt_date_is_refused_before_anything_is_written(self):
        with self.assertRaises(InvalidDate):
            Event.objects.create(title="Talks", kind=Event.Kind.MEETING, date="July")
        self.assertFalse(Event.objects.filter(title="Talks").exists())
