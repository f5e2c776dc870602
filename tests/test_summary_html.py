"""The pair and country summaries built in Python (relations/summary_html.py) read exactly as
the templates they replaced did (kept in tests/replaced_templates/), for a pair with commissions,
measurable pledges, officials and every pledge status, a country, and a pair with no events."""

from decimal import Decimal
from pathlib import Path

from django.template import Context, Engine
from django.test import TestCase

from relations.activity import country_activity, pair_activity
from relations.models import Observation, PledgeStatus
from relations.summaries import Scorecard, Segment, country_summary, pair_summary
from relations.summary_html import country_summary_html, pair_summary_html, pledge_scorecard
from tests.world import build_world

REPLACED = Path(__file__).parent / "replaced_templates"
TEMPLATES = Path(__file__).parent.parent / "templates"


def replaced_engine() -> Engine:
    """The summary templates as they were, with the tags they used."""
    sources = {f"relations/includes/{path.name}": path.read_text() for path in REPLACED.glob("*.html")}
    progress = "relations/includes/_pledge_progress.html"
    sources[progress] = (TEMPLATES / progress).read_text()
    return Engine(
        loaders=[("django.template.loaders.locmem.Loader", sources)],
        libraries={
            "tracker": "relations.templatetags.tracker",
            "pledge_progress": "relations.templatetags.pledge_progress",
        },
    )


class SummaryHTMLTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        trade = cls.world.trade_pledge
        trade.target_measure = "annual bilateral trade"
        trade.due = "2030"
        trade.save()
        Observation.objects.create(
            pledge=trade, period="2025", value=Decimal("1400000000"), currency="USD", source=cls.world.source
        )

    def setUp(self):
        self.engine = replaced_engine()

    def test_the_pair_summary_reads_as_its_template_did(self):
        w = self.world
        summary = pair_summary(w.pakistan, w.turkiye, pair_activity(w.pakistan, w.turkiye))
        self.assertTrue(summary.first and summary.measured.lines and summary.commissions)
        template = self.engine.get_template("relations/includes/_summary_pair.html")
        expected = template.render(Context({"summary": summary, "pair": "pk-tr"}))
        self.assertEqual(pair_summary_html(summary, "pk-tr"), expected)
        self.assertIn("<dt>Progress</dt>", expected)

    def test_a_pair_without_events_says_so_as_its_template_did(self):
        w = self.world
        summary = pair_summary(w.india, w.turkiye, pair_activity(w.india, w.turkiye))
        template = self.engine.get_template("relations/includes/_summary_pair.html")
        expected = template.render(Context({"summary": summary, "pair": "in-tr"}))
        self.assertEqual(pair_summary_html(summary, "in-tr"), expected)

    def test_the_country_summary_reads_as_its_template_did(self):
        w = self.world
        summary = country_summary(w.pakistan, country_activity(w.pakistan))
        template = self.engine.get_template("relations/includes/_summary_country.html")
        expected = template.render(Context({"summary": summary, "code": "pk"}))
        self.assertEqual(country_summary_html(summary, "pk"), expected)

    def test_every_pledge_status_reads_as_its_template_did(self):
        segments = [
            Segment(status.value, status.label, 3, 10.0 * i, 10.0) for i, status in enumerate(PledgeStatus)
        ]
        card = Scorecard([*segments, Segment("none", "no status yet", 1, 90.0, 10.0)], 3 * len(segments) + 1)
        template = self.engine.get_template("relations/includes/_summary_pledges.html")
        for query in ("pair=pk-tr", "country=pk", "commission=a&b"):
            with self.subTest(query=query):
                expected = template.render(Context({"card": card, "query": query}))
                self.assertEqual(pledge_scorecard(card, query), expected)
        empty = Scorecard([], 0)
        self.assertEqual(pledge_scorecard(empty, "country=pk"), "None recorded")

    def test_the_pages_show_the_summaries(self):
        response = self.client.get("/ties/pk-tr/")
        self.assertContains(response, '<section class="glance" aria-labelledby="glance-title">')
        self.assertContains(response, "<dt>Pledges</dt>")
        response = self.client.get("/countries/pk/")
        self.assertContains(response, "<dt>Recorded since</dt>")
