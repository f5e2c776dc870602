"""The pledge page's progress: the chart of baseline, figures and target, its numbers, the evidence's
verdict beside the editor's status, overdue and silent pledges, and the chain of makings."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from html import unescape

from django.test import TestCase

from relations.models import (
    Observation,
    Pledge,
    PledgeReaffirmation,
    PledgeStatus,
    PledgeStatusChange,
    Source,
)
from relations.models.progress import RECENT_MONTHS, Verdict
from relations.templatetags.progress_pictures import RULE_STEPS
from tests.world import build_world, make_event

TODAY = dt.date.today()
LAST_MONTH = (TODAY.replace(day=1) - dt.timedelta(days=1)).strftime("%Y-%m")


def observe(pledge: Pledge, period: str, value: str, source: Source, note: str = "") -> Observation:
    return Observation.objects.create(
        pledge=pledge, period=period, value=Decimal(value), currency="USD", source=source, note=note
    )


def drawing(html: str, name: str) -> str:
    """One of the chart's two drawings (``wide`` or ``narrow``)."""
    match = re.search(rf'<svg class="progress-svg progress-{name}".*?</svg>', html, re.S)
    assert match, f"no {name} drawing"
    return match[0]


def mark_widths(svg: str) -> dict[str, float]:
    """The width of each observation's bar, by its period (EDTF)."""
    marks = re.findall(
        r'<g class="progress-obs[^"]*" data-period="([^"]+)">.*?<rect [^>]*width="([\d.]+)"', svg
    )
    return {period: float(width) for period, width in marks}


class ProgressChartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        pledge = w.trade_pledge
        pledge.target_measure = "bilateral trade per year"
        pledge.baseline_amount = Decimal("1400000000")
        pledge.baseline_note = "2024, Turkish state media"
        pledge.due = "2030"
        pledge.save()
        cls.source = Source.objects.create(
            title="Trade figures", publisher="TurkStat", url="https://data.example.org/trade"
        )
        observe(pledge, "2025", "1600000000", cls.source, "exports plus imports")
        observe(pledge, "2026-01/2026-03", "450000000", cls.source)
        observe(pledge, "2026-04", "170000000", cls.source, "a month's trade")
        cls.page = cls.client_class().get(pledge.get_absolute_url()).content.decode()

    def test_the_chart_draws_a_mark_per_observation_in_both_drawings_with_a_dated_target(self):
        for name in ("wide", "narrow"):
            svg = drawing(self.page, name)
            self.assertIn('role="img"', svg)
            self.assertIn(f'<title id="progress-{self.world.trade_pledge.pk}-{name}-title">', svg)
            self.assertEqual(sorted(mark_widths(svg)), ["2025", "2026-01/2026-03", "2026-04"])
            self.assertIn('<g class="progress-target progress-dated">', svg)
            self.assertIn("<title>Target: US$5 billion, due 2030</title>", svg)
            self.assertIn(">target, due 2030</text>", svg)
            self.assertIn(">baseline</text>", svg)
            self.assertIn('class="progress-path"', svg)  # the straight path to the due date

    def test_each_mark_says_its_period_and_value(self):
        svg = drawing(self.page, "wide")
        self.assertIn("<title>2025: US$1.6 billion</title>", svg)
        self.assertIn("<title>Q1 2026: US$450 million</title>", svg)
        self.assertIn("<title>April 2026: US$170 million</title>", svg)

    def test_a_month_is_drawn_a_month_wide_and_a_quarter_a_quarter_wide(self):
        widths = mark_widths(drawing(self.page, "wide"))
        year, quarter, month = widths["2025"], widths["2026-01/2026-03"], widths["2026-04"]
        self.assertAlmostEqual(year / month, 365 / 30, delta=0.6)
        self.assertAlmostEqual(year / quarter, 365 / 90, delta=0.2)

    def test_the_gap_from_the_latest_figure_to_the_target_is_labelled(self):
        # The latest figure is the month's (its period ends last).
        for name in ("wide", "narrow"):
            self.assertIn(">US$4.83 billion to go</text>", drawing(self.page, name))
        self.assertIn("progress-obs progress-month progress-latest", self.page)

    def test_the_numbers_table_holds_the_baseline_each_figure_and_the_target(self):
        response = self.client.get(self.world.trade_pledge.get_absolute_url())
        self.assertContains(response, "<summary>Show the numbers</summary>", html=True)
        self.assertContains(response, '<td data-label="Value" class="amount">US$1.4 billion</td>', html=True)
        self.assertContains(response, '<td data-label="Note">2024, Turkish state media</td>', html=True)
        self.assertContains(response, '<th scope="row">Q1 2026</th>', html=True)
        self.assertContains(response, '<td data-label="Value" class="amount">US$450 million</td>', html=True)
        self.assertContains(response, '<th scope="row">April 2026</th>', html=True)
        self.assertContains(response, '<td data-label="Note">a month\'s trade</td>', html=True)
        self.assertContains(
            response,
            '<td data-label="Source"><a href="https://data.example.org/trade" rel="noopener">'
            "Trade figures</a>, TurkStat</td>",
            html=True,
            count=3,
        )
        self.assertContains(
            response,
            '<td data-label="Value">US$5 billion: bilateral trade per year</td>',
            html=True,
        )
        self.assertContains(
            response, '<td data-label="When">due <time datetime="2030">2030</time></td>', html=True
        )

    def test_a_year_comes_after_its_last_quarter_as_the_latest_figure(self):
        pledge = Pledge.objects.create(
            event=self.world.session_16,
            title="Trade",
            target_amount=Decimal(5000000000),
            target_currency="USD",
        )
        observe(pledge, "2025-10/2025-12", "500000000", self.source)
        observe(pledge, "2025", "1800000000", self.source)
        html = self.client.get(pledge.get_absolute_url()).content.decode()
        self.assertEqual(
            re.findall(r'<tr class="progress-row-observation">\s*<th scope="row">([^<]+)<', html),
            ["Q4 2025", "2025"],
        )
        self.assertIn('<g class="progress-obs progress-year progress-latest" data-period="2025">', html)
        self.assertIn("Latest figure: US$1.8 billion for 2025", html)

    def test_a_figure_from_before_the_pledge_is_faded_and_says_so(self):
        pledge = Pledge.objects.create(
            event=self.world.session_16,
            title="Trade",
            target_amount=Decimal(5000000000),
            target_currency="USD",
        )
        observe(pledge, "2024", "1400000000", self.source)  # the pledge was made in September 2025
        svg = drawing(self.client.get(pledge.get_absolute_url()).content.decode(), "wide")
        self.assertIn(
            '<g class="progress-obs progress-year progress-before progress-latest" data-period="2024">', svg
        )
        self.assertIn("<title>2024: US$1.4 billion (before the pledge was made)</title>", svg)

    def test_a_target_without_a_due_date_is_a_line_across_labelled_so(self):
        pledge = Pledge.objects.create(
            event=self.world.session_16,
            title="More trade",
            target_amount=Decimal(5000000000),
            target_currency="USD",
        )
        response = self.client.get(pledge.get_absolute_url())
        svg = drawing(response.content.decode(), "wide")
        self.assertIn('<g class="progress-target progress-undated">', svg)
        self.assertIn(">target, no date set</text>", svg)
        self.assertNotIn('class="progress-path"', svg)
        self.assertIn(">no figures recorded yet</text>", svg)
        self.assertContains(response, '<td data-label="When">no date set</td>', html=True)

    def test_a_pledge_without_a_target_has_no_chart_and_no_verdict(self):
        response = self.client.get(self.world.lng_pledge.get_absolute_url())
        self.assertNotContains(response, "progress-svg")
        self.assertNotContains(response, "Show the numbers")
        self.assertNotContains(response, 'id="progress-title"')
        self.assertContains(response, '<span class="verdict verdict-none">no verdict</span>', html=True)
        self.assertContains(response, "no measurable target to read figures against")
        self.assertNotContains(response, "% of the way")

    def test_the_page_costs_the_same_with_many_observations(self):
        pledge = self.world.trade_pledge
        Observation.objects.bulk_create(
            Observation(
                pledge=pledge, period=f"{2031 + i}", value=Decimal(i), currency="USD", source=self.source
            )
            for i in range(40)
        )
        # The pledge, its parties, sectors, reaffirmations, status changes and their citations,
        # its citations, and its observations with their sources.
        with self.assertNumQueries(8):
            response = self.client.get(pledge.get_absolute_url())
        self.assertEqual(len(mark_widths(drawing(response.content.decode(), "wide"))), 43)


