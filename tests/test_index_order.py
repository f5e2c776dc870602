"""Lists read through an index come ordered along it: the natural calls walk the index and stop
at the page, on PostgreSQL and on SQLite, and pages (keyset and the API's cursors) keep that order."""

from django.db import connection, transaction
from django.test import RequestFactory, TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.models import Event, Participant, Pledge
from relations.pagination import keyset_page
from tests.world import build_world, make_event


def plan(queryset) -> str:
    """The database's plan for ``queryset`` (or for a query as it was run: SQL and parameters).
    PostgreSQL is told to avoid reading a whole table and sorting wherever it can (a table this
    small is cheaper read whole): a sort that remains is one no index could spare."""
    sql, params = queryset if isinstance(queryset, tuple) else queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        # The steps of the query itself (parent 0), not of the subqueries that build each row's JSON.
        return "\n".join(detail for _, parent, _, detail in cursor.fetchall() if parent == 0)


def api_rows_query(client, **params) -> tuple[str, tuple]:
    """The query that read the rows of the API's event list, as it was run."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("api:event-list"), params).status_code == 200
    return next(
        q["sql"] for q in captured if "LIMIT" in q["sql"] and 'FROM "relations_event"' in q["sql"]
    ), ()


class IndexOrderTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        for i in range(30):
            event = make_event(
                f"Talks {i:02d}", f"2024-{i % 12 + 1:02d}", {w.pakistan: "host", w.turkiye: "visitor"}
            )
            Participant.objects.create(event=event, official=w.guler, side=w.turkiye, role="speaker")
            pledge = Pledge.objects.create(event=event, title=f"Pledge {i:02d}")
            pledge.countries.add(w.pakistan, w.turkiye)
        for i in range(30):
            make_event(f"Calls {i:02d}", f"2023-{i % 12 + 1:02d}", {w.india: "party", w.turkiye: "party"})

    def assertReadsIndex(self, queryset, index: str) -> None:
        found = plan(queryset)
        self.assertIn(index, found)
        # PostgreSQL says "Sort", SQLite "USE TEMP B-TREE FOR ORDER BY"; a subplan (a country's
        # name on the event's date) may order its own few rows.
        rows = found.split("SubPlan")[0]
        self.assertNotIn("Sort", rows)
        self.assertNotIn("B-TREE FOR ORDER BY", rows)


class NaturalCallsReadTheirIndexTests(IndexOrderTestCase):
    def test_a_pair_s_events_newest_first_read_the_pair_index(self):
        self.assertReadsIndex(Event.objects.for_pair("pk", "tr").newest_first()[:50], "event_pair_timeline")
        self.assertReadsIndex(Event.objects.for_pair("TR", "pk")[:50], "event_pair_timeline")
        self.assertReadsIndex(Event.objects.newest_first().for_pair("pk", "tr")[:50], "event_pair_timeline")

    def test_a_country_s_events_read_its_timeline_index(self):
        self.assertReadsIndex(Event.objects.for_country("pk")[:50], "event_country_timeline")
        self.assertReadsIndex(Event.objects.involving("pk").newest_first()[:50], "event_country_timeline")

    def test_a_country_s_pledges_read_its_party_rows(self):
        self.assertReadsIndex(Pledge.objects.involving("pk")[:50], "pledge_party_timeline")
        self.assertReadsIndex(
            Pledge.objects.involving("pk", "tr").newest_first()[:50], "pledge_party_timeline"
        )

    def test_an_official_s_events_attended_read_their_index(self):
        self.assertReadsIndex(
            Participant.objects.attended_by(self.world.guler)[:50], "participant_official_timeline"
        )

    def test_ordered_by_the_event_s_own_date_a_pair_s_events_are_sorted_or_walk_every_event(self):
        # What the natural call spares, the order the issue found: every match gathered and
        # sorted, or the whole timeline walked with each event's pair checked on the way.
        found = plan(Event.objects.for_pair("pk", "tr").order_by("-date_start", "-pk")[:50])
        self.assertTrue(
            any(step in found for step in ("Sort", "B-TREE FOR ORDER BY", "event_timeline")), found
        )


class PagesKeepTheIndexOrderTests(IndexOrderTestCase):
    def test_a_pair_s_events_are_newest_first_without_asking(self):
        events = list(Event.objects.for_pair("tr", "pk"))
        self.assertEqual(events, list(Event.objects.filter(pk__in=[e.pk for e in events]).newest_first()))
        self.assertEqual(events[:2], [self.world.session_16, self.world.visit_july])

    def test_a_later_index_reads_orders_and_newest_first_keeps_it(self):
        events = Event.objects.for_country("tr").for_pair("in", "tr").order_by("title").newest_first()
        self.assertIn("event_pair_timeline", plan(events[:50]))
        self.assertEqual(len(events), 30)

    def test_a_country_s_pledges_then_a_pair_s_are_the_pair_s_newest_first(self):
        w = self.world
        both = Pledge.objects.involving("pk", "tr")
        self.assertEqual(list(Pledge.objects.involving("pk").involving("tr", "pk")), list(both))
        self.assertEqual(list(both), list(Pledge.objects.filter(pk__in=both.values("pk")).newest_first()))
        self.assertEqual(len(both), 32)  # the 30 pledges at the talks, and the two of the 16th session
        self.assertEqual(set(both[:2]), {w.trade_pledge, w.lng_pledge})
        self.assertEqual(list(Pledge.objects.involving("in").involving("pk", "tr")), [])

    def test_keyset_pages_follow_the_queryset_s_own_order(self):
        events = Event.objects.for_pair("pk", "tr")
        first = keyset_page(RequestFactory().get("/"), events, size=20)
        second = keyset_page(RequestFactory().get("/" + first.next_url), events, size=20)
        self.assertEqual(first.items + second.items, list(events))
        with CaptureQueriesContext(connection) as captured:
            keyset_page(RequestFactory().get("/" + first.next_url), events, size=20)
        (sql,) = [q["sql"] for q in captured]
        # The cursor's condition is on the index's own date, not the event's.
        self.assertIn('"relations_eventpair"."date_start" <=', sql)

    def test_keyset_pages_refuse_rows_that_are_not_newest_first(self):
        with self.assertRaisesMessage(ValueError, "newest first by a date and an id"):
            keyset_page(RequestFactory().get("/"), Event.objects.order_by("title"))

    def test_the_api_lists_a_pair_along_its_index_unless_asked_for_another_order(self):
        self.assertReadsIndex(api_rows_query(self.client, pair="tr-pk"), "event_pair_timeline")
        self.assertReadsIndex(api_rows_query(self.client, country="pk"), "event_country_timeline")
        self.assertReadsIndex(api_rows_query(self.client, ordering="title"), "event_title")
        self.assertReadsIndex(api_rows_query(self.client, ordering="-title"), "event_title")
        url = reverse("api:event-list")
        by_date = self.client.get(url, {"pair": "tr-pk", "page_size": 500}).json()["results"]
        self.assertEqual([e["slug"] for e in by_date], [e.slug for e in Event.objects.for_pair("pk", "tr")])
        by_title = self.client.get(url, {"pair": "tr-pk", "ordering": "title", "page_size": 500}).json()
        titles = [e["title"] for e in by_title["results"]]
        self.assertEqual(titles, sorted(titles))
        self.assertEqual(len(titles), len(by_date))
