"""CSV export: `?format=csv` on every list streams every matching row, with fixed columns."""

import csv
import io
from unittest import mock

from django.urls import reverse

from relations.models import Event, EventKind, Pledge
from tests.csv_exports import FILES, HEADERS, JMC_16, CSVTestCase, add_meetings


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
            "source-list": 13,
            "organization-list": 8,
            "official-list": 5,
            "commission-list": 2,
            "event-list": 7,
            "eventkind-list": EventKind.objects.count(),
            "pledge-list": 8,
            "observation-list": 1,  # the trade goal's 2024 figure
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
                "verdict": "no_recent_data",  # its one figure, 2024's, is over 18 months old
                "progress_share": "0.0000",
                "observed_value": "1400000000.00",
                "observed_until": "2024-12-31",
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
                "title": "Report on the 16th session of the Pakistan–Türkiye Joint Ministerial Commission "
                "in Islamabad",
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
