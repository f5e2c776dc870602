"""The pair page's pledge scorecard: each measurable pledge of the pair, the newest first, with
its target, its latest observation, its verdict and a small bar of the share covered."""

import datetime as dt
from decimal import Decimal
from unittest import mock

from django.test import TestCase
from django.urls import reverse

from relations.models import Observation, Pledge, PledgeParty
from relations.summaries import MEASURED_SHOWN, measured_pledges
from tests.world import build_world, make_event

TIES = reverse("relations:ties", args=["pk-tr"])
TODAY = dt.date.today()


class PairScorecardTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        trade = w.trade_pledge
        trade.target_measure = "annual bilateral trade"
        trade.baseline_amount = Decimal("1000000000")
        trade.due = "2030"
        trade.save()
        # A year's figure and, ending the same day, its last quarter's: the year's is the latest.
        for period, value in (("2025", "1400000000"), ("2025-10/2025-12", "400000000")):
            Observation.objects.create(
                pledge=trade, period=period, value=Decimal(value), currency="USD", source=w.source
            )
        india = make_event("Talks with India", "2025-06", {w.india: "host", w.pakistan: "visitor"})
        cls.other_pair = Pledge.objects.create(
            event=india, title="Trade with India", target_amount=Decimal(10), target_currency="USD"
        )
        cls.other_pair.countries.add(w.india, w.pakistan)

    def glance(self, response) -> str:
        html = response.content.decode()
        return html[html.index('<section class="glance"') : html.index("</section>")]

    def test_it_lists_each_measurable_pledge_with_target_latest_observation_bar_and_verdict(self):
        w = self.world
        response = self.client.get(TIES)
        glance = self.glance(response)
        self.assertIn("<dt>Progress</dt>", glance)
        self.assertIn(f'<a href="{w.trade_pledge.get_absolute_url()}">{w.trade_pledge.title}</a>', glance)
        self.assertIn("target US$5 billion: annual bilateral trade, due", glance)
        # The year's figure is the latest: (1.4 − 1) ÷ (5 − 1) of the way.
        self.assertIn("latest US$1.4 billion in 2025", glance)
        self.assertIn('class="progress-fill verdict-', glance)
        self.assertIn("10%", glance)
        self.assertIn("w-10", glance)
        lines = response.context["summary"].measured.lines
        self.assertEqual([line.pledge.title for line in lines], [w.trade_pledge.title])

    def test_pledges_without_a_target_amount_or_of_another_pair_are_left_out(self):
        glance = self.glance(self.client.get(TIES))
        self.assertNotIn(self.world.lng_pledge.title, glance)
        self.assertNotIn(self.other_pair.title, glance)
        india = self.glance(self.client.get(reverse("relations:ties", args=["in-pk"])))
        self.assertIn(self.other_pair.title, india)
        self.assertIn("no observation yet", india)
        self.assertIn("no recent data", india)

    def test_a_pair_without_measurable_pledges_shows_no_progress(self):
        make_event("Talks with Türkiye", "2025-06", {self.world.india: "host", self.world.turkiye: "visitor"})
        response = self.client.get(reverse("relations:ties", args=["in-tr"]))
        self.assertNotContains(response, "<dt>Progress</dt>")
        self.assertEqual(response.context["summary"].measured.total, 0)

    def add_measured(self, n: int) -> list[Pledge]:
        w = self.world
        pledges = []
        for i in range(n):
            event = make_event(
                f"Trade talks {i}", f"{2026 + i}-01", {w.pakistan: "host", w.turkiye: "visitor"}
            )
            pledge = Pledge.objects.create(
                event=event,
                title=f"Raise trade {i}",
                target_amount=Decimal(100),
                target_currency="EUR",
                baseline_amount=Decimal(0),
            )
            PledgeParty.objects.bulk_create(
                [
                    PledgeParty(pledge=pledge, country=w.pakistan),
                    PledgeParty(pledge=pledge, country=w.turkiye),
                ]
            )
            Observation.objects.create(
                pledge=pledge, period=f"{2026 + i}", value=Decimal(10 * i), currency="EUR", source=w.source
            )
            pledges.append(pledge)
        return pledges

    def test_it_shows_the_newest_few_and_links_to_all_of_them(self):
        self.add_measured(7)
        response = self.client.get(TIES)
        measured = response.context["summary"].measured
        self.assertEqual(
            [line.pledge.title for line in measured.lines], [f"Raise trade {i}" for i in range(6, 1, -1)]
        )
        self.assertEqual(len(measured.lines), MEASURED_SHOWN)
        self.assertContains(
            response, '<a href="/pledges/?pair=pk-tr">All 8 measurable pledges</a>', html=True
        )
        self.assertContains(response, "latest €60 in 2032")
        self.assertContains(response, '60%<span class="visually-hidden"> of the way to the target</span>')

    def test_the_count_stops_at_its_cap_and_says_so(self):
        self.add_measured(7)
        with mock.patch("relations.summaries.MEASURED_COUNT_CAP", 6):
            measured = measured_pledges(self.world.pakistan, self.world.turkiye)
        self.assertEqual((measured.total, measured.total_text), (7, "6+"))  # 8 in all, counted up to 7
        self.assertEqual(len(measured.lines), MEASURED_SHOWN)
        self.assertTrue(measured.more)

    def test_the_scorecard_reads_its_pledges_in_two_queries(self):
        w = self.world
        with self.assertNumQueries(2):  # the countries' sizes, then the rows and their count
            measured_pledges(w.pakistan, w.turkiye)
        self.add_measured(10)
        with self.assertNumQueries(2):
            measured = measured_pledges(w.pakistan, w.turkiye)
        with self.assertNumQueries(0):
            [(line.latest, line.pledge.verdict(), line.pledge.progress_share) for line in measured.lines]

    def test_the_pair_page_costs_the_same_with_many_measurable_pledges(self):
        # The page's twelve (tests/test_pages.py): the scorecard's two among them.
        with self.assertNumQueries(12):
            self.client.get(TIES)
        self.add_measured(12)
        with self.assertNumQueries(12):
            response = self.client.get(TIES)
        self.assertContains(response, "All 13 measurable pledges")
        self.assertNotContains(response, "style=")
