"""Searching events (`Event.objects.matching`, ``?q=``): each part of an event that a search reads."""

from unittest import mock

from django.test import TestCase

from relations.models import CountryName, Event, Participant
from relations.models.countries import NameKind
from tests.world import build_world, make_event


class EventSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        cls.talks = make_event(
            "Talks in Tórshavn",
            "2025-03",
            {w.india: "host"},
            summary="Fisheries and a new ferry link were discussed.",
        )
        Participant.objects.create(event=cls.talks, name="Høgni Hoydal", role="guest")
        CountryName.objects.create(country=w.india, name="Bhārat", kind=NameKind.OFFICIAL)

    def titles(self, text: str) -> list[str]:
        return list(Event.objects.matching(text).order_by("title").values_list("title", flat=True))

    def test_it_finds_a_word_of_the_title(self):
        self.assertEqual(self.titles("ARMED conflict"), [self.world.conflict.title])

    def test_it_finds_a_word_of_the_summary(self):
        self.assertEqual(self.titles("ferry"), [self.talks.title])

    def test_it_folds_accents_in_the_title(self):
        self.assertEqual(self.titles("torshavn"), [self.talks.title])

    def test_it_finds_events_of_a_country_by_any_of_its_names_without_accents(self):
        india = sorted([self.world.conflict.title, self.talks.title])
        self.assertEqual(self.titles("bharat"), india)
        self.assertEqual(self.titles("India"), india)

    def test_countries_with_many_events_are_checked_event_by_event_with_the_same_result(self):
        gathered = self.titles("turkiye")
        with mock.patch("relations.models.event_queries.SEARCH_GATHER_LIMIT", 0):
            self.assertEqual(self.titles("turkiye"), gathered)
        self.assertEqual(gathered, sorted([self.world.session_16.title, self.world.visit_july.title]))

    def test_it_finds_an_officials_events_by_name_and_by_other_name(self):
        self.assertEqual(self.titles("jam kamal"), [self.world.session_16.title])
        self.world.guler.names.create(name="Gueler")
        self.assertEqual(self.titles("GUELER"), [self.world.session_16.title])

    def test_it_finds_a_name_typed_for_someone_not_in_the_tracker(self):
        self.assertEqual(self.titles("hoydal"), [self.talks.title])

    def test_it_finds_a_commissions_sessions_by_its_name(self):
        self.assertEqual(self.titles("jmc"), [self.world.session_16.title])

    def test_it_finds_nothing_for_a_word_in_no_event(self):
        self.assertEqual(self.titles("atlantis"), [])

    def test_an_empty_search_keeps_every_event(self):
        self.assertEqual(Event.objects.matching("  ").count(), Event.objects.count())
