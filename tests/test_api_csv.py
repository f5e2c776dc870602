"""CSV export: `?format=csv` on every list streams every matching row, with fixed columns."""

import csv
import datetime as dt
import io
from unittest import mock

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import (
    Citation,
    Event,
    EventCountry,
    EventKind,
    Participant,
    Pledge,
    PledgeParty,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
    Source,
)
from tests.world import load_story

JMC_16 = "2025-pakistan-turkiye-jmc-16th-session"

FILES = {
    "country-list": "countries.csv",
    "sector-list": "sectors.csv",
    "source-list": "sources.csv",
    "organization-list": "organizations.csv",
    "official-list": "officials.csv",
    "commission-list": "commissions.csv",
    "event-list": "events.csv",
    "eventkind-list": "event-kinds.csv",
    "pledge-list": "pledges.csv",
}

HEADERS = {
    "country-list": ["code", "name", "other_names"],
    "sector-list": ["slug", "name", "parent"],
    "eventkind-list": [
        "slug",
        "name",
        "parent",
        "tone",
        "plover_event",
        "plover_mode",
        "cameo_code",
        "description",
    ],  # fmt: skip
    "source-list": [
        "slug",
        "title",
        "url",
        "publisher",
        "published_on",
        "published_on_start",
        "published_on_end",
        "published_on_precision",
        "language",
        "kind",
    ],  # fmt: skip
    "organization-list": ["slug", "name", "acronym", "kind", "country", "parent"],
    "official-list": ["slug", "name", "nationality", "wikidata_id", "other_names", "offices"],
    "commission-list": ["slug", "name", "acronym", "kind", "members", "founded", "sessions", "other_names"],
    "event-list": [
        "id",
        "slug",
        "title",
        "kind",
        "kind_name",
        "tone",
        "status",
        "date",
        "date_start",
        "date_end",
        "date_precision",
        "place",
        "place_country",
        "countries",
        "roles",
        "country_names",
        "participants",
        "participant_sides",
        "participant_roles",
        "participant_capacities",
        "commission",
        "session_number",
        "sectors",
        "pledge_count",
        "sources",
        "summary",
    ],  # fmt: skip
    "pledge-list": [
        "id",
        "title",
        "description",
        "event",
        "made_on",
        "parties",
        "sectors",
        "target_amount",
        "target_currency",
        "target_unit",
        "target_measure",
        "baseline_amount",
        "currencies",
        "due",
        "current_status",
        "status_history",
    ],  # fmt: skip
}


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
    "pledge-list": 8,
}


def add_meetings(count: int, *, with_pledges: bool = False) -> None:
    """``count`` one-day Pakistan–Türkiye meetings in 2020, one a day, each with a pledge if asked."""
    lng, source = Sector.objects.get(slug="lng"), Source.objects.get(slug="seed-article")
    for n in range(count):
        day = (dt.date(2020, 1, 1) + dt.timedelta(days=n)).isoformat()
        event = Event.objects.create(title=f"Meeting {n}", kind=Event.Kind.MEETING, date=day)
        EventCountry.objects.create(event=event, country_id="PK", role=EventCountry.Role.HOST)
        EventCountry.objects.create(event=event, country_id="TR", role=EventCountry.Role.VISITOR)
        if with_pledges:
            Participant.objects.create(event=event, name=f"Delegate {n}", side_id="PK")
            event.sectors.set([lng])
            Citation.objects.create(source=source, event=event)
            pledge = Pledge.objects.create(event=event, title=f"Pledge {n}")
            PledgeParty.objects.create(pledge=pledge, country_id="PK")
            pledge.sectors.set([lng])
            change = PledgeStatusChange.objects.create(
                pledge=pledge, status=PledgeStatus.ANNOUNCED, as_of=day
            )
            Citation.objects.create(source=source, status_change=change)


