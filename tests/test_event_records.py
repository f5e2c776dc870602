"""``/api/events/`` answered from each event's stored record (relations/records.py): the same
bytes as rendering the events, one query once the records are stored, never a stale record."""

from unittest import mock

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import DatabaseError
from django.test import TestCase, override_settings
from rest_framework.test import APIClient

from relations import records
from relations.models import Country, Event, EventRecord, Participant, derived
from tests.world import add_full_events, build_world

URLS = [
    "/api/events/",
    "/api/events/?page_size=3",
    "/api/events/?pair=pk-tr",
    "/api/events/?pair=tr-pk&page_size=2",
    "/api/events/?country=tr&kind=meeting",
    "/api/events/?q=guler",
    "/api/events/?ordering=title",
    "/api/events/?ordering=-id&page_size=4",
    "/api/events/?from=2025-01-01&to=2025-12-31",
    "/api/events/?sector=energy",
    "/api/events/?commission=pakistan-turkiye-joint-ministerial-commission",
]


def rendered_live(client, url: str, **headers) -> bytes:
    """The list as the serializer renders it, records not read."""
    with mock.patch.object(records, "reads_records", return_value=False):
        return client.get(url, **headers).content


class RecordsAnswerAsRenderedTests(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        add_full_events(cls.world, 12)
        # Text a stored record must carry exactly: quotes, a backslash, the characters the
        # renderer escapes, and what looks like the record's own link.
        Event.objects.filter(pk=cls.world.conflict.pk).update(
            summary='He said "\\no" \u2028 and left; "url":"/api/events/other/" <b>&amp;</b> ü'
        )

    def test_every_list_is_the_same_bytes_as_rendered_on_first_and_later_reads(self):
        for url in URLS:
            with self.subTest(url):
                first = self.client.get(url)
                self.assertEqual(first.status_code, 200)
                self.assertEqual(first.content, rendered_live(self.client, url))
                self.assertEqual(self.client.get(url).content, first.content)
        self.assertEqual(EventRecord.objects.count(), Event.objects.count())

    def test_the_next_page_by_its_cursor(self):
        first = self.client.get("/api/events/?page_size=5").json()
        second = self.client.get(first["next"])
        self.assertEqual(second.content, rendered_live(self.client, first["next"]))
        self.assertEqual(len(second.json()["results"]), 5)

    def test_links_are_on_each_requests_own_host(self):
        self.client.get("/api/events/")  # stored while read on testserver
        with override_settings(ALLOWED_HOSTS=["tracker.example.org"]):
            response = self.client.get("/api/events/", HTTP_HOST="tracker.example.org", secure=True)
            expected = rendered_live(
                self.client, "/api/events/", HTTP_HOST="tracker.example.org", secure=True
            )
        self.assertEqual(response.content, expected)
        self.assertTrue(
            response.json()["results"][0]["url"].startswith("https://tracker.example.org/api/events/")
        )

    def test_an_indented_answer_and_the_browsable_api_are_unchanged(self):
        self.client.get("/api/events/")
        indented = {"HTTP_ACCEPT": "application/json; indent=2"}
        self.assertEqual(
            self.client.get("/api/events/", **indented).content,
            rendered_live(self.client, "/api/events/", **indented),
        )
        page = self.client.get("/api/events/", HTTP_ACCEPT="text/html")
        self.assertEqual(page.status_code, 200)
        self.assertIn(b"Talks 3", page.content)

    def test_format_override_keeps_its_links(self):
        response = self.client.get("/api/events/?format=json&page_size=2")
        self.assertEqual(response.content, rendered_live(self.client, "/api/events/?format=json&page_size=2"))
        self.assertIn("format=json", response.json()["next"])

    def test_a_bad_cursor_is_refused_as_before(self):
        url = "/api/events/?cursor=cD1ub3QtYS1kYXRl"  # p=not-a-date
        response = self.client.get(url)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.content, rendered_live(self.client, url))

    def test_head_answers_like_get(self):
        self.assertEqual(self.client.head("/api/events/").status_code, 200)


