"""A country's timeline reads its rows of the event–country table, which carry the event's date
and are indexed for it; the date stays in step with the event whatever path writes it."""

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import Event, EventCountry
from tests.world import build_world, change_conflict_countries_in_admin, make_event


def rows(event: Event) -> set[tuple[str, str]]:
    """The event's country rows, each with the date it carries."""
    return {
        (c, d.isoformat())
        for c, d in EventCountry.objects.filter(event=event).values_list("country", "date_start")
    }


def stale_rows() -> list[int]:
    """Rows whose copy of the date is not their event's."""
    return [
        row.pk
        for row in EventCountry.objects.select_related("event")
        if row.date_start != row.event.date_start
    ]


class CountryRowsKeepTheDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.editor = User.objects.create_user("editor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.admin = User.objects.create_superuser("root", password="x")

    def test_every_row_carries_its_events_date(self):
        self.assertEqual(rows(self.world.session_16), {("PK", "2025-09-08"), ("TR", "2025-09-08")})
        self.assertEqual(stale_rows(), [])

    def test_a_new_date_is_copied_into_the_rows(self):
        event = Event.objects.get(pk=self.world.visit_july.pk)
        event.date = "2024-03-02"
        event.save()
        self.assertEqual(rows(event), {("PK", "2024-03-02"), ("TR", "2024-03-02")})

    def test_a_row_moved_to_another_event_takes_that_events_date(self):
        w = self.world
        row = EventCountry.objects.get(event=w.conflict, country=w.india)
        row.event = w.session_16
        row.save()
        self.assertIn(("IN", "2025-09-08"), rows(w.session_16))
        self.assertEqual(stale_rows(), [])

    def test_countries_changed_in_the_admin_inline_carry_the_date(self):
        self.client.force_login(self.admin)
        response = change_conflict_countries_in_admin(self.client, self.world.conflict)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(rows(self.world.conflict), {("PK", "2025-05-07"), ("TR", "2025-05-07")})

    def test_countries_changed_with_the_date_in_the_admin_carry_the_new_date(self):
        # The inline's rows are read before the event is saved: the edited one (Pakistan's new
        # role) must not write the old date back.
        self.client.force_login(self.admin)
        response = change_conflict_countries_in_admin(
            self.client, self.world.conflict, date="2020-01-01", role="host"
        )
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(rows(self.world.conflict), {("PK", "2020-01-01"), ("TR", "2020-01-01")})
        self.assertEqual(EventCountry.objects.get(event=self.world.conflict, country="PK").role, "host")

    def test_countries_and_dates_written_through_the_api_carry_the_date(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        url = reverse("api:event-detail", args=[self.world.conflict.slug])
        countries = [{"country": "IN", "role": "party"}, {"country": "TR", "role": "mediator"}]
        response = client.patch(url, {"countries": countries, "date": "2023-11"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(rows(self.world.conflict), {("IN", "2023-11-01"), ("TR", "2023-11-01")})
        created = client.post(
            reverse("api:event-list"),
            {"title": "Border talks", "kind": "meeting", "date": "2026-02-03", "countries": countries},
            format="json",
        )
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(
            rows(Event.objects.get(slug=created.json()["slug"])), {("IN", "2026-02-03"), ("TR", "2026-02-03")}
        )
        self.assertEqual(stale_rows(), [])


class CountryTimelineTests(TestCase):
    """The country page, the timeline and the API, filtered by one country, read the index and
    page through it newest first, ties broken by id."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        for i in range(55):
            make_event(f"Call {i:02d}", f"2024-{i % 12 + 1:02d}", {w.india: "party", w.turkiye: "party"})

    def expected(self, code: str) -> list[str]:
        events = Event.objects.filter(event_countries__country=code).order_by("-date_start", "-pk")
        return list(events.values_list("slug", flat=True))

    def test_the_country_page_pages_through_its_events_newest_first(self):
        url = reverse("relations:country-detail", args=["in"])
        first = self.client.get(url)
        second = self.client.get(url + first.context["page"].next_url)
        seen = [e.slug for e in first.context["page"].items + second.context["page"].items]
        self.assertEqual(seen, self.expected("IN"))
        self.assertEqual(len(seen), 56)  # the May conflict and the 55 calls

    def test_the_timeline_and_the_api_list_a_country_in_the_same_order(self):
        first = self.client.get(reverse("relations:timeline"), {"country": "in"})
        second = self.client.get(reverse("relations:timeline") + first.context["page"].next_url)
        timeline = [e.slug for e in first.context["page"].items + second.context["page"].items]
        api = self.client.get(reverse("api:event-list"), {"country": "IN", "page_size": 30}).json()
        listed = [e["slug"] for e in api["results"]]
        while api["next"]:
            api = self.client.get(api["next"]).json()
            listed += [e["slug"] for e in api["results"]]
        self.assertEqual(timeline, self.expected("IN"))
        self.assertEqual(listed, self.expected("IN"))

    def test_two_or_three_countries_are_read_through_the_pair_index(self):
        w = self.world
        trilateral = make_event(
            "Trilateral", "2025-10", {w.india: "party", w.turkiye: "party", w.pakistan: "party"}
        )
        both = list(Event.objects.involving("TR", "in").order_by("-date_start", "-pk"))
        self.assertEqual([e.slug for e in both], [e for e in self.expected("IN") if e in self.expected("TR")])
        self.assertEqual(list(Event.objects.involving("in", "TR", "pk")), [trilateral])
        self.assertEqual(list(Event.objects.involving("in", "IN")), list(Event.objects.for_country("IN")))
        self.assertIn("relations_eventpair", str(Event.objects.involving("tr", "in").query))
        response = self.client.get(reverse("api:event-list"), {"country": ["in", "tr", "pk"]})
        self.assertEqual([e["slug"] for e in response.json()["results"]], [trilateral.slug])

    def test_the_country_query_reads_the_timeline_index(self):
        if connection.vendor != "postgresql":
            self.skipTest("the plan is PostgreSQL's")
        events = Event.objects.for_country("IN")[:50]
        with connection.cursor() as cursor:
            # A table this small is read whole and sorted; with both off, a sort remains only
            # if no index gives the order.
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            sql, params = events.query.sql_with_params()
            cursor.execute("EXPLAIN " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        self.assertIn("event_country_timeline", plan)
        self.assertNotIn("Sort", plan)

    def test_a_deep_page_starts_its_index_scan_at_the_cursor(self):
        if connection.vendor != "postgresql":
            self.skipTest("the plan is PostgreSQL's")
        url = reverse("relations:country-detail", args=["in"])
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(url, {"before": "2024-06-01.999999"})
        self.assertEqual(response.status_code, 200)
        sql = next(q["sql"] for q in captured if "relations_eventcountry" in q["sql"] and "LIMIT" in q["sql"])
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # The cursor's date bounds the index range (Index Cond), not only a filter on the rows read.
        condition = next(line for line in plan.splitlines() if "Index Cond" in line and "country_id" in line)
        self.assertIn("date_start <=", condition)
