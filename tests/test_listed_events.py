"""The events' list query built once per process (`Event.objects.for_list()`, its annotations'
SQL compiled once: relations/models/precompiled.py): each request filters its own copy, the next
one sees the whole list again, and the SQL is what a query built anew writes, wherever it sits."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.http import QueryDict
from django.test import TestCase

from relations.filters import EventFilter
from relations.models import Event
from relations.models.event_queries import EventQuerySet
from tests.world import load_story


def built_anew() -> EventQuerySet:
    """The list query built anew, as `Event.objects.for_list()` would without its copy."""
    return EventQuerySet(model=Event).for_list()


class ListedEventsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()

    def test_a_filtered_copy_leaves_the_next_list_whole(self):
        everything = list(built_anew().values_list("pk", flat=True))
        first = Event.objects.order_by("date_start").first()
        narrowed = Event.objects.for_list().filter(pk=first.pk)
        self.assertEqual([event.pk for event in narrowed], [first.pk])
        self.assertEqual(list(Event.objects.for_list().values_list("pk", flat=True)), everything)
        self.assertGreater(len(everything), 1)

    def test_the_same_rows_and_columns_as_a_new_query(self):
        ours = Event.objects.for_list()
        self.assertIsNot(ours, Event.objects.for_list())
        self.assertEqual(str(ours.query), str(built_anew().query))
        row, fresh = ours[0], built_anew()[0]
        self.assertEqual(
            (row.pk, row.country_rows, row.participant_rows, row.family_rows, row.reaffirmed_rows),
            (fresh.pk, fresh.country_rows, fresh.participant_rows, fresh.family_rows, fresh.reaffirmed_rows),
        )

    def test_the_same_sql_filtered_nested_or_combined(self):
        """Each computed column's SQL, written once, is what a new query writes, wherever it sits."""
        queries = ("", "kind=visit", "country=pk&country=tr", "q=visit", "from=2020&to=2021", "pair=pk-tr")
        for query in queries:
            ours = EventFilter(QueryDict(query), queryset=Event.objects.for_list())
            fresh = EventFilter(QueryDict(query), queryset=built_anew())
            self.assertTrue(ours.is_valid() and fresh.is_valid())
            for shape in (
                lambda rows: rows[:51],
                lambda rows: rows.order_by("title")[:5],
                lambda rows: rows | rows.filter(status="held"),
                lambda rows: Event.objects.annotate(
                    parent_countries=Subquery(
                        rows.filter(pk=OuterRef("parent_id")).values("country_rows")[:1]
                    )
                ),
            ):
                with self.subTest(query=query):
                    self.assertEqual(
                        shape(ours.qs).query.sql_with_params(), shape(fresh.qs).query.sql_with_params()
                    )
                    self.assertEqual(list(shape(ours.qs)), list(shape(fresh.qs)))

    def test_the_timeline_filtered_then_whole(self):
        whole = self.client.get("/timeline/").content
        self.assertEqual(self.client.get("/timeline/?q=zzqx").status_code, 200)
        self.assertEqual(self.client.get("/timeline/").content, whole)
