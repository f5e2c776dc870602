"""A CSV export never hands a spreadsheet a formula to run: free text that starts like one gets a
single quote in front; numbers, dates, EDTF strings and codes are written as they are.

The event list is written by PostgreSQL's COPY on PostgreSQL and row by row in Python on SQLite;
each test reads both where both exist."""

import csv
import io
from decimal import Decimal
from unittest import mock

from django.db import connection
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.api.csv import defused, text_sql
from relations.models import Official, Organization, Participant, Pledge
from tests.world import build_world, make_event

LINK = '=HYPERLINK("http://x","y")'


def paths() -> list[str]:
    """The ways the event list can be written on this database."""
    return ["copy", "python"] if connection.vendor == "postgresql" else ["python"]


class FormulaTests(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        cls.event = make_event(
            LINK,
            "2025-10-01/2025-10-03",
            {w.pakistan: "host", w.turkiye: "visitor"},
            summary="@SUM(1+1)",
            place="\tIslamabad",
        )
        Participant.objects.create(event=cls.event, name="+cmd|' /C calc'!A0", side=w.pakistan)
        cls.pledge = Pledge.objects.create(
            event=cls.event,
            title="-1+1",
            target_measure="+trade",
            baseline_amount=Decimal("-5"),
            target_currency="USD",
        )

    def rows(self, name: str, path: str = "python", **params) -> list[dict[str, str]]:
        # PostgreSQL's COPY is skipped for a vendor it does not know: its Python path.
        vendor = "other" if path == "python" and connection.vendor == "postgresql" else connection.vendor
        with mock.patch.object(connection, "vendor", vendor):
            response = self.client.get(reverse(f"api:{name}"), {"format": "csv", **params})
            body = b"".join(response.streaming_content).decode("utf-8-sig")
        return list(csv.DictReader(io.StringIO(body)))

    def event_row(self, path: str, **params) -> dict[str, str]:
        return next(row for row in self.rows("event-list", path, **params) if row["id"] == str(self.event.pk))

    def test_a_hyperlink_title_and_a_sum_summary_come_out_as_text(self):
        for path in paths():
            with self.subTest(path):
                row = self.event_row(path)
                self.assertEqual(row["title"], "'" + LINK)
                self.assertEqual(row["summary"], "'@SUM(1+1)")

    def test_a_tab_and_a_typed_participant_name_come_out_as_text_filtered_or_not(self):
        for path in paths():
            for params in ({}, {"pair": "pk-tr"}):
                with self.subTest(path, **params):
                    row = self.event_row(path, **params)
                    self.assertEqual(row["place"], "'\tIslamabad")
                    self.assertEqual(row["participants"], "'+cmd|' /C calc'!A0")

    def test_dates_codes_and_counts_are_written_as_they_are(self):
        for path in paths():
            with self.subTest(path):
                row = self.event_row(path)
                self.assertEqual(row["date"], "2025-10-01/2025-10-03")
                self.assertEqual(row["date_start"], "2025-10-01")
                self.assertEqual(row["countries"], "PK;TR")
                self.assertEqual(row["slug"], self.event.slug)
                self.assertEqual(row["pledge_count"], "1")

    def test_ordinary_text_is_left_alone(self):
        for path in paths():
            with self.subTest(path):
                row = self.event_row(path, pair="pk-tr")
                self.assertEqual(row["title"], "'" + LINK)
                others = {r["title"]: r for r in self.rows("event-list", path)}
                session = others[self.world.session_16.title]
                self.assertEqual(session["place"], "Islamabad")
                self.assertEqual(session["participants"], "Jam Kamal Khan;Yaşar Güler")

    def test_a_negative_amount_stays_a_number_while_a_formula_title_is_text(self):
        row = next(row for row in self.rows("pledge-list") if row["id"] == str(self.pledge.pk))
        self.assertEqual(row["title"], "'-1+1")
        self.assertEqual(row["target_measure"], "'+trade")
        self.assertEqual(row["baseline_amount"], "-5.00")
        self.assertEqual(row["made_on"], "2025-10-01/2025-10-03")

    def test_names_in_the_other_lists_come_out_as_text(self):
        Organization.objects.create(name="=1+2", acronym="@A")
        Official.objects.create(name="-Dash", nationality=self.world.pakistan)
        organization = next(row for row in self.rows("organization-list") if row["name"].endswith("=1+2"))
        self.assertEqual((organization["name"], organization["acronym"]), ("'=1+2", "'@A"))
        official = next(row for row in self.rows("official-list") if row["name"].endswith("-Dash"))
        self.assertEqual((official["name"], official["nationality"]), ("'-Dash", "PK"))

    def test_one_record_as_csv_is_text_too_but_its_numbers_stay_numbers(self):
        response = self.client.get(reverse("api:pledge-detail", args=[self.pledge.pk]), {"format": "csv"})
        cells = dict(row[:2] for row in csv.reader(io.StringIO(response.content.decode("utf-8"))))
        self.assertEqual(cells["title"], "'-1+1")
        self.assertEqual(cells["baseline_amount"], "-5.00")
        self.assertEqual(cells["id"], str(self.pledge.pk))


class DefusedTests(TestCase):
    def test_each_start_a_spreadsheet_reads_as_a_formula_gets_a_quote(self):
        for text in ("=1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"):
            with self.subTest(text=text):
                self.assertEqual(defused(text), "'" + text)

    def test_other_text_is_unchanged(self):
        for text in ("", "Islamabad", " =1", "1-2", "'=1", "Türkiye"):
            with self.subTest(text=text):
                self.assertEqual(defused(text), text)

    def test_the_sql_says_what_python_says(self):
        if connection.vendor != "postgresql":
            self.skipTest("COPY is PostgreSQL's")
        texts = ["=1", "+1", "-1", "@SUM(A1)", "\tx", "\rx", "", "Islamabad", " =1", "'=1", None]
        with connection.cursor() as cursor:
            for value in texts:
                sql = text_sql("%s::text")
                cursor.execute(f"SELECT {sql}", [value] * sql.count("%s"))
                self.assertEqual(cursor.fetchone()[0], None if value is None else defused(value))