class CSVTestCase(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        load_story()

    def download(self, name: str, **params):
        """The response and its body, read to the end as a spreadsheet would."""
        response = self.client.get(reverse(f"api:{name}"), {"format": "csv", **params})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        return response, b"".join(response.streaming_content)

    def rows(self, name: str, **params) -> list[dict[str, str]]:
        _, body = self.download(name, **params)
        return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


class CSVFormatTests(CSVTestCase):
    def test_every_list_streams_utf8_csv_with_its_fixed_header(self):
        for name, header in HEADERS.items():
            with self.subTest(name):
                response, body = self.download(name)
                self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
                self.assertEqual(response["Content-Disposition"], f'attachment; filename="{FILES[name]}"')
                text = body.decode("utf-8")
                self.assertTrue(text.startswith("\ufeff"), "a byte order mark tells spreadsheets it is UTF-8")
                self.assertEqual(next(csv.reader(io.StringIO(text.removeprefix("\ufeff")))), header)

    def test_every_list_exports_every_row_not_one_page(self):
        expected = {
            "country-list": 249,
            "sector-list": 23,
            "source-list": 12,
            "organization-list": 8,
            "official-list": 5,
            "commission-list": 2,
            "event-list": 7,
            "eventkind-list": EventKind.objects.count(),
            "pledge-list": 8,
        }
        self.assertEqual({name: len(self.rows(name)) for name in HEADERS}, expected)

    def test_more_events_than_a_page_all_come_out(self):
        add_meetings(60)
        rows = self.rows("event-list")
        self.assertEqual(len(rows), 67)
        self.assertEqual(len({row["slug"] for row in rows}), 67)

    def test_rows_read_in_chunks_lose_none_at_the_seams(self):
        add_meetings(25)
        with mock.patch("relations.api.csv.CHUNK", 10):
            rows = self.rows("event-list", ordering="date_start")
        self.assertEqual([row["title"] for row in rows[:25]], [f"Meeting {n}" for n in range(25)])
        self.assertEqual(len(rows), 32)
        self.assertEqual({row["countries"] for row in rows[:25]}, {"PK;TR"})

    def test_page_size_does_not_cut_the_export(self):
        self.assertEqual(len(self.rows("country-list", page_size=10)), 249)


class CSVContentTests(CSVTestCase):
    def test_the_16th_jmc_is_one_flat_row(self):
        event = Event.objects.get(slug=JMC_16)
        row = next(row for row in self.rows("event-list") if row["slug"] == JMC_16)
        self.assertEqual(
            row,
            {
                "id": str(event.pk),
                "slug": JMC_16,
                "title": "16th session of the Pakistan–Türkiye Joint Ministerial Commission",
                "kind": "commission_session",
                "kind_name": "commission session",
                "tone": "cooperation",
                "status": "held",
                "date": "2025-09-08/2025-09-09",
                "date_start": "2025-09-08",
                "date_end": "2025-09-09",
                "date_precision": "day",
                "place": "Islamabad",
                "place_country": "PK",
                "countries": "PK;TR",
                "roles": "PK:host;TR:visitor",
                "country_names": "Pakistan;Türkiye",
                "participants": "Jam Kamal Khan;Yaşar Güler",
                "participant_sides": "PK;TR",
                "participant_roles": "co_chair;co_chair",
                "participant_capacities": "Federal Minister for Commerce;Minister of National Defence",
                "commission": "pakistan-turkiye-jmc",
                "session_number": "16",
                "sectors": "agriculture;ai;capacity-building;culture;defence-technology;e-commerce;fintech;"
                "food-security;gas;health;it;joint-production;lng;media;oil;renewable-energy;"
                "special-economic-zones;tourism;trade-and-investment;workforce",
                "pledge_count": "7",
                "sources": "seed-article;arab-news-2025-09-09-jmc;app-2025-09-09-jmc",
                "summary": event.summary,
            },
        )

    def test_a_month_precision_event_keeps_its_month(self):
        row = next(
            row for row in self.rows("event-list") if row["slug"] == "2025-turkiye-support-for-pakistan"
        )
        self.assertEqual(
            (row["date"], row["date_start"], row["date_end"], row["date_precision"], row["roles"]),
            ("2025-05", "2025-05-01", "2025-05-31", "month", "IN:party;PK:party;TR:supporter"),
        )

    def test_the_trade_goal_keeps_its_dollars_and_history(self):
        pledge = Pledge.objects.get(target_amount__isnull=False)
        row = next(row for row in self.rows("pledge-list") if row["id"] == str(pledge.pk))
        self.assertEqual(
            row,
            {
                "id": str(pledge.pk),
                "title": "Expand bilateral trade to US$5 billion a year",
                "description": pledge.description,
                "event": "2024-pakistan-turkiye-us-5-billion-trade-goal",
                "made_on": "2024-03",
                "parties": "PK:mutual;TR:mutual",
                "sectors": "trade-and-investment",
                "target_amount": "5000000000.00",
                "target_currency": "USD",
                "target_unit": "",
                "target_measure": "annual bilateral trade",
                "baseline_amount": "1400000000.00",
                "currencies": "",
                "due": "",
                "current_status": "announced",
                "status_history": "2024-03:announced",
            },
        )

    def test_turkiye_survives_in_utf8_with_its_other_names(self):
        _, body = self.download("country-list")
        self.assertIn("TR,Türkiye,Turkish;Turkey;Republic of Türkiye;Turkiye\r\n".encode(), body)
        rows = {row["code"]: row for row in self.rows("country-list")}
        self.assertEqual(rows["CI"]["name"], "Côte d'Ivoire")

    def test_officials_commissions_and_organizations_flatten_their_lists(self):
        officials = {row["slug"]: row for row in self.rows("official-list")}
        self.assertEqual(
            officials["hakan-fidan"]["offices"],
            "Minister of Foreign Affairs (2023-06..);"
            "Head of the National Intelligence Organization (2010..2023-06)",
        )
        self.assertEqual(
            (officials["yasar-guler"]["name"], officials["yasar-guler"]["other_names"]),
            ("Yaşar Güler", "Yasar Guler"),
        )
        commissions = self.rows("commission-list")
        self.assertEqual(
            [(c["slug"], c["acronym"], c["members"], c["founded"], c["sessions"]) for c in commissions],
            [
                ("pakistan-turkiye-jmc", "JMC", "PK;TR", "1975", "1"),
                ("pakistan-turkiye-joint-commission", "", "PK;TR", "", "1"),
            ],
        )
        ministry = next(
            o for o in self.rows("organization-list") if o["slug"] == "turkiye-ministry-of-national-defence"
        )
        self.assertEqual((ministry["country"], ministry["parent"]), ("TR", "government-of-turkiye"))

    def test_sources_and_sectors_export_their_fields(self):
        arab_news = next(s for s in self.rows("source-list") if s["slug"] == "arab-news-2025-09-09-jmc")
        self.assertEqual(
            arab_news,
            {
                "slug": "arab-news-2025-09-09-jmc",
                "title": "[Report on the 16th session of the Pakistan–Türkiye Joint Ministerial Commission]",
                "url": "https://www.arabnews.com/node/2614698",
                "publisher": "Arab News",
                "published_on": "2025-09-09",
                "published_on_start": "2025-09-09",
                "published_on_end": "2025-09-09",
                "published_on_precision": "day",
                "language": "en",
                "kind": "newspaper",
            },
        )
        self.assertIn({"slug": "lng", "name": "LNG", "parent": "energy"}, self.rows("sector-list"))


class CSVFilterTests(CSVTestCase):
    def test_the_pages_filters_apply_to_the_export(self):
        self.assertEqual(
            sorted(row["slug"] for row in self.rows("event-list", country="IN")),
            ["2025-india-pakistan-conflict", "2025-turkiye-support-for-pakistan"],
        )
        self.assertEqual(
            [row["slug"] for row in self.rows("event-list", q="shahbaz")],
            ["2025-yasar-guler-visit-to-pakistan"],
        )
        self.assertEqual(
            [row["title"] for row in self.rows("pledge-list", sector="energy")],
            ["Work together on renewable energy, oil, gas and LNG"],
        )
        self.assertEqual([row["code"] for row in self.rows("country-list", q="turkey")], ["TR"])
        self.assertEqual(
            [row["slug"] for row in self.rows("official-list", nationality="TR")],
            ["hakan-fidan", "yasar-guler"],
        )

    def test_ordering_applies_to_the_export(self):
        titles = [row["title"] for row in self.rows("pledge-list", ordering="title")]
        self.assertEqual(titles, sorted(titles))
        self.assertEqual(len(titles), 8)

    def test_a_bad_filter_is_a_400_naming_it_not_a_file(self):
        response = self.client.get(reverse("api:event-list"), {"format": "csv", "from": "2025-13"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(response.streaming)
        self.assertEqual(response.content.decode(), "from,“2025-13” is not a real date.\r\n")


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
