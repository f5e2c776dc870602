"""What an editor should check next: ``?attention=overdue|silent`` on the pledge tracker and the
API, and each pledge row's evidence beside its status (verdict, share covered, overdue and silent
marks), read from the columns stored on the pledge."""

import datetime as dt
from decimal import Decimal

from django.test import SimpleTestCase, TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import Observation, Pledge, PledgeParty, PledgeStatus, PledgeStatusChange
from relations.models.progress import Attention
from relations.templatetags.pledge_progress import bar_width, percent
from tests.world import build_world, make_event

TODAY = dt.date.today()


def record(pledge: Pledge, status: str, as_of: str) -> PledgeStatusChange:
    return PledgeStatusChange.objects.create(pledge=pledge, status=status, as_of=as_of)


def pledge_between(world, event, title: str, **fields) -> Pledge:
    pledge = Pledge.objects.create(event=event, title=title, **fields)
    for country in (world.pakistan, world.turkiye):
        PledgeParty.objects.create(pledge=pledge, country=country)
    return pledge


class AttentionRuleTests(TestCase):
    """The queryset (`overdue`, `silent`) and the row (`Pledge.attention`) say the same, on given
    days, each boundary included."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        # Made on 8 September 2025 (the 16th JMC), like the world's two pledges.
        cls.due_mid_2026 = pledge_between(w, w.session_16, "Due mid-2026", due="2026-06")
        record(cls.due_mid_2026, "announced", "2025-09")
        cls.heard_in_march = pledge_between(w, w.session_16, "Heard in March 2026")
        record(cls.heard_in_march, "in_progress", "2026-03")
        cls.observed = pledge_between(
            w, w.session_16, "Observed for 2026", target_amount=Decimal(100), target_currency="USD"
        )
        record(cls.observed, "announced", "2025-09")
        Observation.objects.create(
            pledge=cls.observed, period="2026", value=Decimal(40), currency="USD", source=w.source
        )
        cls.kept = pledge_between(w, w.session_16, "Kept late", due="2025-12")
        record(cls.kept, "fulfilled", "2025-10")

    def assertAttention(self, on: dt.date, overdue: set, silent: set) -> None:
        everyone = list(Pledge.objects.all())
        for attention, expected in ((Attention.OVERDUE, overdue), (Attention.SILENT, silent)):
            with self.subTest(on=on, attention=attention):
                found = {p.title for p in Pledge.objects.needing_attention(attention, on)}
                self.assertEqual(found, {p.title for p in expected})
                by_row = {p.title for p in everyone if attention in p.attention(on)}
                self.assertEqual(by_row, found)

    def test_overdue_is_past_the_due_date_s_last_day_without_an_outcome(self):
        self.assertAttention(dt.date(2026, 6, 30), overdue=set(), silent=set())
        self.assertAttention(dt.date(2026, 7, 1), overdue={self.due_mid_2026}, silent=set())
        kept = Pledge.objects.get(pk=self.kept.pk)
        self.assertEqual(kept.attention(dt.date(2026, 7, 1)), [])  # due in 2025, kept

    def test_silent_is_a_year_without_a_status_change_an_observation_or_the_making(self):
        w = self.world
        due = {self.due_mid_2026}
        # The trade pledge's last change (March 2024) is older than its making (8 September
        # 2025), which is heard for 365 days: silent from 9 September 2026.
        self.assertAttention(dt.date(2026, 9, 8), overdue=due, silent=set())
        self.assertAttention(dt.date(2026, 9, 9), overdue=due, silent={w.trade_pledge})
        # A change reported in September 2025 is heard until 30 September 2026, its last day.
        self.assertAttention(dt.date(2026, 9, 30), overdue=due, silent={w.trade_pledge})
        self.assertAttention(dt.date(2026, 10, 1), overdue=due, silent={w.trade_pledge, self.due_mid_2026})
        # One reported in March 2026, until 31 March 2027.
        self.assertAttention(dt.date(2027, 3, 31), overdue=due, silent={w.trade_pledge, self.due_mid_2026})
        self.assertAttention(
            dt.date(2027, 4, 1), overdue=due, silent={w.trade_pledge, self.due_mid_2026, self.heard_in_march}
        )
        # An observation of 2026 is heard until the end of 2027, though its last change is older.
        quiet = {w.trade_pledge, self.due_mid_2026, self.heard_in_march}
        self.assertAttention(dt.date(2027, 12, 31), overdue=due, silent=quiet)
        self.assertAttention(dt.date(2028, 1, 1), overdue=due, silent=quiet | {self.observed})

    def test_a_pledge_with_an_outcome_needs_no_attention(self):
        for pledge in Pledge.objects.filter(pk__in=[self.kept.pk, self.world.lng_pledge.pk]):
            self.assertEqual(pledge.attention(dt.date(2030, 1, 1)), [])

    def test_reading_a_row_s_attention_costs_no_query(self):
        pledges = list(Pledge.objects.all())
        with self.assertNumQueries(0):
            for pledge in pledges:
                pledge.attention(dt.date(2028, 1, 1))


class BarTests(SimpleTestCase):
    def test_the_percentage_is_the_true_share_rounded(self):
        self.assertEqual(percent(Decimal("0.2800")), 28)
        self.assertEqual(percent(Decimal("0.2750")), 28)
        self.assertEqual(percent(Decimal("1.4000")), 140)
        self.assertEqual(percent(Decimal("-0.1200")), -12)
        self.assertEqual(percent(Decimal("0")), 0)
        self.assertIsNone(percent(None))

    def test_the_bar_is_clamped_to_0_100_in_steps_of_5(self):
        self.assertEqual(bar_width(Decimal("0.2800")), 30)
        self.assertEqual(bar_width(Decimal("0.2740")), 25)
        self.assertEqual(bar_width(Decimal("1.4000")), 100)
        self.assertEqual(bar_width(Decimal("-0.1200")), 0)
        self.assertEqual(bar_width(Decimal("0.0200")), 0)
        self.assertEqual(bar_width(None), 0)


class AttentionPageTestCase(TestCase):
    """Pledges whose dates make them overdue or silent today, whatever today is."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        long_ago = make_event(
            "Old summit", (TODAY - dt.timedelta(days=3 * 365)).isoformat(), {w.pakistan: "host"}
        )
        lately = make_event("Recent talks", (TODAY - dt.timedelta(days=200)).isoformat(), {w.turkiye: "host"})
        past_year = str(TODAY.year - 2)
        cls.overdue_and_silent = pledge_between(w, long_ago, "Build the old road", due=past_year)
        record(cls.overdue_and_silent, "announced", long_ago.date.edtf())
        cls.overdue_but_heard = pledge_between(w, long_ago, "Open the old port", due=past_year)
        record(cls.overdue_but_heard, "in_progress", (TODAY - dt.timedelta(days=30)).isoformat())
        cls.silent_measured = pledge_between(
            w,
            long_ago,
            "Double the exchanges",
            target_amount=Decimal(2000),
            target_currency="USD",
            baseline_amount=Decimal(1000),
        )
        record(cls.silent_measured, "in_progress", long_ago.date.edtf())
        Observation.objects.create(
            pledge=cls.silent_measured,
            period=str(long_ago.date_start.year),
            value=Decimal(1250),
            currency="USD",
            source=w.source,
        )
        cls.fresh = pledge_between(
            w,
            lately,
            "Grow the new trade",
            target_amount=Decimal(200),
            target_currency="USD",
            baseline_amount=Decimal(100),
            due=str(TODAY.year + 2),
        )
        record(cls.fresh, "in_progress", lately.date.edtf())
        month = TODAY - dt.timedelta(days=40)
        Observation.objects.create(
            pledge=cls.fresh, period=f"{month:%Y-%m}", value=Decimal(190), currency="USD", source=w.source
        )
        cls.kept = pledge_between(w, long_ago, "Keep the old promise", due=past_year)
        record(cls.kept, "fulfilled", long_ago.date.edtf())
        # The world's trade pledge (made in September 2025, no change since) is silent too; its
        # LNG pledge is fulfilled.
        cls.overdue = [cls.overdue_and_silent.title, cls.overdue_but_heard.title]
        cls.silent = [w.trade_pledge.title, cls.overdue_and_silent.title, cls.silent_measured.title]

    def page(self, **params):
        return self.client.get(reverse("relations:pledge-list"), params)

    def titles(self, **params) -> list[str]:
        response = self.page(**params)
        self.assertEqual(response.status_code, 200, response.context["filter"].errors)
        return [pledge.title for pledge in response.context["page"].items]


