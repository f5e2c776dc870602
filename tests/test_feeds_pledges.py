"""The pledges' Atom feed: status changes and measured figures, newest recorded first."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from relations.models import Observation, PledgeStatus, PledgeStatusChange
from tests.test_feeds import read
from tests.world import build_world

JANUARY = dt.datetime(2026, 1, 5, 12, 0, tzinfo=dt.UTC)


class PledgesFeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        world = cls.world
        cls.in_progress = PledgeStatusChange.objects.create(
            pledge=world.trade_pledge,
            status=PledgeStatus.IN_PROGRESS,
            as_of="2025-09",
            note="Talks under way",
        )
        cls.figure = Observation.objects.create(
            pledge=world.trade_pledge,
            period="2024",
            value=Decimal("1400000000"),
            currency="USD",
            source=world.source,
        )
        # Recorded in this order: the oldest first.
        for minutes, row in enumerate([*PledgeStatusChange.objects.order_by("pk"), cls.figure]):
            type(row).objects.filter(pk=row.pk).update(updated_at=JANUARY + dt.timedelta(minutes=minutes))

    def test_it_lists_status_changes_and_figures_newest_recorded_first(self):
        response = self.client.get(reverse("relations:pledges-feed"))
        self.assertEqual(reverse("relations:pledges-feed"), "/pledges/feed/")
        feed = read(response)
        self.assertEqual(feed.feed.title, "Pledges · Diplomatic Ties Tracker")
        self.assertEqual(feed.feed.link, "http://testserver/pledges/")
        self.assertEqual(
            [entry.title for entry in feed.entries],
            [
                "US$1.4 billion in 2024: Expand bilateral trade to US$5 billion",
                "In progress: Expand bilateral trade to US$5 billion (September 2025)",
                f"Fulfilled: Cooperate on LNG ({(dt.date.today() + dt.timedelta(days=30)):%-d %B %Y})",
                "Announced: Cooperate on LNG (9 September 2025)",
                "Announced: Expand bilateral trade to US$5 billion (1 March 2024)",
            ],
        )
        self.assertEqual(feed.entries[0].updated, "2026-01-05T12:04:00+00:00")
        self.assertEqual(feed.feed.updated, "2026-01-05T12:04:00+00:00")

    def test_an_entry_s_id_names_its_row_on_the_pledge_page(self):
        feed = read(self.client.get(reverse("relations:pledges-feed")))
        pledge_url = f"http://testserver{self.world.trade_pledge.get_absolute_url()}"
        self.assertEqual(feed.entries[0].id, f"{pledge_url}#observation-{self.figure.pk}")
        self.assertEqual(feed.entries[1].id, f"{pledge_url}#status-{self.in_progress.pk}")
        page = self.client.get(self.world.trade_pledge.get_absolute_url())
        self.assertContains(page, f'<li id="status-{self.in_progress.pk}">')
        self.assertContains(page, f'id="observation-{self.figure.pk}"')

    def test_an_entry_says_what_changed_on_which_pledge_and_between_whom(self):
        entries = read(self.client.get(reverse("relations:pledges-feed"))).entries
        self.assertIn("US$1.4 billion in 2024, reported by Arab News.", entries[0].summary)
        self.assertIn("Status in progress as of September 2025.", entries[1].summary)
        self.assertIn("Talks under way", entries[1].summary)
        self.assertIn(
            "made at 16th session of the Pakistan–Türkiye Joint Ministerial Commission (8–9 September 2025)",
            entries[1].summary,
        )
        self.assertIn("Parties: Pakistan", entries[1].summary)
        self.assertEqual([tag.term for tag in entries[1].tags], ["Pakistan", "Türkiye"])

    def test_a_correction_moves_a_row_to_the_top(self):
        change = PledgeStatusChange.objects.get(pledge=self.world.trade_pledge, status=PledgeStatus.ANNOUNCED)
        change.note = "Date corrected"
        change.save()
        first = read(self.client.get(reverse("relations:pledges-feed"))).entries[0]
        self.assertTrue(first.id.endswith(f"#status-{change.pk}"))

    def test_the_feed_costs_three_queries_whatever_the_rows(self):
        changes = [
            PledgeStatusChange(
                pledge=self.world.lng_pledge, status=PledgeStatus.STALLED, as_of=f"2026-01-{day:02d}"
            )
            for day in range(1, 29)
        ]
        figures = [
            Observation(
                pledge=self.world.trade_pledge,
                period=str(year),
                value=Decimal(year),
                currency="USD",
                source=self.world.source,
            )
            for year in range(1970, 2020)
        ]
        PledgeStatusChange.objects.bulk_create(changes)
        Observation.objects.bulk_create(figures)
        # The changes, the figures (each with its pledge and event), the pledges' parties.
        with self.assertNumQueries(3):
            feed = read(self.client.get(reverse("relations:pledges-feed")))
        self.assertEqual(len(feed.entries), 50)
