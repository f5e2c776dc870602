"""The pledge page read through prepared queries (relations/pledge_page.py): every pledge's page is
the same bytes as when it was read through ``prefetch_related``, in the same eight queries, and
the template then reads nothing more."""

from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.models import (
    Citation,
    Observation,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatus,
    PledgeStatusChange,
    Source,
)
from relations.pledge_page import pledge_page
from tests.replaced_readings import assert_same_pages
from tests.world import build_world, make_event


def prefetched(pk: int) -> Pledge:
    """The pledge as its page read it before, through ``prefetch_related``."""
    citations = Citation.objects.select_related("source").order_by("pk")
    history = PledgeStatusChange.objects.order_by("as_of_start", "pk").prefetch_related(
        Prefetch("citations", queryset=citations)
    )
    parties = PledgeParty.objects.select_related("country").order_by("country__name")
    pledges = Pledge.objects.select_related(
        "event", "event__place_country", "event__commission"
    ).prefetch_related(
        Prefetch("parties", queryset=parties),
        "sectors",
        Prefetch(
            "reaffirmations",
            queryset=PledgeReaffirmation.objects.select_related("event").order_by("event__date_start", "pk"),
        ),
        Prefetch("status_changes", queryset=history),
        Prefetch("citations", queryset=citations),
        Prefetch("observations", queryset=Observation.objects.select_related("source")),
    )
    return get_object_or_404(pledges, pk=pk)


class PledgePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        w = cls.world = build_world()
        later = make_event("Review <talks>", "2026-02", {w.pakistan: "host", w.turkiye: "visitor"})
        report = Source.objects.create(
            title="Trade report", publisher="TDAP", url="https://example.org/trade"
        )
        for pledge in (w.trade_pledge, w.lng_pledge):
            PledgeReaffirmation.objects.create(pledge=pledge, event=later, note="Again & again.")
        # Two changes with two sources each, and one without.
        for i, status in enumerate((PledgeStatus.IN_PROGRESS, PledgeStatus.STALLED)):
            change = PledgeStatusChange.objects.create(
                pledge=w.trade_pledge, status=status, as_of=f"2025-1{i}"
            )
            for source in (report, w.source):
                Citation.objects.create(status_change=change, source=source, excerpt=f"report {i}")
        Citation.objects.create(pledge=w.trade_pledge, source=w.source, excerpt="“US$5 billion”")
        for period, value in (
            ("2025", "3100000000"),
            ("2024", "2900000000"),
            ("2025-01/2025-03", "800000000"),
        ):
            Observation.objects.create(
                pledge=w.trade_pledge, period=period, value=Decimal(value), currency="USD", source=report
            )
        cls.bare = Pledge.objects.create(event=later, title="A goal with nothing around it")

    def test_every_pledge_page_is_the_same_bytes_as_its_prefetched_reading(self):
        urls = [pledge.get_absolute_url() for pledge in Pledge.objects.order_by("pk")]
        self.assertGreater(len(urls), 2)
        assert_same_pages(self, urls, {"relations.views.pledges.pledge_page": prefetched})
        # The trade pledge's page shows what was added above, so the comparison covered it.
        html = self.client.get(self.world.trade_pledge.get_absolute_url()).content.decode()
        for text in ("Review &lt;talks&gt;", "Again &amp; again.", "Trade report", "report 1"):
            self.assertIn(text, html)

    def test_each_list_is_read_once_and_the_template_reads_nothing_more(self):
        with CaptureQueriesContext(connection) as queries:
            pledge = pledge_page(self.world.trade_pledge.pk)
        # The pledge with its event, five lists, the status history and the history's sources.
        self.assertEqual(len(queries), 8)
        # In period order: the year 2024, the quarter, then the year 2025 (ending last).
        observations = [o.pk for o in prefetched(pledge.pk).observations.all()]
        self.assertEqual(len(observations), 3)
        with self.assertNumQueries(0):
            self.assertEqual([party.country.name for party in pledge.parties.all()], ["Pakistan", "Türkiye"])
            self.assertEqual(
                (pledge.event.title, pledge.event.commission.acronym), (self.world.session_16.title, "JMC")
            )
            self.assertEqual([again.event.title for again in pledge.reaffirmations.all()], ["Review <talks>"])
            self.assertEqual([again.pledge for again in pledge.reaffirmations.all()], [pledge])
            history = list(pledge.status_changes.all())
            self.assertEqual([change.status for change in history], ["announced", "in_progress", "stalled"])
            self.assertEqual([len(change.citations.all()) for change in history], [0, 2, 2])
            self.assertEqual(
                [c.source.title for c in history[1].citations.all()],
                ["Trade report", self.world.source.title],
            )
            self.assertEqual([o.pk for o in pledge.observations.all()], observations)
            self.assertEqual(len(pledge.citations.all()), 1)
            self.assertEqual([sector.slug for sector in pledge.sectors.all()], [])

    def test_a_pledge_without_history_reads_no_sources_of_it(self):
        with CaptureQueriesContext(connection) as queries:
            pledge = pledge_page(self.bare.pk)
        self.assertEqual((pledge.title, len(queries)), ("A goal with nothing around it", 7))

    def test_an_unknown_pledge_is_a_404_page(self):
        for pk in (self.bare.pk + 1, 2**63, 10**30):
            with self.subTest(pk):
                response = self.client.get(reverse("relations:pledge-detail", args=[pk]))
                self.assertEqual(response.status_code, 404)
