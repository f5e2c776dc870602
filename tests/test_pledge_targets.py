"""A pledge's description, targets that are not money (people, percent, megawatts…), and the
currencies it concerns without a figure: through the model, admin, API, pages, CSV and backup."""

import csv
import io
import json
from decimal import Decimal

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.backup import backup_write
from relations.models import Pledge, PledgeParty
from relations.models.targets import Unit
from relations.seed import seed_story
from tests.world import build_world

CURRENCY_OR_UNIT = "A target is in a currency or in a unit, not both."


class PledgeTargetTestCase(TestCase):
    """The world, with three pledges whose targets are not money and one that names the
    currencies it concerns, without a figure."""

    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()

        def pledge(title: str, **fields) -> Pledge:
            made = Pledge.objects.create(event=w.session_16, title=title, **fields)
            for country in (w.pakistan, w.turkiye):
                PledgeParty.objects.create(pledge=made, country=country)
            return made

        cls.exchanges = pledge(
            "Student exchanges",
            target_amount=Decimal(500_000),
            target_unit=Unit.UNITS,
            target_measure="exchanges",
        )
        cls.tariffs = pledge(
            "Cut tariffs", target_amount=Decimal(60), target_unit=Unit.PERCENT, target_measure="tariff lines"
        )
        cls.instructors = pledge(
            "Train instructors",
            description="Türkiye trains Pakistani military instructors at its academies.",
            target_amount=Decimal(80),
            baseline_amount=Decimal(20),
            target_unit=Unit.PEOPLE,
            target_measure="instructors",
        )
        cls.local_currencies = pledge(
            "Settle trade in local currencies", currencies=["pkr", "TRY"], target_currency="usd"
        )
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))


class ModelTests(PledgeTargetTestCase):
    def test_a_quantity_reads_in_its_unit(self):
        self.assertEqual(self.exchanges.target_text, "500,000 exchanges")
        self.assertEqual(self.tariffs.target_text, "60% of tariff lines")
        self.assertEqual(self.instructors.target_text, "80 instructors")
        self.assertEqual(self.instructors.baseline_text, "20 instructors")
        megawatts = Pledge(target_amount=Decimal(1200), target_unit=Unit.MEGAWATTS, target_measure="solar")
        self.assertEqual(megawatts.target_text, "1,200 megawatts: solar")
        self.assertEqual(self.world.trade_pledge.target_text, "US$5 billion")

    def test_currency_codes_are_stored_in_upper_case(self):
        self.local_currencies.refresh_from_db()
        self.assertEqual(self.local_currencies.currencies, ["PKR", "TRY"])
        self.assertEqual(self.local_currencies.target_currency, "USD")
        self.assertEqual(self.local_currencies.target_text, "USD, no figure given")

    def test_it_refuses_unknown_or_repeated_currencies(self):
        for currencies, message in (
            (["PKR", "XYZ"], "“XYZ” is not an ISO 4217 currency code (USD, EUR, TRY, PKR…)."),
            (["PKR", "pkr"], "A currency is listed twice."),
        ):
            with self.subTest(currencies), self.assertRaises(ValidationError) as refused:
                Pledge(event=self.world.session_16, title="X", currencies=currencies).full_clean()
            self.assertEqual(refused.exception.message_dict["currencies"], [message])

    def test_the_database_refuses_a_currency_and_a_unit_together_and_an_amount_with_neither(self):
        for fields in (
            {"target_amount": Decimal(5), "target_currency": "USD", "target_unit": Unit.PEOPLE},
            {"target_amount": Decimal(5)},
        ):
            with self.subTest(fields), transaction.atomic(), self.assertRaises(IntegrityError):
                Pledge.objects.create(event=self.world.session_16, title="X", **fields)

    def test_search_reads_the_description(self):
        self.assertEqual(list(Pledge.objects.matching("academies")), [self.instructors])