class AttentionFilterPageTests(AttentionPageTestCase):
    def test_overdue_lists_the_pledges_past_their_due_date_without_an_outcome(self):
        self.assertEqual(sorted(self.titles(attention="overdue")), sorted(self.overdue))

    def test_silent_lists_the_pledges_nothing_was_heard_of_for_a_year(self):
        self.assertEqual(sorted(self.titles(attention="silent")), sorted(self.silent))
        self.assertEqual(sorted(self.titles(attention=" SILENT ")), sorted(self.silent))

    def test_no_attention_lists_every_pledge(self):
        self.assertEqual(len(self.titles(attention="")), 7)

    def test_attention_combines_with_the_other_filters_and_their_counts(self):
        self.assertEqual(
            self.titles(attention="overdue", status="in_progress"), [self.overdue_but_heard.title]
        )
        self.assertEqual(
            self.titles(attention="silent", country="tr", q="trade"), [self.world.trade_pledge.title]
        )
        response = self.page(attention="silent")
        totals = {status.value if status else "": n for status, n in response.context["totals"]}
        self.assertEqual((totals["announced"], totals["in_progress"]), (2, 1))

    def test_the_counts_under_attention_are_the_listed_pledges_by_status_and_outcomes_are_none(self):
        for attention in ("overdue", "silent"):
            with self.subTest(attention=attention):
                response = self.page(attention=attention)
                totals = {status.value if status else "": n for status, n in response.context["totals"]}
                listed = Pledge.objects.needing_attention(attention)
                for status, n in totals.items():
                    self.assertEqual(n, listed.filter(current_status=status).count(), status)
                self.assertEqual(sum(totals.values()), listed.count())
                for outcome in PledgeStatus.outcomes():
                    self.assertEqual(totals[outcome.value], 0)

    def test_the_form_offers_it_and_a_chip_takes_it_away(self):
        response = self.page(attention="silent", country="pk")
        self.assertContains(response, '<label for="id_attention">Needs attention</label>', html=True)
        self.assertContains(response, '<option value="silent" selected>silent</option>', html=True)
        self.assertContains(response, '<option value="overdue">overdue</option>', html=True)
        self.assertContains(response, "Silent: no outcome, and nothing heard for over a year.")
        chips = {chip.label: chip.url for chip in response.context["facets"].chips}
        self.assertEqual(chips["Needs attention: silent"], "?country=pk")

    def test_an_unknown_attention_is_a_400_that_says_which_ones_exist(self):
        response = self.page(attention="late")
        self.assertContains(
            response, "“late” is not a kind of attention: choose overdue or silent.", status_code=400
        )

    def test_the_list_with_attention_costs_the_same_with_many_pledges(self):
        w = self.world
        event = make_event(
            "Older summit", (TODAY - dt.timedelta(days=4 * 365)).isoformat(), {w.india: "host"}
        )
        for i in range(60):
            pledge = pledge_between(
                w, event, f"Forgotten {i}", target_amount=Decimal(10), target_currency="JPY", due="2020"
            )
            record(pledge, "announced", event.date.edtf())
        # The form's sector and commission choices, the counts per status (counted, under a
        # filter), the rows with their parties, and one statement for the other counts.
        for attention in ("overdue", "silent"):
            with self.subTest(attention=attention), self.assertNumQueries(5):
                response = self.page(attention=attention)
            self.assertEqual(len(response.context["page"].items), 50)
            # Two of the overdue pledges and one of the silent ones have no target: no verdict.
            self.assertContains(response, "attention-overdue", count=50 if attention == "overdue" else 48)
            self.assertContains(response, "evidence:", count=48 if attention == "overdue" else 49)
        # A pair: its countries' sizes too, read for the rows and again for the counts per status.
        with self.assertNumQueries(7):
            response = self.page(attention="silent", pair="pk-tr")
        self.assertEqual(len(response.context["page"].items), 50)