class VerdictBesideStatusTests(TestCase):
    """The evidence's verdict on today, beside the editor's status, with what it rests on."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.source = Source.objects.create(title="Figures", publisher="Statistics office")
        cls.made = make_event(
            "Talks", (TODAY - dt.timedelta(days=400)).isoformat(), {cls.world.pakistan: "host"}
        )

    def pledge(self, *figures: tuple[str, str], due: str = "", **fields) -> Pledge:
        pledge = Pledge.objects.create(
            event=self.made,
            title="Trade to US$5 billion",
            target_amount=Decimal("5000000000"),
            target_currency="USD",
            baseline_amount=Decimal("1000000000"),
            due=due or None,
            **fields,
        )
        for period, value in figures:
            observe(pledge, period, value, self.source)
        pledge.refresh_from_db()  # its progress, derived on each write
        return pledge

    def reading(self, pledge: Pledge):
        response = self.client.get(pledge.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return response

    def test_each_verdict_reads_as_its_label_beside_the_status(self):
        cases = {
            Verdict.MET: self.pledge((LAST_MONTH, "5200000000")),
            Verdict.ON_TRACK: self.pledge((LAST_MONTH, "2000000000")),
            Verdict.BEHIND: self.pledge((LAST_MONTH, "900000000")),
            Verdict.NO_RECENT_DATA: self.pledge(),
        }
        for verdict, pledge in cases.items():
            with self.subTest(verdict):
                self.assertEqual(pledge.verdict(), verdict)
                response = self.reading(pledge)
                self.assertContains(
                    response,
                    f'<span class="verdict verdict-{verdict.value}">{verdict.label}</span>',
                    html=True,
                )
                self.assertContains(response, "<dt>Status</dt>", html=True)
                self.assertContains(response, "the editors’ rating, of record")

    def test_the_share_the_pace_and_the_latest_figure_are_stated(self):
        pledge = self.pledge((LAST_MONTH, "2000000000"), due=str(TODAY.year + 1))
        response = self.reading(pledge)
        self.assertContains(response, "<li>25% of the way from US$1 billion to US$5 billion</li>", html=True)
        pace = re.search(
            r"about US\$([\d.]+) billion a year needed to meet the due date", response.content.decode()
        )
        self.assertIsNotNone(pace)
        years = (
            dt.date(TODAY.year + 1, 12, 31) - (TODAY.replace(day=1) - dt.timedelta(days=1))
        ).days / 365.25
        self.assertAlmostEqual(float(pace[1]), 3 / years, delta=0.02)  # to three figures
        month = dt.date.fromisoformat(f"{LAST_MONTH}-01").strftime("%B %Y")
        self.assertContains(response, f"Latest figure: US$2 billion for {month}")

    def test_no_pace_is_asked_once_the_due_date_has_passed(self):
        made = make_event("Old talks", str(TODAY.year - 3), {self.world.pakistan: "host"})
        pledge = self.pledge((str(TODAY.year - 2), "2000000000"), due=str(TODAY.year - 1))
        pledge.event = made
        pledge.save()
        pledge.refresh_from_db()
        self.assertIsNotNone(pledge.pace_needed)  # as it stood at the latest figure
        response = self.reading(pledge)
        self.assertNotContains(response, "needed to meet the due date")
        self.assertContains(response, "<strong>Overdue:</strong>")

    def test_the_rule_is_given_in_its_steps(self):
        response = self.reading(self.pledge())
        self.assertContains(
            response, "The status is the rating of record; the verdict is evidence, read by one rule"
        )
        for step in RULE_STEPS:
            self.assertContains(response, f"<li>{step}</li>", html=True)
        self.assertContains(response, f"more than {RECENT_MONTHS} months ago")

    def test_a_status_the_evidence_contradicts_is_noted(self):
        pledge = self.pledge((LAST_MONTH, "2000000000"))
        agreeing = self.reading(pledge)
        self.assertNotContains(agreeing, "Status and evidence disagree")
        PledgeStatusChange.objects.create(
            pledge=pledge, status=PledgeStatus.FULFILLED, as_of=TODAY.isoformat()
        )
        month = dt.date.fromisoformat(f"{LAST_MONTH}-01").strftime("%B %Y")
        response = self.reading(pledge)
        self.assertContains(response, "Status and evidence disagree.")
        self.assertContains(
            response,
            f"The status says fulfilled, but the latest figure (US$2 billion for {month}) "
            "falls short of the target.",
        )

    def test_an_overdue_pledge_says_so(self):
        pledge = self.pledge(due=str(TODAY.year - 1))
        self.assertTrue(pledge.is_overdue())
        self.assertContains(self.reading(pledge), "<strong>Overdue:</strong> due", html=False)
        self.assertNotContains(self.reading(self.pledge(due=str(TODAY.year + 1))), "Overdue:")

    def test_a_silent_pledge_says_when_it_was_last_heard_of(self):
        silent = self.pledge()
        heard = self.pledge((LAST_MONTH, "2000000000"))
        response = self.reading(silent)
        self.assertContains(response, "<strong>Silent:</strong> nothing heard for more than a year")
        self.assertContains(response, f'since <time datetime="{self.made.date.edtf()}">')
        self.assertNotContains(self.reading(heard), "Silent:")

    def test_is_silent_agrees_with_the_silent_list(self):
        recent = make_event("Recent talks", TODAY.isoformat(), {self.world.pakistan: "host"})
        pledges = [
            self.pledge(),
            self.pledge((LAST_MONTH, "2000000000")),
            Pledge.objects.create(event=recent, title="New"),
            self.world.trade_pledge,
            self.world.lng_pledge,
        ]
        PledgeStatusChange.objects.create(pledge=pledges[0], status="in_progress", as_of="2001")
        done = self.pledge()
        PledgeStatusChange.objects.create(pledge=done, status=PledgeStatus.CANCELLED, as_of="2001")
        pledges.append(done)
        for on in (TODAY, TODAY + dt.timedelta(days=800)):
            silent = set(Pledge.objects.silent(on).values_list("pk", flat=True))
            for pledge in Pledge.objects.filter(pk__in=[p.pk for p in pledges]):
                with self.subTest(pledge=pledge.title, on=on):
                    self.assertEqual(pledge.is_silent(on), pledge.pk in silent)
        self.assertTrue(pledges[0].is_silent())
        self.assertFalse(pledges[1].is_silent())


class ChainOfMakingsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_page_shows_the_first_making_then_each_reaffirmation_in_date_order(self):
        w = self.world
        later = make_event("Leaders' summit", "2026-03", {w.pakistan: "host", w.turkiye: "visitor"})
        PledgeReaffirmation.objects.create(pledge=w.trade_pledge, event=later, note="again, by the leaders")
        PledgeReaffirmation.objects.create(pledge=w.trade_pledge, event=w.visit_july)
        response = self.client.get(w.trade_pledge.get_absolute_url())
        html = response.content.decode()
        chain = re.search(r'<ol class="pledge-chain">(.*?)</ol>', html, re.S)[1]
        items = [
            unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", item))).strip()
            for item in chain.split("</li>")[:-1]
        ]
        self.assertEqual(
            items,
            [
                f"First made at {w.session_16.title}, 8–9 September 2025",
                f"Pledged again at {w.visit_july.title}, July 2025",
                "Pledged again at Leaders' summit, March 2026 — again, by the leaders",
            ],
        )
        self.assertIn(f'First made at <a href="{w.session_16.get_absolute_url()}">', chain)
        self.assertIn(f'Pledged again at <a href="{w.visit_july.get_absolute_url()}">', chain)
        self.assertIn(f'Pledged again at <a href="{later.get_absolute_url()}">', chain)

    def test_a_pledge_never_made_again_says_so(self):
        response = self.client.get(self.world.lng_pledge.get_absolute_url())
        self.assertContains(response, "First made at")
        self.assertNotContains(response, "Pledged again at")
        self.assertContains(response, "Not recorded as pledged again since.")
