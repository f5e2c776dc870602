"""CSV export in bulk: PostgreSQL's COPY writes the same file as the row-by-row export, and an
export costs a few queries whatever the number of rows."""

from unittest import mock

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.models import Event
from tests.csv_exports import HEADERS, CSVTestCase, add_meetings

#: Queries per export before the first chunk of 2000 rows: the rows, then each prefetched list.
EXPORT_QUERIES = {
    "country-list": 2,
    "sector-list": 1,
    "source-list": 1,
    "organization-list": 1,
    "official-list": 4,
    "commission-list": 4,
    # On PostgreSQL the database writes the events' CSV itself: two settings, then one COPY; on
    # SQLite one query reads the events with their lists as JSON.
    "event-list": 3 if connection.vendor == "postgresql" else 1,
    "eventkind-list": 1,
    "pledge-list": 1,  # Pledge.objects.for_export(): the pledges with their event, their lists as JSON
    "observation-list": 1,  # with their pledge and source
}


class CopyExportTests(CSVTestCase):
    """On PostgreSQL, COPY writes the events' export; it must say what the Python path says, both
    when it aggregates the related tables for the whole list and when it looks them up per row."""

    def setUp(self):
        if connection.vendor != "postgresql":
            self.skipTest("COPY is PostgreSQL's")

    def copied_and_by_row(self, **params) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
        copied = self.rows("event-list", **params)
        with mock.patch.object(connection, "vendor", "other"):
            return copied, self.rows("event-list", **params)

    def test_copy_writes_the_same_file_as_the_row_by_row_export(self):
        add_meetings(3, with_pledges=True)
        for title, date in (
            ("Meeting 0", "1999/2001~"),
            ("Meeting 1", "c. 2020-01"),
            ("Meeting 2", "2020-01/2020-03"),
        ):
            event = Event.objects.get(title=title)
            event.date = date
            event.save()
        copied, by_row = self.copied_and_by_row()
        self.assertEqual(len(copied), Event.objects.count())
        self.assertEqual(copied, by_row)
        self.assertLessEqual({"1999~/2001~", "2020-01~", "2020-01/2020-03"}, {row["date"] for row in copied})
        sessions = Event.objects.filter(commission__isnull=False).values_list("pk", "commission__slug")
        self.assertTrue(sessions)
        self.assertEqual({row["id"]: row["commission"] for row in copied if row["commission"]},
                         {str(pk): slug for pk, slug in sessions})  # fmt: skip

    def test_an_event_without_related_rows_has_empty_lists_and_no_pledges(self):
        Event.objects.create(title="Unattended", kind=Event.Kind.MEETING, date="2019-05-01")
        for params in ({}, {"q": "unattended"}):
            with self.subTest(**params):
                copied, by_row = self.copied_and_by_row(**params)
                self.assertEqual(copied, by_row)
                row = next(row for row in copied if row["title"] == "Unattended")
                self.assertEqual(
                    [row[name] for name in ("countries", "roles", "participants", "sectors", "sources")],
                    ["", "", "", "", ""],
                )
                self.assertEqual(row["pledge_count"], "0")

    def test_a_filtered_or_reordered_copy_writes_the_same_file_as_the_row_by_row_export(self):
        add_meetings(3, with_pledges=True)
        for params in ({"country": "PK"}, {"pair": "pk-tr"}, {"q": "meeting"}, {"ordering": "title"}):
            with self.subTest(**params):
                copied, by_row = self.copied_and_by_row(**params)
                self.assertTrue(copied)
                self.assertEqual(copied, by_row)
        session = self.rows("event-list", commission="pakistan-turkiye-joint-commission")
        self.assertEqual([row["commission"] for row in session], ["pakistan-turkiye-joint-commission"])

    def test_events_on_the_same_day_come_out_by_id_in_the_direction_asked(self):
        add_meetings(1)
        twin = Event.objects.get(title="Meeting 0")
        twin.pk, twin.slug, twin.title = None, "", "Meeting 0 again"
        twin.save()
        first = Event.objects.get(title="Meeting 0").pk
        for ordering, ids in (("-date_start", [twin.pk, first]), ("date_start", [first, twin.pk])):
            with self.subTest(ordering=ordering):
                rows = self.rows("event-list", ordering=ordering)
                self.assertEqual([int(row["id"]) for row in rows if row["date"] == "2020-01-01"], ids)

    def test_rows_come_in_blocks_not_one_chunk_per_row(self):
        add_meetings(60)
        response = self.client.get(reverse("api:event-list"), {"format": "csv"})
        chunks = list(response.streaming_content)
        self.assertEqual(len(chunks), 2, "the header, then the 67 rows in one block")
        self.assertEqual(b"".join(chunks).count(b"\n"), 68)


class CSVQueryTests(CSVTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.editor = User.objects.create_user("editor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_authenticate(self.editor)  # not throttled: no cache queries

    def queries_for(self, name: str) -> int:
        with CaptureQueriesContext(connection) as context:
            self.download(name)
        return len(context.captured_queries)

    def test_the_export_costs_a_few_queries_whatever_the_rows(self):
        expected = {name: self.queries_for(name) for name in HEADERS}
        self.assertEqual(expected, EXPORT_QUERIES)
        add_meetings(60, with_pledges=True)
        self.assertEqual({name: self.queries_for(name) for name in HEADERS}, EXPORT_QUERIES)