class AdminTests(PledgeTargetTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def form(self, **fields) -> dict[str, str]:
        management = {}
        for prefix in ("parties", "status_changes", "reaffirmations", "citations"):
            management |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        management |= {"parties-TOTAL_FORMS": "1", "parties-0-country": "PK", "parties-0-role": "pledger"}
        return {"event": str(self.world.session_16.pk), "title": "Grant scholarships", **management, **fields}

    def test_an_editor_records_a_described_target_in_people_and_local_currencies(self):
        response = self.client.post(
            reverse("admin:relations_pledge_add"),
            self.form(
                description="Scholarships for Pakistani students in Türkiye.",
                target_amount="1000",
                target_unit="people",
                target_measure="students",
                currencies="pkr, try",
            ),
        )
        self.assertEqual(response.status_code, 302, response.context and response.context["errors"])
        pledge = Pledge.objects.get(title="Grant scholarships")
        self.assertEqual(
            (pledge.description, pledge.target_text, pledge.currencies),
            ("Scholarships for Pakistani students in Türkiye.", "1,000 students", ["PKR", "TRY"]),
        )

    def test_a_currency_and_a_unit_together_are_refused(self):
        response = self.client.post(
            reverse("admin:relations_pledge_add"),
            self.form(target_amount="5", target_currency="usd", target_unit="people", currencies="XYZ"),
        )
        self.assertContains(response, CURRENCY_OR_UNIT)
        self.assertContains(response, "“XYZ” is not an ISO 4217 currency code")
        self.assertFalse(Pledge.objects.filter(title="Grant scholarships").exists())


class APITests(PledgeTargetTestCase):
    client_class = APIClient

    def setUp(self):
        self.client.force_authenticate(self.editor)

    def post(self, **fields):
        pledge = {
            "event": self.world.session_16.slug,
            "title": "Cut tariffs on textiles",
            "parties": [{"country": "PK", "role": "mutual"}],
            **fields,
        }
        return self.client.post(reverse("api:pledge-list"), pledge, format="json")

    def test_a_percentage_target_with_a_description_is_written_and_read_back(self):
        response = self.post(
            description="Both sides cut duties on most tariff lines.",
            target_amount="60",
            target_unit="percent",
            target_measure="tariff lines",
            currencies=["pkr", "try"],
            target_currency="",
        )
        self.assertEqual(response.status_code, 201, response.content)
        record = response.json()
        self.assertEqual(
            {key: record[key] for key in ("description", "target_amount", "target_unit", "currencies")},
            {
                "description": "Both sides cut duties on most tariff lines.",
                "target_amount": "60.00",
                "target_unit": "percent",
                "currencies": ["PKR", "TRY"],
            },
        )
        self.assertEqual(self.client.get(record["url"]).json(), record)

    def test_a_currency_in_lower_case_is_stored_in_upper_case(self):
        response = self.post(target_amount="5", target_currency="usd")
        self.assertEqual(response.json()["target_currency"], "USD")

    def test_bad_targets_are_refused_with_field_errors(self):
        for fields, errors in (
            (
                {"target_amount": "5", "target_currency": "USD", "target_unit": "people"},
                {"target_unit": [CURRENCY_OR_UNIT]},
            ),
            ({"target_amount": "5"}, {"target_currency": ["An amount needs its currency or its unit."]}),
            ({"target_unit": "furlongs"}, {"target_unit": ['"furlongs" is not a valid choice.']}),
            (
                {"currencies": ["PKR", "XYZ"]},
                {"currencies": ["“XYZ” is not an ISO 4217 currency code (USD, EUR, TRY, PKR…)."]},
            ),
        ):
            with self.subTest(fields):
                response = self.post(**fields)
                self.assertEqual((response.status_code, response.json()), (400, errors))
        self.assertFalse(Pledge.objects.filter(title="Cut tariffs on textiles").exists())

    def test_the_schema_describes_the_new_fields(self):
        schema = self.client.get(reverse("api:schema"), {"format": "json"}).json()["components"]["schemas"]
        fields = schema["Pledge"]["properties"]
        self.assertEqual(fields["currencies"]["type"], "array")
        self.assertIn("description", fields)
        self.assertIn("percent", json.dumps(fields["target_unit"] | schema.get("TargetUnitEnum", {})))


class PageAndExportTests(PledgeTargetTestCase):
    def test_the_pledge_page_shows_the_description_target_and_currencies(self):
        response = self.client.get(self.instructors.get_absolute_url())
        self.assertContains(response, "Türkiye trains Pakistani military instructors at its academies.")
        self.assertContains(response, "<dd>80 instructors</dd>", html=True)
        self.assertContains(response, "20 instructors")
        response = self.client.get(self.local_currencies.get_absolute_url())
        self.assertContains(response, "<dt>Currencies</dt><dd>PKR, TRY</dd>", html=True)
        self.assertContains(response, "USD, no figure given")

    def test_the_pledge_list_shows_quantities_and_currencies_without_a_figure(self):
        response = self.client.get(reverse("relations:pledge-list"))
        for text in ("500,000 exchanges", "60% of tariff lines", "80 instructors", "in PKR, TRY"):
            self.assertContains(response, text)

    def test_the_event_page_shows_a_target_that_is_not_money(self):
        self.assertContains(
            self.client.get(self.world.session_16.get_absolute_url()), "target 60% of tariff lines"
        )

    def test_the_csv_export_carries_description_unit_and_currencies(self):
        response = self.client.get(reverse("api:pledge-list"), {"format": "csv"})
        rows = {row["title"]: row for row in csv.DictReader(io.StringIO(response.getvalue().decode()))}
        self.assertEqual(
            {key: rows["Train instructors"][key] for key in ("description", "target_unit", "target_amount")},
            {
                "description": "Türkiye trains Pakistani military instructors at its academies.",
                "target_unit": "people",
                "target_amount": "80.00",
            },
        )
        self.assertEqual(rows["Settle trade in local currencies"]["currencies"], "PKR;TRY")

    def test_a_backup_keeps_them(self):
        stream = io.StringIO()
        backup_write(stream)
        rows = [json.loads(line) for line in stream.getvalue().splitlines()]
        fields = next(
            row["fields"]
            for row in rows
            if row.get("model") == "relations.pledge" and row.get("pk") == self.instructors.pk
        )
        self.assertEqual(
            (fields["description"], fields["target_unit"]),
            ("Türkiye trains Pakistani military instructors at its academies.", "people"),
        )
        fields = next(
            row["fields"]
            for row in rows
            if row.get("model") == "relations.pledge" and row.get("pk") == self.local_currencies.pk
        )
        self.assertEqual(fields["currencies"], ["PKR", "TRY"])


def test_every_pledge_of_the_seed_story_is_described():
    pledges = seed_story()["pledges"]
    assert all(len(pledge.get("description", "")) > 80 for pledge in pledges)
