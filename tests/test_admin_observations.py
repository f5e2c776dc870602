"""Editors record what a pledge's target measured, period by period, in the pledge's admin form;
the admin shows the verdict the observations give beside the editor's status, flags a status the
evidence contradicts, and filters pledges by it at a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import User
from django.test import TestCase

from relations.models import Observation, Pledge, PledgeStatus, PledgeStatusChange
from relations.models.targets import Unit
from tests.test_admin import admin_url, inline_management
from tests.test_admin_scale import queries
from tests.world import add_full_events, build_world

# A year that is always recent (progress.py's RECENT_MONTHS) and after the world's pledges were
# made (September 2025): the verdicts below do not move with the calendar.
LAST_YEAR = str(dt.date.today().year - 1)


def pledge_form(pledge: Pledge, *new_observations: dict[str, str], **overrides) -> dict[str, str]:
    """The pledge's change form as the admin shows it, with its rows unchanged, the observations
    given added, and ``overrides`` applied."""
    data = {
        "event": str(pledge.event_id),
        "title": pledge.title,
        "wording": pledge.wording,
        "description": pledge.description,
        "target_amount": "" if pledge.target_amount is None else str(pledge.target_amount),
        "target_currency": pledge.target_currency,
        "target_unit": pledge.target_unit,
        "target_measure": pledge.target_measure,
        "baseline_amount": "" if pledge.baseline_amount is None else str(pledge.baseline_amount),
        "baseline_note": pledge.baseline_note,
        "currencies": ", ".join(pledge.currencies),
        "due": pledge.due.edtf() if pledge.due else "",
        **inline_management("reaffirmations"),
        **inline_management("citations"),
    }
    for prefix, rows, fields in (
        ("parties", pledge.parties.order_by("pk"), ["country_id", "role"]),
        ("status_changes", pledge.status_changes.order_by("as_of_start", "pk"), ["status", "note"]),
    ):
        rows = list(rows)
        data |= inline_management(prefix, total=len(rows), initial=len(rows))
        for i, row in enumerate(rows):
            data |= {f"{prefix}-{i}-id": str(row.pk), f"{prefix}-{i}-pledge": str(pledge.pk)}
            data |= {f"{prefix}-{i}-{field.removesuffix('_id')}": getattr(row, field) for field in fields}
            if prefix == "status_changes":
                data[f"{prefix}-{i}-as_of"] = row.as_of.edtf()
    stored = list(pledge.observations.order_by("period_end", "period_start", "pk"))
    data |= inline_management("observations", total=len(stored) + len(new_observations), initial=len(stored))
    for i, observation in enumerate(stored):
        data |= observation_row(
            i,
            id=str(observation.pk),
            pledge=str(pledge.pk),
            period=observation.period.edtf(),
            value=str(observation.value),
            currency=observation.currency,
            unit=observation.unit,
            source=str(observation.source_id),
            excerpt=observation.excerpt,
            note=observation.note,
        )
    for i, row in enumerate(new_observations, start=len(stored)):
        data |= observation_row(i, **row)
    data.update(overrides)
    return data


def observation_row(i: int, **fields: str) -> dict[str, str]:
    row = {"period": "", "value": "", "currency": "", "unit": "", "source": "", "excerpt": "", "note": ""}
    return {f"observations-{i}-{name}": value for name, value in (row | fields).items()}


class ObservationAdminTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.admin = User.objects.create_superuser("admin", "admin@example.org", "x")

    def setUp(self):
        self.client.force_login(self.admin)

    def new(self, period: str, value: str, currency: str = "USD", unit: str = "") -> dict[str, str]:
        return {
            "period": period,
            "value": value,
            "currency": currency,
            "unit": unit,
            "source": str(self.world.source.pk),
            "note": "Turkish state media; exports plus imports",
        }

    def post(self, pledge: Pledge, *rows: dict[str, str], **overrides):
        return self.client.post(
            admin_url(Pledge, "change", pledge.pk), pledge_form(pledge, *rows, **overrides)
        )

    def row_errors(self, response, index: int) -> dict:
        formset = next(
            inline.formset
            for inline in response.context["inline_admin_formsets"]
            if inline.formset.prefix == "observations"
        )
        return formset.forms[index].errors


class ObservationInlineTests(ObservationAdminTestCase):
    def test_observations_added_inline_are_saved_and_give_the_pledge_its_verdict(self):
        pledge = self.world.trade_pledge
        self.assertEqual(pledge.verdict(), "no_recent_data")
        response = self.post(pledge, self.new("2024", "1400000000"), self.new(LAST_YEAR, "2300000000"))
        self.assertRedirects(response, admin_url(Pledge, "changelist"))
        self.assertEqual(
            [(str(o.period_text), o.value) for o in pledge.observations.order_by("period_end")],
            [("2024", Decimal("1400000000")), (LAST_YEAR, Decimal("2300000000"))],
        )
        pledge.refresh_from_db()
        # From the 2024 level (before the pledge was made) toward US$5 billion: a quarter of the way.
        self.assertEqual(pledge.progress_verdict, "on_track")
        self.assertEqual(pledge.progress_share, Decimal("0.25"))
        self.assertEqual(pledge.history.first().history_user, self.admin)
        self.assertEqual(pledge.observations.first().history.first().history_user, self.admin)

    def test_a_verdict_changes_when_an_observation_reaches_the_target(self):
        pledge = self.world.trade_pledge
        self.post(pledge, self.new("2024", "1400000000"))
        pledge.refresh_from_db()
        self.assertEqual(pledge.verdict(), "no_recent_data")
        self.post(pledge, self.new(LAST_YEAR, "5100000000"))
        pledge.refresh_from_db()
        self.assertEqual(pledge.verdict(), "met")

    def test_new_rows_start_in_the_targets_currency_or_unit(self):
        response = self.client.get(admin_url(Pledge, "change", self.world.trade_pledge.pk))
        self.assertContains(response, 'name="observations-__prefix__-currency" value="USD"')
        people = Pledge.objects.create(
            event=self.world.session_16, title="Train instructors", target_amount=80, target_unit=Unit.PEOPLE
        )
        form = self.client.get(admin_url(Pledge, "change", people.pk)).context["inline_admin_formsets"][-1]
        self.assertEqual(form.formset.empty_form["unit"].value(), "people")
        self.assertEqual(form.formset.empty_form["currency"].value(), "")

    def test_an_observation_in_another_currency_is_refused_in_its_row_and_nothing_is_saved(self):
        pledge = self.world.trade_pledge
        response = self.post(pledge, self.new("2024", "1400000000"), self.new(LAST_YEAR, "2000000000", "EUR"))
        self.assertEqual(response.status_code, 200)
        message = "The target is in USD; this figure is in EUR."
        self.assertContains(response, message)
        self.assertIn(message, self.row_errors(response, 1)["currency"][0])
        self.assertEqual(self.row_errors(response, 0), {})
        self.assertFalse(pledge.observations.exists())

    def test_an_observation_in_a_unit_on_a_money_target_is_refused(self):
        pledge = self.world.trade_pledge
        response = self.post(pledge, self.new("2024", "1400000000", "USD", Unit.TONNES))
        self.assertEqual(
            self.row_errors(response, 0)["unit"], ["The target is money (USD): leave the unit empty."]
        )
        self.assertFalse(pledge.observations.exists())

    def test_an_observation_in_another_unit_is_refused(self):
        pledge = Pledge.objects.create(
            event=self.world.session_16, title="Train instructors", target_amount=80, target_unit=Unit.PEOPLE
        )
        response = self.post(pledge, self.new("2025", "40", "", Unit.PERCENT))
        self.assertContains(response, "The target is counted in people; this figure is in percent.")
        self.assertFalse(pledge.observations.exists())
        self.assertRedirects(
            self.post(pledge, self.new("2025", "40", "", Unit.PEOPLE)), admin_url(Pledge, "changelist")
        )
        self.assertEqual(pledge.observations.get().value_text, "40 people")

    def test_an_observation_of_a_pledge_without_a_target_amount_is_refused_in_its_row(self):
        pledge = self.world.lng_pledge
        response = self.post(pledge, self.new("2025", "3"))
        self.assertEqual(response.status_code, 200)
        message = "This pledge has no target amount: record its target before observing it."
        self.assertEqual(self.row_errors(response, 0)["__all__"], [message])
        self.assertContains(response, message)
        self.assertFalse(pledge.observations.exists())

    def test_a_target_and_its_first_observation_are_recorded_in_one_submit(self):
        pledge = self.world.lng_pledge
        response = self.post(
            pledge,
            self.new(LAST_YEAR, "3"),
            target_amount="10",
            target_unit=Unit.MEGAWATTS,
            target_currency="",
        )
        self.assertEqual(
            self.row_errors(response, 0)["unit"],
            ["The target is counted in megawatts; this figure is without a unit."],
        )
        response = self.post(
            pledge,
            self.new(LAST_YEAR, "3", "", Unit.MEGAWATTS),
            target_amount="10",
            target_unit=Unit.MEGAWATTS,
        )
        self.assertRedirects(response, admin_url(Pledge, "changelist"))
        pledge.refresh_from_db()
        self.assertEqual((pledge.target_amount, pledge.observed_value), (Decimal(10), Decimal(3)))

    def test_a_new_row_is_checked_against_the_target_currency_submitted_with_it(self):
        pledge = self.world.trade_pledge
        # Changed to euros in the same submit: a dollar figure no longer fits, a euro figure does.
        response = self.post(pledge, self.new(LAST_YEAR, "2000000000", "USD"), target_currency="EUR")
        self.assertIn(
            "The target is in EUR; this figure is in USD.", self.row_errors(response, 0)["currency"][0]
        )
        pledge.refresh_from_db()
        self.assertEqual(pledge.target_currency, "USD")
        response = self.post(pledge, self.new(LAST_YEAR, "2000000000", "eur"), target_currency="EUR")
        self.assertRedirects(response, admin_url(Pledge, "changelist"))
        pledge.refresh_from_db()
        self.assertEqual((pledge.target_currency, pledge.observations.get().currency), ("EUR", "EUR"))

    def test_the_target_currency_cannot_change_under_its_observations(self):
        pledge = self.world.trade_pledge
        Observation.objects.create(
            pledge=pledge, period="2024", value=1400000000, currency="USD", source=self.world.source
        )
        response = self.post(pledge, target_currency="EUR")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Its observations are in USD")
        self.assertIn("target_currency", response.context["adminform"].form.errors)
        pledge.refresh_from_db()
        self.assertEqual(pledge.target_currency, "USD")

    def test_a_target_left_without_currency_or_unit_is_refused_without_checking_its_rows(self):
        pledge = self.world.trade_pledge
        Observation.objects.create(
            pledge=pledge, period="2024", value=1400000000, currency="USD", source=self.world.source
        )
        response = self.post(pledge, self.new(LAST_YEAR, "2000000000"), target_currency="")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Its observations are in USD")
        message = "The target has no currency or unit yet: give it one first."
        self.assertEqual(self.row_errors(response, 1)["__all__"], [message])
        self.assertEqual(pledge.observations.count(), 1)

    def test_the_add_form_has_no_observations_until_the_pledge_is_saved(self):
        response = self.client.get(admin_url(Pledge, "add"))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "observations-TOTAL_FORMS")
        self.assertNotContains(response, "Progress")


class ProgressOnTheFormTests(ObservationAdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        pledge = cls.world.trade_pledge
        pledge.baseline_amount = Decimal("1000000000")
        pledge.due = "2030"
        pledge.save()
        for period, value in (("2024", "1400000000"), (LAST_YEAR, "2520000000")):
            Observation.objects.create(
                pledge=pledge, period=period, value=value, currency="USD", source=cls.world.source
            )
        cls.pledge = Pledge.objects.get(pk=pledge.pk)

    def test_the_form_shows_the_verdict_share_latest_observation_pace_and_rule(self):
        response = self.client.get(admin_url(Pledge, "change", self.pledge.pk))
        self.assertContains(response, "Progress")
        self.assertContains(response, f"{self.pledge.progress_share * 100:.0f}% of the way from US$1 billion")
        self.assertContains(response, f"{LAST_YEAR}: US$2.52 billion")
        self.assertContains(response, "more a year until 2030")
        self.assertContains(response, "Met when the latest observation reaches the target")
        self.assertContains(response, self.pledge.get_absolute_url())
        self.assertContains(response, '<div class="readonly">' + self.pledge.verdict().label)
        self.assertNotContains(response, "status disagrees")

    def test_a_status_the_evidence_contradicts_is_flagged_on_the_form(self):
        PledgeStatusChange.objects.create(pledge=self.pledge, status=PledgeStatus.FULFILLED, as_of=LAST_YEAR)
        response = self.client.get(admin_url(Pledge, "change", self.pledge.pk))
        self.assertContains(
            response,
            f"The status says fulfilled, but the latest observation ({LAST_YEAR}: US$2.52 billion) "
            "is below the target (US$5 billion).",
        )
        self.assertContains(response, "⚠ status disagrees")
        warnings = [m for m in response.context["messages"] if m.level_tag == "warning"]
        self.assertEqual(len(warnings), 1)

    def test_a_cut_the_evidence_has_not_reached_reads_above_its_target(self):
        cut = Pledge.objects.create(
            event=self.world.session_16,
            title="Cut tariffs",
            target_amount=10,
            baseline_amount=40,
            target_unit=Unit.PERCENT,
            target_measure="tariff lines",
        )
        Observation.objects.create(
            pledge=cut, period=LAST_YEAR, value=25, unit=Unit.PERCENT, source=self.world.source
        )
        PledgeStatusChange.objects.create(pledge=cut, status=PledgeStatus.FULFILLED, as_of=LAST_YEAR)
        response = self.client.get(admin_url(Pledge, "change", cut.pk))
        self.assertContains(
            response,
            f"The status says fulfilled, but the latest observation ({LAST_YEAR}: 25% of tariff lines) "
            "is above the target (10% of tariff lines).",
        )

    def test_a_pledge_without_a_target_reads_not_measurable(self):
        response = self.client.get(admin_url(Pledge, "change", self.world.lng_pledge.pk))
        self.assertContains(response, '<div class="readonly">not measurable</div>', html=True)


class EvidenceListTests(ObservationAdminTestCase):
    """A pledge for each verdict, one whose status disagrees, one overdue and one silent."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w, source = cls.world, cls.world.source

        def pledge(title: str, observations: list[tuple[str, int]], **fields) -> Pledge:
            made = Pledge.objects.create(event=w.session_16, title=title, **fields)
            made.countries.add(w.pakistan, w.turkiye)
            for period, value in observations:
                Observation.objects.create(
                    pledge=made,
                    period=period,
                    value=value,
                    unit=made.target_unit,
                    currency=made.target_currency,
                    source=source,
                )
            return made

        # The trade pledge's only figure predates it: no recent data; made in 2025 and unheard of
        # for more than a year, it is silent.
        Observation.objects.create(
            pledge=w.trade_pledge, period="2024", value=1400000000, currency="USD", source=source
        )
        cls.met = pledge(
            "Train instructors",
            [(LAST_YEAR, 90)],
            target_amount=80,
            baseline_amount=20,
            target_unit=Unit.PEOPLE,
            due="2025-12",
        )
        cls.on_track = pledge(
            "Build wind farms",
            [("2024", 100), (LAST_YEAR, 400)],
            target_amount=1000,
            target_unit=Unit.MEGAWATTS,
        )
        cls.behind = pledge(
            "Export rice", [(LAST_YEAR, 100)], target_amount=500, baseline_amount=200, target_unit=Unit.TONNES
        )
        PledgeStatusChange.objects.create(pledge=cls.behind, status=PledgeStatus.FULFILLED, as_of=LAST_YEAR)

    def listed(self, **params) -> set[Pledge]:
        response = self.client.get(admin_url(Pledge, "changelist"), params)
        self.assertEqual(response.status_code, 200)
        return set(response.context["cl"].result_list)

    def test_each_evidence_filter_lists_the_pledges_with_that_verdict(self):
        w = self.world
        for value, expected in (
            ("met", {self.met}),
            ("on_track", {self.on_track}),
            ("behind", {self.behind}),
            ("no_recent_data", {w.trade_pledge}),
            ("none", {w.lng_pledge}),
        ):
            with self.subTest(evidence=value):
                self.assertEqual(self.listed(evidence=value), expected)

    def test_the_disagreement_and_attention_filters_list_their_pledges(self):
        self.assertEqual(self.listed(disagrees="yes"), {self.behind})
        self.assertEqual(self.listed(attention="overdue"), {self.met})
        self.assertEqual(self.listed(attention="silent"), {self.world.trade_pledge})
        self.assertEqual(len(self.listed(attention="nonsense")), Pledge.objects.count())

    def test_the_list_shows_each_verdict_with_its_share_and_flags_a_disagreement_once(self):
        response = self.client.get(admin_url(Pledge, "changelist"))
        content = response.content.decode()
        self.assertInHTML('<span class="evidence evidence-met">met</span>', content)
        self.assertInHTML('<span class="evidence-share">117%</span>', content)  # 20 → 90 of 80
        self.assertInHTML('<span class="evidence evidence-on_track">on track</span>', content)
        self.assertInHTML('<span class="evidence-share">33%</span>', content)  # 100 → 400 of 1,000
        self.assertInHTML('<span class="evidence-none" title="not measurable">—</span>', content)
        self.assertEqual(content.count("⚠ status disagrees"), 1)
        row = content[content.index("Export rice") :]
        self.assertLess(row.index("⚠ status disagrees"), row.index("</tr>"))


