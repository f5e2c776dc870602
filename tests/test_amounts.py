"""Amounts read one way on every page: "US$5 billion", "¥10 trillion", "€300 million",
"US$1.4 billion", small ones in full ("US$250,000"), with the digits announced and no more, in
the currency announced (never converted); targets that are not money read the same way."""

from decimal import Decimal

from django.template import Context, Template
from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from relations.models import Pledge, PledgeParty
from relations.models.targets import Unit, figure, money_text, quantity_text
from tests.world import build_world

MONEY = [
    # (amount, currency, how it reads)
    ("5000000000", "USD", "US$5 billion"),
    ("5000000000.00", "USD", "US$5 billion"),  # as the database returns it
    ("1400000000.00", "USD", "US$1.4 billion"),  # never "1.40"
    ("1125000000", "USD", "US$1.125 billion"),
    ("1234567890", "USD", "US$1,234,567,890"),  # no rounding to "1.23 billion"
    ("1234500000", "USD", "US$1,234,500,000"),  # four decimals in words: in full instead
    ("10000000000000", "JPY", "¥10 trillion"),
    ("300000000", "EUR", "€300 million"),
    ("1000000", "GBP", "£1 million"),
    ("2500000", "PKR", "PKR 2.5 million"),
    ("750", "TRY", "TRY 750"),
    ("10000000000", "CNY", "CNY 10 billion"),  # the yuan keeps its code: ¥ is the yen
    ("250000", "USD", "US$250,000"),  # below a million, in full
    ("999999", "USD", "US$999,999"),
    ("12.50", "USD", "US$12.50"),  # cents as prices are written
    ("12.00", "USD", "US$12"),
    ("5000000.50", "USD", "US$5,000,000.50"),  # cents kept, so not "5 million"
    ("1000000000000000", "USD", "US$1,000 trillion"),
    ("-2500000", "USD", "-US$2.5 million"),
    ("0", "USD", "US$0"),
    ("5000000000", "usd", "US$5 billion"),  # a code in lower case is the same currency
    ("5000000000", "", "5 billion"),  # no currency: the figure alone
]

UNITS = [
    # (amount, unit, measure, how it reads)
    ("80", Unit.PEOPLE, "instructors", "80 instructors"),
    ("1500000", Unit.PEOPLE, "visitors", "1.5 million visitors"),
    ("500000", Unit.UNITS, "exchanges", "500,000 exchanges"),
    ("20", Unit.PEOPLE, "", "20 people"),
    ("60", Unit.PERCENT, "tariff lines", "60% of tariff lines"),
    ("12.50", Unit.PERCENT, "", "12.5%"),
    ("1200", Unit.MEGAWATTS, "", "1,200 megawatts"),
    ("2500000.00", Unit.TONNES, "", "2.5 million tonnes"),
    ("2.50", Unit.KILOMETRES, "", "2.5 kilometres"),
    ("100000", Unit.BARRELS_PER_DAY, "", "100,000 barrels per day"),
    ("3000000", Unit.HECTARES, "", "3 million hectares"),
]


class HouseStyleTests(SimpleTestCase):
    def test_money_reads_with_its_symbol_or_code_and_only_the_digits_announced(self):
        for value, currency, expected in MONEY:
            with self.subTest(value=value, currency=currency):
                self.assertEqual(money_text(Decimal(value), currency), expected)
                self.assertEqual(quantity_text(Decimal(value), currency=currency), expected)

    def test_targets_that_are_not_money_read_in_the_same_style(self):
        for value, unit, measure, expected in UNITS:
            with self.subTest(value=value, unit=unit):
                self.assertEqual(quantity_text(Decimal(value), unit=unit, measure=measure), expected)

    def test_a_bare_figure_drops_trailing_zeros_and_keeps_every_other_digit(self):
        self.assertEqual(figure(Decimal("1400000000.00")), "1.4 billion")
        self.assertEqual(figure(Decimal("2.50")), "2.5")
        self.assertEqual(figure(Decimal("1200.00")), "1,200")
        self.assertEqual(figure(Decimal("1234567.89")), "1,234,567.89")

    def test_no_figure_reads_as_a_dash(self):
        self.assertEqual(quantity_text(None, currency="USD"), "—")

    def test_the_template_filters_write_the_same_house_style(self):
        for name in ("amount", "short_amount"):
            template = Template("{% load tracker %}{{ value|" + name + ":currency }}")
            for value, currency, expected in MONEY:
                with self.subTest(filter=name, value=value, currency=currency):
                    rendered = template.render(Context({"value": Decimal(value), "currency": currency}))
                    self.assertEqual(rendered, expected)
            self.assertEqual(template.render(Context({"value": None, "currency": "USD"})), "—")


class AmountsOnPagesTests(TestCase):
    """The trade pledge (US$5 billion, from US$1.4 billion) and a yen loan read the same on the
    ties page, the event page, the pledge tracker, the pledge's page and the admin list."""

    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        w.trade_pledge.target_measure = "annual bilateral trade"
        w.trade_pledge.baseline_amount = Decimal("1400000000")
        w.trade_pledge.baseline_note = "2024, Turkish state media"
        w.trade_pledge.save()
        cls.loan = Pledge.objects.create(
            event=w.session_16,
            title="Soft loan",
            target_amount=Decimal("10000000000000"),
            target_currency="JPY",
        )
        for country in (w.pakistan, w.turkiye):
            PledgeParty.objects.create(pledge=cls.loan, country=country)

    def pages(self):
        w = self.world
        return {
            "ties": reverse("relations:ties", args=["pk-tr"]),
            "event": w.session_16.get_absolute_url(),
            "tracker": reverse("relations:pledge-list"),
            "trade pledge": w.trade_pledge.get_absolute_url(),
            "loan": self.loan.get_absolute_url(),
        }

    def test_every_page_writes_the_targets_in_the_house_style(self):
        for name, url in self.pages().items():
            with self.subTest(page=name):
                response = self.client.get(url)
                if name != "loan":
                    self.assertContains(response, "US$5 billion: annual bilateral trade")
                if name != "trade pledge":
                    self.assertContains(response, "¥10 trillion")
                for other_format in ("USD 5", "5,000,000,000", "5000000000", "JPY 10", "5 bn"):
                    self.assertNotContains(response, other_format)

    def test_the_pledge_page_writes_the_baseline_in_the_house_style(self):
        response = self.client.get(self.world.trade_pledge.get_absolute_url())
        self.assertContains(response, "<dd>US$1.4 billion (2024, Turkish state media)</dd>", html=True)
        self.assertNotContains(response, "1,400,000,000")

    def test_the_admin_list_writes_the_targets_in_the_house_style(self):
        from django.contrib.auth.models import User

        self.client.force_login(User.objects.create_superuser("editor", "e@example.org", "x"))
        response = self.client.get(reverse("admin:relations_pledge_changelist"))
        self.assertContains(response, "US$5 billion: annual bilateral trade")
        self.assertContains(response, "¥10 trillion")
        self.assertNotContains(response, "USD 5")
