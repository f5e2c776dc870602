"""Observations through the API: nested in their pledge with its progress, listed and filtered at
/api/observations/ with CSV, and written in the target's currency or unit, or refused."""

import csv
import datetime as dt
import io
from decimal import Decimal

from django.contrib.auth.models import Permission, User
from django.urls import reverse

from relations.models import Event, Observation, Pledge, PledgeParty, Source
from tests.api_writes import JMC_16, WriteTestCase, new_pledge

# Recent years, so that the evidence is never judged old (progress.py, step 5) whenever this runs.
LAST = dt.date.today().year - 1
BEFORE = LAST - 1
TRADE_SOURCE = "turkish-state-media-2024-trade"
CURRENCY_REFUSED = (
    "The target is in USD; this figure is in EUR. Record it in the target's currency as a source "
    "reports it: figures are never converted."
)


def year(y: int) -> dict:
    """How the API writes a year."""
    return {
        "edtf": str(y),
        "start": f"{y}-01-01",
        "end": f"{y}-12-31",
        "precision": "year",
        "approximate": False,
        "display": str(y),
    }


def first_quarter(y: int) -> dict:
    """How the API writes January to March of a year."""
    return {
        "edtf": f"{y}-01/{y}-03",
        "start": f"{y}-01-01",
        "end": f"{y}-03-31",
        "precision": "month",
        "approximate": False,
        "display": f"January–March {y}",
    }


