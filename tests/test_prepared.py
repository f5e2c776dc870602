"""Querysets compiled once and run with other values (relations/prepared.py) give the rows
building them again would, for each value, and keep SQL only."""

from unittest import mock

from django.test import TestCase
from django.test.client import RequestFactory

from relations.models import Event
from relations.page_queries import PAIR_EVENTS
from relations.pagination import keyset_page, prepared_keyset_page
from relations.prepared import PreparationError, Prepared
from tests.world import build_world, make_event


class PreparedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        for month in range(1, 8):
            make_event(f"Talks {month}", f"2024-{month:02d}", {w.pakistan: "host", w.turkiye: "visitor"})
        make_event("Talks with India", "2024-03", {w.india: "host", w.pakistan: "visitor"})

    def test_it_gives_the_rows_of_the_queryset_built_for_each_pair(self):
        w = self.world
        pairs = [(w.pakistan, w.turkiye), (w.india, w.pakistan), (w.india, w.turkiye)]
        for a, b in pairs:
            with self.subTest(pair=(a.code, b.code)):
                built = list(Event.objects.for_list().for_pair(a, b).with_pledges_between(a, b)[:51])
                prepared = PAIR_EVENTS.rows((False, 50), a=a, b=b)
                self.assertEqual([e.pk for e in prepared], [e.pk for e in built])
                self.assertEqual(
                    [(e.kind.name, e.country_rows, e.pledges_between) for e in prepared],
                    [(e.kind.name, e.country_rows, e.pledges_between) for e in built],
                )

    def test_a_later_page_is_the_one_keyset_page_gives(self):
        w = self.world
        request = RequestFactory().get("/", {"before": "2024-05-01.999999"})
        events = (
            Event.objects.for_list()
            .for_pair(w.pakistan, w.turkiye)
            .with_pledges_between(w.pakistan, w.turkiye)
        )
        expected = keyset_page(request, events, size=2)
        page = prepared_keyset_page(request, PAIR_EVENTS, size=2, a=w.pakistan, b=w.turkiye)
        self.assertEqual([e.pk for e in page.items], [e.pk for e in expected.items])
        self.assertEqual((page.next_url, page.first_url), (expected.next_url, expected.first_url))

    def test_it_builds_each_shape_once(self):
        w = self.world
        build = mock.Mock(side_effect=lambda country: Event.objects.for_country(country))
        prepared = Prepared(build)
        for country in (w.pakistan, w.turkiye, w.india, w.pakistan):
            self.assertEqual(
                [e.pk for e in prepared.rows(country=country)],
                [e.pk for e in Event.objects.for_country(country)],
            )
        self.assertEqual(build.call_count, 1)

    def test_a_value_that_would_change_the_sql_is_refused(self):
        prepared = Prepared(lambda n: Event.objects.all()[: n + 1] if n > 0 else Event.objects.all()[:1])
        with self.assertRaises(PreparationError):
            prepared.rows(n=3)
