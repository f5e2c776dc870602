"""A country's partners, ranked by shared events, each with a bar as long as its share."""

from __future__ import annotations

import re

from django.test import TestCase
from django.urls import reverse

from relations.models import Country
from tests.world import build_world, bulk_events

BAR = re.compile(
    r'aria-label="Ties with (?P<name>[^"]+)".*?(?P<count>[\d,]+) shared events?</span>.*?'
    r'class="partner-bar-fill" width="(?P<width>\d+)"',
    re.S,
)


def partner_bars(html: str) -> list[tuple[str, int, int]]:
    """(partner, shared events, bar length in thousandths of the longest) in page order."""
    return [(m["name"], int(m["count"].replace(",", "")), int(m["width"])) for m in BAR.finditer(html)]


class PartnerBarsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        pakistan = cls.world.pakistan
        bulk_events(
            [(f"Talks in Paris {i}", f"2024-0{i + 1}", {pakistan: "party", "FR": "party"}) for i in range(4)]
        )

    def test_partners_are_ranked_with_bars_as_long_as_their_share_of_the_busiest(self):
        response = self.client.get(reverse("relations:country-detail", args=["pk"]))
        self.assertEqual(
            partner_bars(response.content.decode()),
            [("France", 4, 1000), ("Türkiye", 2, 500), ("India", 1, 250)],
        )
        # The bar is a picture of the number beside it: hidden from screen readers, styled by class.
        self.assertContains(response, 'class="partner-bar"', count=3)
        self.assertContains(
            response, 'preserveAspectRatio="none" aria-hidden="true" focusable="false"', count=3
        )
        self.assertNotContains(response, "style=")

    def test_a_single_partner_has_the_full_bar(self):
        response = self.client.get(reverse("relations:country-detail", args=["in"]))
        self.assertEqual(partner_bars(response.content.decode()), [("Pakistan", 1, 1000)])

    def test_a_country_without_partners_says_so_and_draws_no_bar(self):
        response = self.client.get(reverse("relations:country-detail", args=["fr"]))
        self.assertEqual(partner_bars(response.content.decode()), [("Pakistan", 4, 1000)])
        lonely = self.client.get(reverse("relations:country-detail", args=["de"]))
        self.assertContains(lonely, "No shared events with another country yet.")
        self.assertNotContains(lonely, "partner-bar")

    def test_many_partners_cost_no_more_queries_and_their_bars_follow_their_counts(self):
        pakistan = self.world.pakistan
        others = list(Country.objects.exclude(code__in=["PK", "TR", "IN", "FR"]).order_by("code")[:60])
        bulk_events(
            [
                (f"Talks {i}.{n}", "2025-03", {pakistan: "party", country: "party"})
                for i, country in enumerate(others)
                for n in range(i % 7 + 1)
            ]
        )
        with self.assertNumQueries(11):  # as many as with two partners (tests/test_pages_countries.py)
            response = self.client.get(reverse("relations:country-detail", args=["pk"]))
        bars = partner_bars(response.content.decode())
        self.assertEqual(len(bars), 63)
        counts = [count for _, count, _ in bars]
        self.assertEqual(counts, sorted(counts, reverse=True))
        busiest = counts[0]
        self.assertEqual(busiest, 7)
        for name, count, width in bars:
            self.assertEqual(width, round(count / busiest * 1000), name)