class EvidenceListQueriesTests(ObservationAdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        add_full_events(cls.world, 12)
        talks = Pledge.objects.filter(title__startswith="Pledge at talks")
        talks.update(target_amount=Decimal(100), target_currency="EUR")
        for i, pledge in enumerate(talks):
            Observation.objects.create(
                pledge=pledge, period=LAST_YEAR, value=40 * i, currency="EUR", source=cls.world.source
            )
            if i % 2:
                PledgeStatusChange.objects.create(
                    pledge=pledge, status=PledgeStatus.FULFILLED, as_of=LAST_YEAR
                )

    def test_the_pledge_list_with_its_evidence_costs_the_same_filtered_or_not(self):
        self.assertGreaterEqual(Pledge.objects.disagreeing().count(), 5)
        # As without the evidence (test_admin_scale): the superuser needs no permission queries.
        expected = queries(Pledge) - 2
        for params in (
            {},
            {"evidence": "met"},
            {"evidence": "behind"},
            {"disagrees": "yes"},
            {"attention": "silent"},
        ):
            with self.subTest(params=params), self.assertNumQueries(expected):
                response = self.client.get(admin_url(Pledge, "changelist"), params)
            self.assertEqual(response.status_code, 200)
        response = self.client.get(admin_url(Pledge, "changelist"))
        self.assertGreaterEqual(response.content.decode().count("⚠ status disagrees"), 5)


class ObservationListTests(ObservationAdminTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        for year in range(2010, 2024):
            Observation.objects.create(
                pledge=w.trade_pledge, period=str(year), value=year * 1000000, currency="USD", source=w.source
            )
        people = Pledge.objects.create(
            event=w.session_16, title="Train instructors", target_amount=80, target_unit=Unit.PEOPLE
        )
        cls.people = Observation.objects.create(
            pledge=people, period="2025-01/2025-03", value=20, unit=Unit.PEOPLE, source=w.source
        )

    def test_the_list_shows_pledge_period_value_and_source_at_a_fixed_cost(self):
        url = admin_url(Observation, "changelist")
        # Session and user, the count and the page (pledges and sources joined), the currencies.
        with self.assertNumQueries(5 + (self.connection_is_postgres())):
            response = self.client.get(url)
        self.assertContains(response, "Q1 2025")
        self.assertContains(response, "20 people")
        self.assertContains(response, "US$2.023 billion")
        self.assertContains(response, self.world.source.title[:20])

    @staticmethod
    def connection_is_postgres() -> bool:
        from django.db import connection

        return connection.vendor == "postgresql"

    def test_it_is_searched_by_pledge_title_and_filtered_by_currency(self):
        url = admin_url(Observation, "changelist")
        found = self.client.get(url, {"q": "instructors"}).context["cl"].result_list
        self.assertEqual(list(found), [self.people])
        counted = self.client.get(url, {"currency": "none"}).context["cl"].result_list
        self.assertEqual(list(counted), [self.people])
        dollars = self.client.get(url, {"currency": "USD"}).context["cl"]
        self.assertEqual(dollars.result_count, 14)
        choices = [c["display"] for c in next(iter(dollars.filter_specs)).choices(dollars)]
        self.assertEqual(choices, ["All", "not money", "USD"])

    def test_its_change_and_history_pages_open(self):
        for action in ("change", "history"):
            with self.subTest(action=action):
                response = self.client.get(admin_url(Observation, action, self.people.pk))
                self.assertContains(response, "Q1 2025")
        self.assertEqual(self.client.get(admin_url(Observation, "add")).status_code, 200)

    def test_an_observation_of_another_unit_is_refused_on_its_own_form(self):
        response = self.client.post(
            admin_url(Observation, "change", self.people.pk),
            {"pledge": str(self.people.pledge_id), "period": "2025-01/2025-03", "value": "20", "currency": "",
             "unit": Unit.PERCENT, "source": str(self.world.source.pk), "excerpt": "", "note": ""},
        )  # fmt: skip
        self.assertContains(response, "The target is counted in people; this figure is in percent.")
        self.people.refresh_from_db()
        self.assertEqual(self.people.unit, Unit.PEOPLE)
