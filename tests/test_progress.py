"""The rule of relations/models/progress.py, step by step, through the models: an event, a pledge
with a target, observations cited to a source; the verdict read back from the stored columns in
Python (`Pledge.verdict`) and in SQL (`Pledge.objects.with_verdict`), on explicit days, so that no
test depends on today."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase

from relations.models import (
    Country,
    EventCountry,
    Observation,
    Pledge,
    PledgeStatus,
    PledgeStatusChange,
    Source,
    derived,
)
from relations.models.observations import period_text
from relations.models.progress import Verdict
from relations.models.targets import Unit
from tests.world import make_event

D = Decimal
ON = dt.date(2025, 6, 1)  # the day the verdicts are asked about, unless a test says otherwise


class ProgressTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.pakistan, cls.turkiye = Country.objects.get(code="PK"), Country.objects.get(code="TR")
        cls.source = Source.objects.create(
            title="Trade with Pakistan in 2024", publisher="Anadolu Agency", url="https://www.aa.com.tr/trade"
        )

    def pledge(self, made: str = "2024-01-01", target="5000", **fields) -> Pledge:
        event = make_event(
            f"Talks on {made}",
            made,
            {self.pakistan: EventCountry.Role.HOST, self.turkiye: EventCountry.Role.VISITOR},
        )
        if target is not None:
            fields.setdefault("target_currency", "" if fields.get("target_unit") else "USD")
            fields["target_amount"] = D(target)
        for name in ("baseline_amount",):
            if fields.get(name) is not None:
                fields[name] = D(fields[name])
        return Pledge.objects.create(event=event, title="Expand bilateral trade", **fields)

    def observe(self, pledge: Pledge, period: str, value: str, **fields) -> Observation:
        fields.setdefault("currency", pledge.target_currency)
        fields.setdefault("unit", pledge.target_unit)
        return Observation.objects.create(
            pledge=pledge, period=period, value=D(value), source=self.source, **fields
        )

    def status(self, pledge: Pledge, status: str, as_of: str) -> None:
        change = PledgeStatusChange(pledge=pledge, status=status)
        change.as_of = as_of
        change.save()

    def assertVerdict(self, pledge: Pledge, expected: Verdict | None, on: dt.date = ON) -> None:
        """The stored verdict read on ``on`` in Python and in the list query, which must agree."""
        pledge.refresh_from_db()
        self.assertEqual(pledge.verdict(on=on), expected)
        listed = Pledge.objects.with_verdict(on).get(pk=pledge.pk).verdict_now
        self.assertEqual(listed, expected.value if expected else "")

    def assertProgress(self, pledge: Pledge, **expected) -> None:
        pledge.refresh_from_db()
        self.assertEqual({name: getattr(pledge, name) for name in expected}, expected)


class RuleTests(ProgressTestCase):
    # 1. Only a pledge with a target amount is assessed.

    def test_a_pledge_without_a_target_amount_has_no_verdict(self):
        pledge = self.pledge(target=None, target_measure="bilateral trade")
        self.assertVerdict(pledge, None)
        self.assertProgress(pledge, progress_verdict="", progress_start=None, observed_until=None)

    def test_a_pledge_with_a_target_and_no_observation_has_no_recent_data(self):
        pledge = self.pledge()
        self.assertVerdict(pledge, Verdict.NO_RECENT_DATA)
        self.assertProgress(pledge, progress_verdict="", observed_value=None, progress_share=None)

    # 2. The record before the making.

    def test_observations_before_the_making_never_count_and_the_latest_is_the_start(self):
        pledge = self.pledge(made="2024-06-15", target="2000")
        self.observe(pledge, "2022", "800")
        self.observe(pledge, "2023", "2500")  # beyond the target, before the pledge: not met
        self.assertVerdict(pledge, Verdict.NO_RECENT_DATA)
        self.assertProgress(pledge, progress_verdict="", progress_start=D("2500"), observed_value=D("2500"))
        pledge.target_amount = D("5000")
        pledge.save()
        self.observe(pledge, "2024", "3000")
        self.assertVerdict(pledge, Verdict.ON_TRACK)
        self.assertProgress(
            pledge, progress_start=D("2500"), observed_value=D("3000"), progress_share=D("0.2")
        )

    def test_a_typed_baseline_comes_before_the_record_before_the_making(self):
        pledge = self.pledge(made="2024-06-15", target="2000", baseline_amount="1000")
        self.observe(pledge, "2023", "1500")
        self.observe(pledge, "2024", "1200")
        self.assertProgress(pledge, progress_start=D("1000"), progress_share=D("0.2"))
        self.assertVerdict(pledge, Verdict.ON_TRACK)

    def test_without_baseline_or_earlier_record_the_first_observation_since_is_the_start(self):
        pledge = self.pledge(made="2023-06-15", target="2000")
        self.observe(pledge, "2023", "1000")
        self.assertProgress(pledge, progress_start=D("1000"), progress_share=D("0"))
        self.assertVerdict(pledge, Verdict.BEHIND)  # not beyond its own start
        self.observe(pledge, "2024", "1400")
        self.assertProgress(pledge, progress_start=D("1000"), progress_share=D("0.4"))
        self.assertVerdict(pledge, Verdict.ON_TRACK)

    # 3. The latest observation.

    def test_the_latest_is_the_period_that_ends_last_and_a_year_comes_after_its_last_quarter(self):
        pledge = self.pledge(made="2023-06-15", baseline_amount="2000")
        self.observe(pledge, "2024", "3000")
        self.observe(pledge, "2024-10/2024-12", "1000")  # recorded after, but the year is the later reading
        self.observe(pledge, "2024-07", "4000")  # a month that ended earlier
        self.assertProgress(pledge, observed_value=D("3000"), observed_until=dt.date(2024, 12, 31))
        self.assertVerdict(pledge, Verdict.ON_TRACK)

    # 4. Met.

    def test_a_rising_target_is_met_at_or_above_it(self):
        pledge = self.pledge(baseline_amount="1000", target="2000", due="2030")
        observation = self.observe(pledge, "2024", "2000")
        self.assertVerdict(pledge, Verdict.MET)
        self.assertProgress(pledge, progress_share=D("1"), pace_needed=None)
        observation.value = D("1999.99")
        observation.save()
        self.assertVerdict(pledge, Verdict.ON_TRACK)

    def test_a_falling_target_is_met_at_or_below_it(self):
        pledge = self.pledge(
            target="10", target_unit=Unit.PERCENT, target_measure="tariff lines", baseline_amount="20"
        )
        observation = self.observe(pledge, "2024", "10")
        self.assertVerdict(pledge, Verdict.MET)
        observation.value = D("12")
        observation.save()
        self.assertVerdict(pledge, Verdict.ON_TRACK)
        self.assertProgress(pledge, progress_share=D("0.8"))
        observation.value = D("25")
        observation.save()
        self.assertVerdict(pledge, Verdict.BEHIND)

    def test_met_stays_met_however_old_the_observation(self):
        pledge = self.pledge(baseline_amount="1000", target="2000")
        self.observe(pledge, "2024", "2100")
        self.assertVerdict(pledge, Verdict.MET, on=dt.date(2040, 1, 1))

    # 5. No recent data.

    def test_no_observation_since_the_making_is_no_recent_data(self):
        pledge = self.pledge(made="2025-03-01", baseline_amount="1000")
        self.observe(pledge, "2024", "1500")
        self.assertVerdict(pledge, Verdict.NO_RECENT_DATA)

    def test_an_observation_older_than_eighteen_months_is_no_recent_data_from_the_next_day(self):
        pledge = self.pledge(made="2022-01-01", baseline_amount="1000")
        self.observe(pledge, "2022", "1500")  # ends on 31 December 2022
        self.assertVerdict(pledge, Verdict.ON_TRACK, on=dt.date(2024, 6, 30))  # 18 months on: still
        self.assertVerdict(pledge, Verdict.NO_RECENT_DATA, on=dt.date(2024, 7, 1))

    def test_the_boundary_day_of_a_months_figure(self):
        pledge = self.pledge(made="2022-01-01", baseline_amount="1000")
        self.observe(pledge, "2022-06", "1500")  # ends on 30 June 2022
        self.assertVerdict(pledge, Verdict.ON_TRACK, on=dt.date(2023, 12, 30))
        self.assertVerdict(pledge, Verdict.ON_TRACK, on=dt.date(2023, 12, 31))
        self.assertVerdict(pledge, Verdict.NO_RECENT_DATA, on=dt.date(2024, 1, 1))

    # 6. With a due date: a straight line from the making to the due date's last day.

    def straight_line(self, value: str) -> Pledge:
        """Made on 1 January 2024, 1000 to 5000 by the end of 2027: the line stands at 2000 at the
        end of 2024 (365 of 1,460 days)."""
        pledge = self.pledge(made="2024-01-01", baseline_amount="1000", target="5000", due="2027")
        self.observe(pledge, "2024", value)
        return pledge

    def test_with_a_due_date_exactly_on_the_line_is_on_track(self):
        self.assertVerdict(self.straight_line("2000"), Verdict.ON_TRACK)

    def test_with_a_due_date_above_the_line_is_on_track(self):
        self.assertVerdict(self.straight_line("2600"), Verdict.ON_TRACK)

    def test_with_a_due_date_short_of_the_line_is_behind(self):
        self.assertVerdict(self.straight_line("1999.99"), Verdict.BEHIND)

    def test_a_falling_target_on_its_line(self):
        pledge = self.pledge(
            made="2024-01-01", target="10", target_unit=Unit.PERCENT, baseline_amount="50", due="2027"
        )
        observation = self.observe(pledge, "2024", "40")  # the line: 50 − 40 × 365 / 1460 = 40
        self.assertVerdict(pledge, Verdict.ON_TRACK)
        observation.value = D("40.01")
        observation.save()
        self.assertVerdict(pledge, Verdict.BEHIND)

    def test_a_figure_for_a_period_that_ended_after_the_due_date_is_behind(self):
        pledge = self.pledge(made="2023-01-01", baseline_amount="1000", target="5000", due="2024")
        self.observe(pledge, "2025", "4900")
        self.assertVerdict(pledge, Verdict.BEHIND, on=dt.date(2026, 1, 1))
        self.assertProgress(pledge, pace_needed=None, progress_share=D("0.975"))

    def test_a_figure_for_the_due_dates_own_year_short_of_the_target_is_behind(self):
        pledge = self.pledge(made="2023-01-01", baseline_amount="1000", target="5000", due="2024")
        self.observe(pledge, "2024", "4900")
        self.assertVerdict(pledge, Verdict.BEHIND)

    # 7. Without a due date.

    def test_without_a_due_date_beyond_the_start_is_on_track(self):
        pledge = self.pledge(baseline_amount="1000")
        self.observe(pledge, "2024", "1000.01")
        self.assertVerdict(pledge, Verdict.ON_TRACK)

    def test_without_a_due_date_at_or_below_the_start_is_behind(self):
        pledge = self.pledge(baseline_amount="1000")
        observation = self.observe(pledge, "2024", "1000")
        self.assertVerdict(pledge, Verdict.BEHIND)
        observation.value = D("900")
        observation.save()
        self.assertVerdict(pledge, Verdict.BEHIND)
        self.assertProgress(pledge, progress_share=D("-0.025"))

    # Share covered and pace needed.

    def test_the_share_covered_and_the_pace_needed(self):
        pledge = self.straight_line("2000")
        # (2000 − 1000) ÷ (5000 − 1000); 3000 to gain in the 1,095 days from the end of 2024 to
        # the end of 2027: 3000 × 365.25 ÷ 1095 a year.
        self.assertProgress(
            pledge,
            progress_start=D("1000"),
            observed_value=D("2000"),
            observed_until=dt.date(2024, 12, 31),
            progress_share=D("0.2500"),
            pace_needed=D("1000.68"),
        )

    def test_no_pace_without_a_due_date_and_no_share_when_the_start_is_the_target(self):
        pledge = self.pledge(baseline_amount="5000")
        self.observe(pledge, "2024", "5000")
        self.assertProgress(pledge, progress_share=None, pace_needed=None)
        self.assertVerdict(pledge, Verdict.MET)


class DisagreementTests(ProgressTestCase):
    def test_fulfilled_while_the_latest_observation_is_below_target(self):
        pledge = self.pledge(baseline_amount="1000")
        self.observe(pledge, "2024", "3000")
        self.status(pledge, PledgeStatus.FULFILLED, "2025-01")
        pledge.refresh_from_db()
        self.assertTrue(pledge.disagrees_with_evidence)
        self.assertEqual(list(Pledge.objects.disagreeing()), [pledge])

    def test_not_fulfilled_while_the_target_is_met(self):
        pledge = self.pledge(baseline_amount="1000")
        self.observe(pledge, "2024", "5000")
        self.status(pledge, PledgeStatus.NOT_FULFILLED, "2025-01")
        pledge.refresh_from_db()
        self.assertTrue(pledge.disagrees_with_evidence)
        self.assertEqual(list(Pledge.objects.disagreeing()), [pledge])

    def test_statuses_that_agree_with_the_evidence(self):
        met = self.pledge(baseline_amount="1000")
        self.observe(met, "2024", "5000")
        self.status(met, PledgeStatus.FULFILLED, "2025-01")
        short = self.pledge(baseline_amount="1000")
        self.observe(short, "2024", "3000")
        self.status(short, PledgeStatus.NOT_FULFILLED, "2025-01")
        for pledge in (met, short):
            pledge.refresh_from_db()
            self.assertFalse(pledge.disagrees_with_evidence)
        self.assertEqual(list(Pledge.objects.disagreeing()), [])

    def test_nothing_to_disagree_with_without_an_observation(self):
        pledge = self.pledge(baseline_amount="1000")
        self.status(pledge, PledgeStatus.FULFILLED, "2025-01")
        pledge.refresh_from_db()
        self.assertFalse(pledge.disagrees_with_evidence)
        self.assertEqual(list(Pledge.objects.disagreeing()), [])


class AttentionTests(ProgressTestCase):
    def overdue(self, on: dt.date) -> list[Pledge]:
        found = list(Pledge.objects.overdue(on))
        self.assertEqual(list(Pledge.objects.needing_attention("overdue", on)), found)
        return found

    def silent(self, on: dt.date) -> list[Pledge]:
        found = list(Pledge.objects.silent(on))
        self.assertEqual(list(Pledge.objects.needing_attention("silent", on)), found)
        return found

    def test_overdue_from_the_day_after_the_due_dates_last_day(self):
        pledge = self.pledge(made="2023-01-01", due="2024")
        self.status(pledge, PledgeStatus.IN_PROGRESS, "2024-06")
        pledge.refresh_from_db()
        self.assertEqual(self.overdue(dt.date(2024, 12, 31)), [])
        self.assertFalse(pledge.is_overdue(dt.date(2024, 12, 31)))
        self.assertEqual(self.overdue(dt.date(2025, 1, 1)), [pledge])
        self.assertTrue(pledge.is_overdue(dt.date(2025, 1, 1)))

    def test_an_outcome_or_no_due_date_is_never_overdue(self):
        settled = self.pledge(made="2023-01-01", due="2024")
        self.status(settled, PledgeStatus.PARTLY_FULFILLED, "2025-02")
        self.pledge(made="2023-01-01")  # no due date
        self.assertEqual(self.overdue(dt.date(2026, 1, 1)), [])
        settled.refresh_from_db()
        self.assertFalse(settled.is_overdue(dt.date(2026, 1, 1)))

    def test_silent_after_a_year_without_a_status_change_or_observation(self):
        pledge = self.pledge(made="2022-05-01")
        self.status(pledge, PledgeStatus.ANNOUNCED, "2023-03-02")
        # 2 March 2023 is 365 days before 1 March 2024: heard of within the year, then not.
        self.assertEqual(self.silent(dt.date(2024, 3, 1)), [])
        self.assertEqual(self.silent(dt.date(2024, 3, 2)), [pledge])

    def test_a_pledge_made_within_the_year_is_not_silent(self):
        self.pledge(made="2023-06-01")
        self.assertEqual(self.silent(dt.date(2024, 5, 31)), [])
        self.assertEqual(len(self.silent(dt.date(2024, 6, 2))), 1)

    def test_a_recent_status_change_clears_silent(self):
        pledge = self.pledge(made="2022-05-01")
        self.status(pledge, PledgeStatus.ANNOUNCED, "2022-05")
        self.assertEqual(self.silent(dt.date(2024, 3, 2)), [pledge])
        self.status(pledge, PledgeStatus.IN_PROGRESS, "2023-12")
        self.assertEqual(self.silent(dt.date(2024, 3, 2)), [])

    def test_a_recent_observation_clears_silent(self):
        pledge = self.pledge(made="2022-05-01")
        self.status(pledge, PledgeStatus.ANNOUNCED, "2022-05")
        self.assertEqual(self.silent(dt.date(2024, 3, 2)), [pledge])
        self.observe(pledge, "2023-04", "1500")  # ends on 30 April 2023, within the year
        self.assertEqual(self.silent(dt.date(2024, 3, 2)), [])
        self.assertEqual(self.silent(dt.date(2024, 5, 1)), [pledge])

    def test_an_outcome_is_never_silent(self):
        pledge = self.pledge(made="2022-05-01")
        self.status(pledge, PledgeStatus.FULFILLED, "2022-06")
        self.assertEqual(self.silent(dt.date(2025, 1, 1)), [])


class RefusalTests(ProgressTestCase):
    def test_a_figure_in_another_currency_is_refused_naming_both(self):
        pledge = self.pledge()
        observation = Observation(
            pledge=pledge, period="2024", value=D("1"), currency="eur", source=self.source
        )
        with self.assertRaises(ValidationError) as raised:
            observation.full_clean()
        self.assertEqual(
            raised.exception.message_dict["currency"],
            [
                "The target is in USD; this figure is in EUR. Record it in the target's currency as a "
                "source reports it: figures are never converted."
            ],
        )

    def test_a_figure_without_a_currency_is_refused(self):
        pledge = self.pledge()
        observation = Observation(pledge=pledge, period="2024", value=D("1"), source=self.source)
        with self.assertRaisesMessage(
            ValidationError, "The target is in USD; this figure is without a currency"
        ):
            observation.full_clean()

    def test_a_figure_in_another_unit_is_refused(self):
        pledge = self.pledge(target="80", target_unit=Unit.PEOPLE, target_measure="instructors")
        observation = Observation(
            pledge=pledge, period="2024", value=D("20"), unit=Unit.PERCENT, source=self.source
        )
        with self.assertRaises(ValidationError) as raised:
            observation.full_clean()
        self.assertEqual(
            raised.exception.message_dict["unit"],
            ["The target is counted in people; this figure is in percent."],
        )
        observation.unit = Unit.PEOPLE
        observation.full_clean()  # in the target's unit: accepted

    def test_a_pledge_without_a_target_amount_takes_no_observation(self):
        pledge = self.pledge(target=None, target_currency="USD")
        observation = Observation(
            pledge=pledge, period="2024", value=D("1"), currency="USD", source=self.source
        )
        with self.assertRaisesMessage(ValidationError, "This pledge has no target amount"):
            observation.full_clean()

    def test_the_targets_currency_cannot_change_under_its_observations(self):
        pledge = self.pledge()
        self.observe(pledge, "2024", "1400")
        pledge.target_currency = "eur"
        with self.assertRaises(ValidationError) as raised:
            pledge.clean()
        self.assertIn("Its observations are in USD", raised.exception.message_dict["target_currency"][0])
        pledge.target_currency = "USD"
        pledge.target_amount = None
        with self.assertRaisesMessage(ValidationError, "Its observations measure this target"):
            pledge.clean()
        pledge.target_amount = D("6000")
        pledge.clean()  # another amount in the same currency: accepted


class RecomputedTests(ProgressTestCase):
    """Every write that moves a pledge's progress stores it again (derived.py)."""

    def setUp(self):
        self.pledge_ = self.pledge(made="2024-01-01", baseline_amount="1000", target="5000")
        self.figure = self.observe(self.pledge_, "2024", "2000")
        self.assertVerdict(self.pledge_, Verdict.ON_TRACK)

    def tearDown(self):
        self.assertEqual(derived.differences(), [])

    def test_the_target(self):
        self.pledge_.target_amount = D("2000")
        self.pledge_.save()
        self.assertVerdict(self.pledge_, Verdict.MET)

    def test_the_baseline(self):
        self.pledge_.baseline_amount = D("2500")
        self.pledge_.save()
        self.assertVerdict(self.pledge_, Verdict.BEHIND)
        self.assertProgress(self.pledge_, progress_start=D("2500"))

    def test_the_due_date(self):
        self.pledge_.due = "2025"  # the line stands at about 3000 at the end of 2024
        self.pledge_.save()
        self.assertVerdict(self.pledge_, Verdict.BEHIND)
        self.assertProgress(self.pledge_, pace_needed=D("3002.05"))  # 3000 in 365 of 365.25 days
        self.pledge_.due = None
        self.pledge_.save()
        self.assertVerdict(self.pledge_, Verdict.ON_TRACK)
        self.assertProgress(self.pledge_, pace_needed=None)

    def test_an_observation_added_edited_and_deleted(self):
        later = self.observe(self.pledge_, "2025-01/2025-03", "5200")
        self.assertVerdict(self.pledge_, Verdict.MET)
        later.value = D("900")
        later.save()
        self.assertVerdict(self.pledge_, Verdict.BEHIND)
        later.delete()
        self.assertVerdict(self.pledge_, Verdict.ON_TRACK)
        self.assertProgress(self.pledge_, observed_until=dt.date(2024, 12, 31))

    def test_an_observation_moved_to_another_pledge(self):
        other = self.pledge(made="2024-01-01", baseline_amount="1000", target="5000")
        self.figure.pledge = other
        self.figure.save()
        self.assertVerdict(self.pledge_, Verdict.NO_RECENT_DATA)
        self.assertVerdict(other, Verdict.ON_TRACK)

    def test_observations_updated_and_deleted_as_a_queryset(self):
        Observation.objects.filter(pledge=self.pledge_).update(value=D("5000"))
        self.assertVerdict(self.pledge_, Verdict.MET)
        Observation.objects.filter(pledge=self.pledge_).update(
            period_start=dt.date(2023, 1, 1), period_end=dt.date(2023, 12, 31), period_precision=9
        )
        self.assertVerdict(self.pledge_, Verdict.NO_RECENT_DATA)  # before the making now
        Observation.objects.filter(pledge=self.pledge_).delete()
        self.assertProgress(self.pledge_, observed_value=None, observed_until=None, progress_verdict="")

    def test_the_events_date(self):
        event = self.pledge_.event
        event.date = "2025-03-01"  # made after the 2024 figure now: the record before it
        event.save()
        self.assertVerdict(self.pledge_, Verdict.NO_RECENT_DATA)
        self.assertProgress(self.pledge_, progress_start=D("1000"), progress_verdict="")
        event.date = "2023-06"
        event.save()
        self.assertVerdict(self.pledge_, Verdict.ON_TRACK)


class PeriodTextTests(TestCase):
    def test_a_year_a_quarter_and_a_month(self):
        for typed, shown in (
            ("2024", "2024"),
            ("2024-01/2024-03", "Q1 2024"),
            ("2024-10/2024-12", "Q4 2024"),
            ("2024-07", "July 2024"),
        ):
            with self.subTest(typed):
                self.assertEqual(Observation(period=typed).period_text, shown)

    def test_other_ranges_read_as_dates(self):
        self.assertNotIn("Q", period_text(Observation(period="2024-02/2024-04").period))
        self.assertEqual(period_text(None), "")