class AttentionApiTests(AttentionPageTestCase):
    client_class = APIClient

    def api_titles(self, **params) -> list[str]:
        response = self.client.get(reverse("api:pledge-list"), params)
        self.assertEqual(response.status_code, 200, response.content)
        return [pledge["title"] for pledge in response.json()["results"]]

    def test_the_api_takes_the_same_filter(self):
        self.assertEqual(sorted(self.api_titles(attention="overdue")), sorted(self.overdue))
        self.assertEqual(sorted(self.api_titles(attention="silent")), sorted(self.silent))
        self.assertEqual(sorted(self.api_titles(attention="overdue", pair="pk-tr")), sorted(self.overdue))
        self.assertEqual(self.api_titles(attention="overdue", pair="in-pk"), [])
        self.assertEqual(len(self.api_titles()), 7)

    def test_csv_takes_it_too(self):
        response = self.client.get(reverse("api:pledge-list"), {"attention": "overdue", "format": "csv"})
        rows = b"".join(response.streaming_content).decode().splitlines()
        self.assertEqual(len(rows), 1 + 2)

    def test_an_unknown_attention_is_a_400_under_its_name(self):
        response = self.client.get(reverse("api:pledge-list"), {"attention": "late"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(), {"attention": ["“late” is not a kind of attention: choose overdue or silent."]}
        )

    def test_the_schema_documents_the_rule(self):
        response = self.client.get(reverse("api:schema"), {"format": "json"})
        parameters = response.json()["paths"]["/api/pledges/"]["get"]["parameters"]
        attention = next(p for p in parameters if p["name"] == "attention")
        self.assertEqual(attention["schema"]["enum"], ["", "overdue", "silent"])
        self.assertIn("past the last day of its due date without an outcome", attention["description"])
        self.assertIn("nothing heard for more than a year", attention["description"])


class PledgeRowTests(AttentionPageTestCase):
    """Each row shows the evidence beside the status: on the tracker, and wherever the status
    badge goes (the pair, event and commission pages)."""

    def row(self, response, title: str) -> str:
        html = response.content.decode()
        start = html.index(f">{title}</a>")
        return html[start : html.index("</tr>", start) if "</tr>" in html[start:] else start + 2000]

    def test_a_measured_pledge_shows_its_verdict_and_its_share_as_a_bar_and_in_words(self):
        response = self.page()
        fresh = self.row(response, self.fresh.title)
        self.assertIn('<span class="evidence-label">evidence:</span> on track', fresh)
        self.assertIn('class="progress-fill verdict-on_track w-90"', fresh)
        self.assertIn('90%<span class="visually-hidden"> of the way to the target</span>', fresh)
        self.assertNotIn("attention-", fresh)
        silent = self.row(response, self.silent_measured.title)
        self.assertIn("no recent data", silent)
        self.assertIn("w-25", silent)
        self.assertIn("25%", silent)
        self.assertIn('<span class="attention attention-silent"', silent)

    def test_the_marks_say_overdue_and_silent_where_they_apply(self):
        response = self.page()
        both = self.row(response, self.overdue_and_silent.title)
        self.assertIn("attention-overdue", both)
        self.assertIn("attention-silent", both)
        self.assertIn('title="Past its due date without an outcome"', both)
        self.assertIn("evidence:", self.row(response, self.world.trade_pledge.title))  # a target: assessed
        heard = self.row(response, self.overdue_but_heard.title)
        self.assertIn("attention-overdue", heard)
        self.assertNotIn("attention-silent", heard)
        self.assertNotIn("evidence:", heard)  # no target amount: no verdict
        kept = self.row(response, self.kept.title)
        self.assertNotIn("attention-", kept)

    def test_no_row_holds_a_style_attribute(self):
        self.assertNotContains(self.page(), "style=")

    def test_the_pair_event_and_commission_pages_show_the_evidence_too(self):
        w = self.world
        measured = pledge_between(
            w,
            w.session_16,
            "Grow the JMC's trade",
            target_amount=Decimal(10),
            target_currency="USD",
            baseline_amount=Decimal(5),
        )
        Observation.objects.create(
            pledge=measured, period=str(TODAY.year), value=Decimal(10), currency="USD", source=w.source
        )
        for url in (
            reverse("relations:ties", args=["pk-tr"]),
            w.session_16.get_absolute_url(),
            w.jmc.get_absolute_url(),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, '<span class="evidence-label">evidence:</span> met')
                self.assertContains(response, 'class="progress-fill verdict-met w-100"')
                self.assertContains(response, "attention-silent")  # the trade pledge