class ObservationTestCase(WriteTestCase):
    """The test story, with the trade goal's figures for two years and a quarter, and a pledge
    between Pakistan and the Emirates counted in tonnes."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.trade = Pledge.objects.get(target_amount__isnull=False)
        cls.source = Source.objects.get(slug=TRADE_SOURCE)
        cls.trade.observations.all().delete()  # the story's own figure; these tests set their own
        cls.before = cls.observe(
            cls.trade, str(BEFORE), "1400000000", currency="USD", note="Exports plus imports"
        )
        cls.quarter = cls.observe(
            cls.trade, f"{LAST}-01/{LAST}-03", "450000000.50", currency="USD", excerpt="“about $450 million”"
        )
        cls.last = cls.observe(cls.trade, str(LAST), "2000000000", currency="USD")
        cls.lng = Pledge.objects.create(
            event=Event.objects.get(slug=JMC_16),
            title="Ship LNG by sea",
            target_amount=1_000_000,
            target_unit="tonnes",
        )
        PledgeParty.objects.create(pledge=cls.lng, country_id="PK")
        PledgeParty.objects.create(pledge=cls.lng, country_id="AE")
        cls.shipped = cls.observe(cls.lng, f"{LAST}-07", "250000", unit="tonnes")
        cls.shipped.refresh_from_db()

    @classmethod
    def observe(cls, pledge: Pledge, period: str, value: str, **fields) -> Observation:
        return Observation.objects.create(
            pledge=pledge, period=period, value=value, source=cls.source, **fields
        )

    def listed(self, **params) -> list[dict]:
        response = self.client.get(reverse("api:observation-list"), {"page_size": 500, **params})
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()["results"]

    def ids(self, **params) -> list[int]:
        return [row["id"] for row in self.listed(**params)]

    def record(self, observation: Observation) -> dict:
        """An observation as /api/observations/ gives it."""
        pledge = observation.pledge_id
        return {
            "id": observation.pk,
            "url": f"http://testserver/api/observations/{observation.pk}/",
            "pledge": pledge,
            "pledge_url": f"http://testserver/api/pledges/{pledge}/",
            "period": self.period_of(observation),
            "period_text": observation.period_text,
            "value": f"{Decimal(observation.value):.2f}",
            "currency": observation.currency,
            "unit": observation.unit,
            "source": TRADE_SOURCE,
            "excerpt": observation.excerpt,
            "note": observation.note,
        }

    def period_of(self, observation: Observation) -> dict:
        return {
            self.before.pk: year(BEFORE),
            self.quarter.pk: first_quarter(LAST),
            self.last.pk: year(LAST),
            self.shipped.pk: {
                "edtf": f"{LAST}-07",
                "start": f"{LAST}-07-01",
                "end": f"{LAST}-07-31",
                "precision": "month",
                "approximate": False,
                "display": f"July {LAST}",
            },
        }[observation.pk]


class NestedReadTests(ObservationTestCase):
    def test_the_pledge_nests_its_observations_in_period_order_and_its_progress(self):
        record = self.client.get(reverse("api:pledge-detail", args=[self.trade.pk])).json()
        self.assertEqual(
            record["observations"],
            [
                {
                    "period": year(BEFORE),
                    "value": "1400000000.00",
                    "currency": "USD",
                    "unit": "",
                    "source": TRADE_SOURCE,
                    "excerpt": "",
                    "note": "Exports plus imports",
                },
                {
                    "period": first_quarter(LAST),
                    "value": "450000000.50",
                    "currency": "USD",
                    "unit": "",
                    "source": TRADE_SOURCE,
                    "excerpt": "“about $450 million”",
                    "note": "",
                },
                {
                    "period": year(LAST),
                    "value": "2000000000.00",
                    "currency": "USD",
                    "unit": "",
                    "source": TRADE_SOURCE,
                    "excerpt": "",
                    "note": "",
                },
            ],
        )
        # From the baseline (1.4 billion) to 2 billion, of the way to 5 billion: a sixth, and no due date.
        self.assertEqual(
            record["progress"],
            {
                "verdict": "on_track",
                "share": "0.1667",
                "start": "1400000000.00",
                "latest": "2000000000.00",
                "observed_until": f"{LAST}-12-31",
                "pace_needed": None,
                "disagrees_with_status": False,
            },
        )

    def test_the_pledges_csv_carries_the_progress(self):
        response = self.client.get(reverse("api:pledge-list"), {"format": "csv"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        row = next(row for row in csv.DictReader(io.StringIO(text)) if row["id"] == str(self.trade.pk))
        self.assertEqual(
            [row[key] for key in ("verdict", "progress_share", "observed_value", "observed_until")],
            ["on_track", "0.1667", "2000000000.00", f"{LAST}-12-31"],
        )

    def test_the_list_row_is_the_same_record_as_the_detail(self):
        rows = self.client.get(reverse("api:pledge-list"), {"page_size": 500}).json()["results"]
        for pledge in (self.trade, self.lng):
            with self.subTest(pledge.title):
                row = next(row for row in rows if row["id"] == pledge.pk)
                self.assertEqual(row, self.client.get(reverse("api:pledge-detail", args=[pledge.pk])).json())

    def test_the_pace_needed_and_a_disagreeing_status_are_shown(self):
        self.trade.due = str(LAST + 3)
        self.trade.save()
        self.trade.status_changes.create(status="fulfilled", as_of=f"{LAST + 1}-01")
        progress = self.client.get(reverse("api:pledge-detail", args=[self.trade.pk])).json()["progress"]
        # 3 billion to go in the three years from the end of the latest figure's year to the due date's.
        self.assertAlmostEqual(Decimal(progress["pace_needed"]), Decimal(1_000_000_000), delta=1_000_000)
        self.assertIs(progress["disagrees_with_status"], True)  # "fulfilled", 3 billion short

    def test_a_pledge_without_a_target_amount_has_no_verdict(self):
        other = Pledge.objects.filter(target_amount__isnull=True).first()
        record = self.client.get(reverse("api:pledge-detail", args=[other.pk])).json()
        self.assertEqual(record["observations"], [])
        self.assertEqual(
            record["progress"],
            {
                "verdict": None,
                "share": None,
                "start": None,
                "latest": None,
                "observed_until": None,
                "pace_needed": None,
                "disagrees_with_status": False,
            },
        )


class ListTests(ObservationTestCase):
    def test_the_list_holds_every_observation_newest_period_first(self):
        self.assertEqual(
            self.listed(),
            [self.record(o) for o in (self.last, self.shipped, self.quarter, self.before)],
        )
        self.assertEqual(
            [row["period_text"] for row in self.listed()],
            [str(LAST), f"July {LAST}", f"Q1 {LAST}", str(BEFORE)],
        )

    def test_the_detail_is_the_list_row(self):
        response = self.client.get(reverse("api:observation-detail", args=[self.quarter.pk]))
        self.assertEqual(response.json(), self.record(self.quarter))

    def test_an_unknown_observation_is_not_found(self):
        for key in (10**9, 10**30):
            with self.subTest(key):
                response = self.client.get(reverse("api:observation-detail", args=[key]))
                self.assertEqual(response.status_code, 404)

    def test_pledge_keeps_that_pledges_observations(self):
        self.assertEqual(self.ids(pledge=self.lng.pk), [self.shipped.pk])
        self.assertEqual(self.ids(pledge=self.trade.pk), [self.last.pk, self.quarter.pk, self.before.pk])

    def test_country_keeps_the_observations_of_pledges_it_is_party_to(self):
        self.assertEqual(self.ids(country="ae"), [self.shipped.pk])
        self.assertEqual(self.ids(country="Türkiye"), [self.last.pk, self.quarter.pk, self.before.pk])
        self.assertEqual(self.ids(country=["pk", "tr"]), [self.last.pk, self.quarter.pk, self.before.pk])
        self.assertEqual(self.ids(country=["ae", "tr"]), [])

    def test_pair_keeps_the_observations_of_pledges_between_both(self):
        self.assertEqual(self.ids(pair="ae-pk"), [self.shipped.pk])
        self.assertEqual(self.ids(pair="TR-PK"), [self.last.pk, self.quarter.pk, self.before.pk])
        self.assertEqual(self.ids(pair="ae-tr"), [])

    def test_from_and_to_keep_the_periods_that_overlap(self):
        self.assertEqual(self.ids(**{"from": f"{LAST}-03"}), [self.last.pk, self.shipped.pk, self.quarter.pk])
        self.assertEqual(self.ids(**{"from": f"{LAST}-04"}), [self.last.pk, self.shipped.pk])
        self.assertEqual(self.ids(to=f"{LAST}-01-15"), [self.last.pk, self.quarter.pk, self.before.pk])
        self.assertEqual(self.ids(to=str(BEFORE)), [self.before.pk])
        self.assertEqual(self.ids(**{"from": f"{LAST}-08", "to": f"{LAST}-08"}), [self.last.pk])

    def test_currency_keeps_the_figures_in_it_in_any_case(self):
        self.assertEqual(self.ids(currency="usd"), [self.last.pk, self.quarter.pk, self.before.pk])
        self.assertEqual(self.ids(currency="EUR"), [])

    def test_bad_filter_values_are_refused_naming_the_filter(self):
        for params, field in (
            ({"pledge": "the trade goal"}, "pledge"),
            ({"pledge": "0"}, "pledge"),
            ({"pledge": str(10**30)}, "pledge"),
            ({"country": "xx"}, "country"),
            ({"pair": "pk-pk"}, "pair"),
            ({"from": f"{LAST}-13"}, "from"),
            ({"to": "last year"}, "to"),
            ({"currency": "dollars"}, "currency"),
            ({"currency": "US\x00"}, "currency"),
        ):
            with self.subTest(params):
                response = self.client.get(reverse("api:observation-list"), params)
                self.assertEqual(response.status_code, 400, response.content)
                self.assertEqual(list(response.json()), [field])
        response = self.client.get(reverse("api:observation-list"), {"currency": "dollars"})
        self.assertEqual(
            response.json(), {"currency": ["Enter an ISO 4217 currency code of three letters, such as USD."]}
        )

    def test_the_csv_has_every_matching_row(self):
        response = self.client.get(reverse("api:observation-list"), {"format": "csv", "page_size": 1})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Disposition"], 'attachment; filename="observations.csv"')
        text = b"".join(response.streaming_content).decode("utf-8-sig")
        reader = csv.DictReader(io.StringIO(text))
        rows = list(reader)
        self.assertEqual(
            reader.fieldnames,
            [
                "id", "pledge", "pledge_title", "period", "period_start", "period_end", "period_text",
                "value", "currency", "unit", "source", "excerpt", "note",
            ],
        )  # fmt: skip
        self.assertEqual(
            [row["id"] for row in rows],
            [str(o.pk) for o in (self.last, self.shipped, self.quarter, self.before)],
        )
        self.assertEqual(
            rows[2],
            {
                "id": str(self.quarter.pk),
                "pledge": str(self.trade.pk),
                "pledge_title": "Expand bilateral trade to US$5 billion a year",
                "period": f"{LAST}-01/{LAST}-03",
                "period_start": f"{LAST}-01-01",
                "period_end": f"{LAST}-03-31",
                "period_text": f"Q1 {LAST}",
                "value": "450000000.50",
                "currency": "USD",
                "unit": "",
                "source": TRADE_SOURCE,
                "excerpt": "“about $450 million”",
                "note": "",
            },
        )
        filtered = self.client.get(reverse("api:observation-list"), {"format": "csv", "pair": "pk-ae"})
        text = b"".join(filtered.streaming_content).decode("utf-8-sig")
        self.assertEqual([row["id"] for row in csv.DictReader(io.StringIO(text))], [str(self.shipped.pk)])


class NestedWriteTests(ObservationTestCase):
    def observations(self, *rows: tuple[str, str]) -> list[dict]:
        return [
            {"period": period, "value": value, "currency": "usd", "source": TRADE_SOURCE}
            for period, value in rows
        ]

    def test_a_pledge_is_posted_with_its_observations(self):
        self.as_editor()
        response = self.post(
            "pledge-list",
            new_pledge(observations=self.observations((str(LAST), "250000000"), (f"{LAST}-07", "20000000"))),
        )
        self.assertEqual(response.status_code, 201, response.content)
        pledge = Pledge.objects.get(pk=response.json()["id"])
        self.assertEqual(
            [(o.period.edtf(), o.value, o.currency) for o in pledge.observations.all()],
            [(f"{LAST}-07", 20_000_000, "USD"), (str(LAST), 250_000_000, "USD")],
        )
        self.assertEqual(response.json()["progress"]["latest"], "250000000.00")
        self.assertEqual(pledge.observed_value, 250_000_000)

    def test_observations_are_matched_by_their_period(self):
        self.as_editor()
        response = self.patch(
            "pledge-detail",
            self.trade.pk,
            {
                "observations": self.observations(
                    (str(LAST), "2100000000"), (f"{LAST + 1}-01/{LAST + 1}-03", "600000000")
                )
            },
        )
        self.assertEqual(response.status_code, 200, response.content)
        kept = self.trade.observations.get(period_start=dt.date(LAST, 1, 1), period_end=dt.date(LAST, 12, 31))
        self.assertEqual((kept.pk, kept.value), (self.last.pk, 2_100_000_000))
        self.assertEqual(self.trade.observations.count(), 2)
        self.assertFalse(Observation.objects.filter(pk__in=[self.before.pk, self.quarter.pk]).exists())
        self.assertEqual(
            [o["period"]["edtf"] for o in response.json()["observations"]],
            [str(LAST), f"{LAST + 1}-01/{LAST + 1}-03"],
        )
        self.assertEqual(response.json()["progress"]["latest"], "600000000.00")

    def test_a_patch_without_observations_leaves_them(self):
        self.as_editor()
        response = self.patch("pledge-detail", self.trade.pk, {"title": "Trade worth US$5 billion a year"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(len(response.json()["observations"]), 3)

    def test_a_figure_in_another_currency_is_refused_and_nothing_is_written(self):
        self.as_editor()
        rows = self.observations((str(LAST), "250000000"), (f"{LAST}-07", "20000000"))
        rows[1]["currency"] = "eur"
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", new_pledge(observations=rows)),
            400,
            {"observations": [{}, {"currency": [CURRENCY_REFUSED]}]},
        )
        self.assertRefusedWithNothingWritten(
            lambda: self.patch("pledge-detail", self.trade.pk, {"observations": rows}),
            400,
            {"observations": [{}, {"currency": [CURRENCY_REFUSED]}]},
        )

    def test_a_figure_is_checked_against_the_target_submitted_with_it(self):
        self.as_editor()
        rows = [{"period": str(LAST), "value": "90", "unit": "percent", "source": TRADE_SOURCE}]
        pledge = new_pledge(target_amount="100", target_currency="", target_unit="percent", observations=rows)
        self.assertEqual(self.post("pledge-list", pledge).status_code, 201)
        rows[0]["unit"] = "tonnes"
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", {**pledge, "title": "Another", "observations": rows}),
            400,
            {"observations": [{"unit": ["The target is counted in percent; this figure is in tonnes."]}]},
        )

    def test_a_unit_on_a_money_target_is_refused(self):
        self.as_editor()
        rows = self.observations((str(LAST), "250000000"))
        rows[0]["unit"] = "tonnes"
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", new_pledge(observations=rows)),
            400,
            {"observations": [{"unit": ["The target is money (USD): leave the unit empty."]}]},
        )

    def test_a_pledge_without_a_target_amount_takes_no_observations(self):
        self.as_editor()
        pledge = new_pledge(
            target_amount=None, target_currency="", observations=self.observations((str(LAST), "1"))
        )
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", pledge),
            400,
            {"observations": ["This pledge has no target amount: record its target before observing it."]},
        )

    def test_a_period_given_twice_is_refused(self):
        self.as_editor()
        rows = self.observations((str(LAST), "250000000"), (str(LAST), "260000000"))
        self.assertRefusedWithNothingWritten(
            lambda: self.post("pledge-list", new_pledge(observations=rows)),
            400,
            {"observations": ["This pledge already has an observation for that period."]},
        )


class DirectWriteTests(ObservationTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.reader.user_permissions.add(
            *Permission.objects.filter(
                codename__in=["add_observation", "change_observation", "delete_observation"]
            )
        )

    def new(self, **changes) -> dict:
        return {
            "pledge": self.trade.pk,
            "period": f"{LAST}-04/{LAST}-06",
            "value": "500000000",
            "currency": "USD",
            "source": TRADE_SOURCE,
            **changes,
        }

    def test_anonymous_writes_are_refused(self):
        self.assertRefusedWithNothingWritten(lambda: self.post("observation-list", self.new()), 401)
        self.assertRefusedWithNothingWritten(
            lambda: self.client.delete(reverse("api:observation-detail", args=[self.last.pk])), 401
        )

    def test_an_account_without_the_permission_is_refused(self):
        self.client.force_authenticate(User.objects.create_user("visitor"))
        self.assertRefusedWithNothingWritten(lambda: self.post("observation-list", self.new()), 403)
        self.assertRefusedWithNothingWritten(
            lambda: self.patch("observation-detail", self.last.pk, {"value": "1"}), 403
        )

    def test_an_account_with_the_permission_creates_changes_and_deletes(self):
        self.client.force_authenticate(self.reader)
        created = self.post("observation-list", self.new(currency="usd"))
        self.assertEqual(created.status_code, 201, created.content)
        observation = Observation.objects.get(pk=created.json()["id"])
        self.assertEqual(created.json(), self.record_of(observation))
        self.assertEqual(created.json()["period_text"], f"Q2 {LAST}")
        self.assertEqual(observation.history.count(), 1)

        changed = self.patch("observation-detail", observation.pk, {"value": "510000000"})
        self.assertEqual((changed.status_code, changed.json()["value"]), (200, "510000000.00"))

        deleted = self.client.delete(reverse("api:observation-detail", args=[observation.pk]))
        self.assertEqual(deleted.status_code, 204)
        self.assertFalse(Observation.objects.filter(pk=observation.pk).exists())

    def record_of(self, observation: Observation) -> dict:
        return {
            "id": observation.pk,
            "url": f"http://testserver/api/observations/{observation.pk}/",
            "pledge": self.trade.pk,
            "pledge_url": f"http://testserver/api/pledges/{self.trade.pk}/",
            "period": {
                "edtf": f"{LAST}-04/{LAST}-06",
                "start": f"{LAST}-04-01",
                "end": f"{LAST}-06-30",
                "precision": "month",
                "approximate": False,
                "display": f"April–June {LAST}",
            },
            "period_text": f"Q2 {LAST}",
            "value": "500000000.00",
            "currency": "USD",
            "unit": "",
            "source": TRADE_SOURCE,
            "excerpt": "",
            "note": "",
        }

    def test_a_figure_in_another_currency_is_refused_and_nothing_is_written(self):
        self.client.force_authenticate(self.reader)
        self.assertRefusedWithNothingWritten(
            lambda: self.post("observation-list", self.new(currency="EUR")),
            400,
            {"currency": [CURRENCY_REFUSED]},
        )
        self.assertRefusedWithNothingWritten(
            lambda: self.patch("observation-detail", self.last.pk, {"currency": "eur"}),
            400,
            {"currency": [CURRENCY_REFUSED]},
        )
        self.assertRefusedWithNothingWritten(
            lambda: self.post("observation-list", self.new(pledge=self.lng.pk)),
            400,
            {"unit": ["The target is counted in tonnes; this figure is without a unit."]},
        )

    def test_a_second_figure_for_a_period_is_refused(self):
        self.client.force_authenticate(self.reader)
        self.assertRefusedWithNothingWritten(
            lambda: self.post("observation-list", self.new(period=str(LAST))),
            400,
            {"period": ["This pledge already has an observation for that period."]},
        )

    def test_an_unknown_pledge_or_source_is_refused(self):
        self.client.force_authenticate(self.reader)
        response = self.post("observation-list", self.new(pledge=10**9, source="no-such-source"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()), {"pledge", "source"})