class RecordsQueryTests(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        add_full_events(cls.world, 60)
        cls.editor = User.objects.create_user("editor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_authenticate(self.editor)  # not throttled: no cache queries

    def test_a_page_of_stored_records_costs_one_query(self):
        records.rebuild()
        with self.assertNumQueries(1):
            response = self.client.get("/api/events/?page_size=100")
        self.assertEqual(len(response.json()["results"]), Event.objects.count())

    def test_a_page_without_records_renders_them_all_in_a_fixed_number_of_queries(self):
        # The page, the events missing from it as the live list reads them, and one statement
        # storing them (in a savepoint: two queries more).
        with self.assertNumQueries(5):
            self.client.get("/api/events/?page_size=100")
        self.assertEqual(EventRecord.objects.count(), Event.objects.count())
        with self.assertNumQueries(1):
            self.client.get("/api/events/?page_size=100")


class RecordsNeverStaleTests(TestCase):
    """Whatever changed an event, a reader sees the change: the stored record is not trusted."""

    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.editor = User.objects.create_user("editor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        records.rebuild()

    def listed(self, url: str = "/api/events/") -> dict:
        response = self.client.get(url)
        self.assertEqual(response.content, rendered_live(self.client, url))
        return {row["id"]: row for row in response.json()["results"]}

    def test_an_edited_title_through_the_model(self):
        event = self.world.session_16
        event.title = "The 16th session, renamed"
        event.save()
        self.assertEqual(self.listed()[event.pk]["title"], "The 16th session, renamed")

    def test_an_edit_through_the_api(self):
        self.client.force_authenticate(self.editor)
        event = self.world.visit_july
        response = self.client.patch(f"/api/events/{event.slug}/", {"title": "A July visit"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.client.force_authenticate(None)
        self.assertEqual(self.listed()[event.pk]["title"], "A July visit")

    def test_a_participant_added(self):
        event = self.world.session_16
        Participant.objects.create(event=event, name="A new delegate", side=self.world.pakistan)
        names = [p["name"] for p in self.listed()[event.pk]["participants"]]
        self.assertIn("A new delegate", names)

    def test_a_queryset_update_of_the_title(self):
        event = self.world.conflict
        Event.objects.filter(pk=event.pk).update(title="Border clash, retitled")
        self.assertEqual(self.listed()[event.pk]["title"], "Border clash, retitled")

    def test_a_country_renamed(self):
        pakistan = Country.objects.get(code="PK")
        pakistan.name = "Islamic Republic of Pakistan"
        pakistan.save()
        names = {c["name"] for row in self.listed().values() for c in row["countries"]}
        self.assertIn("Islamic Republic of Pakistan", names)
        self.assertNotIn("Pakistan", names)

    def test_a_deleted_event_is_gone_from_the_list(self):
        event = self.world.conflict
        event.delete()
        self.assertNotIn(event.pk, self.listed())

    def test_records_of_an_older_format_are_rendered_again(self):
        EventRecord.objects.update(api_json='{"id":0,"slug":"x","url":"/stale/"}')
        with mock.patch.object(records, "FORMAT", records.FORMAT + 1):
            rows = self.listed()
        self.assertNotIn(0, rows)
        self.assertEqual(set(EventRecord.objects.values_list("format", flat=True)), {records.FORMAT + 1})

    def test_a_failed_store_still_answers(self):
        EventRecord.objects.all().delete()
        with mock.patch.object(records, "store", side_effect=DatabaseError("read-only")):
            with self.assertLogs("relations.records", "WARNING"):
                rows = self.listed()
        self.assertIn(self.world.session_16.pk, rows)


class RebuildAndCheckTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_rebuild_derived_stores_every_record_and_drops_those_of_deleted_events(self):
        EventRecord.objects.create(event_id=987654, stamp="2020-01-01T00:00:00Z", format=1, api_json="{}")
        call_command("rebuild_derived", stdout=mock.MagicMock())
        self.assertEqual(
            set(EventRecord.objects.values_list("event_id", flat=True)),
            set(Event.objects.values_list("pk", flat=True)),
        )
        self.assertEqual(records.differences(), [])

    def test_a_trusted_record_that_differs_is_reported(self):
        records.rebuild()
        event = self.world.session_16
        record = EventRecord.objects.get(event=event)
        record.api_json = record.api_json.replace("16th", "17th")
        record.save()
        self.assertEqual(
            derived.differences(),
            [f"EventRecord: event {event.pk}'s stored record differs from its rendering"],
        )

    def test_a_record_left_behind_by_a_write_is_not_a_difference(self):
        records.rebuild()
        self.world.session_16.save()  # its stamp no longer matches: it will be rendered again
        self.assertEqual(records.differences(), [])
