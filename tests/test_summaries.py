"""The summaries at the top of the pair, country, commission and official pages, and the activity
table: they tell the seed story's numbers, agree with the lists they link to, and cost the same
number of queries however many events there are."""

import datetime as dt

from django.test import TestCase
from django.urls import reverse

from relations.activity import country_activity, pair_activity, pair_top_officials
from relations.models import Commission, Event, Official, Participant
from relations.summaries import commission_summary
from tests.world import build_world, bulk_events, bulk_pledges, load_story

TIES = reverse("relations:ties", args=["pk-tr"])


class PairSummaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()

    def setUp(self):
        self.response = self.client.get(TIES)
        self.summary = self.response.context["summary"]

    def test_it_says_since_when_contacts_are_recorded_at_the_dates_precision(self):
        self.assertEqual(
            self.summary.first.title, "Pakistan and Türkiye set a goal of US$5 billion in bilateral trade"
        )
        self.assertContains(
            self.response, '<dt>Recorded since</dt> <dd><time datetime="2024-03">March 2024</time>,'
        )

    def test_it_counts_the_events_of_each_kind_each_linked_to_the_timeline_filtered(self):
        kinds = {kind.kind: kind.events for kind in self.summary.kinds}
        # The official visit is a visit, as the timeline's kind filter counts it.
        self.assertEqual(kinds, {"commission_session": 2, "visit": 2, "statement": 2})
        self.assertContains(
            self.response, '<a href="/timeline/?pair=pk-tr&amp;kind=visit">2 visits</a>', html=True
        )
        timeline = self.client.get(reverse("relations:timeline"), {"pair": "pk-tr", "kind": "visit"})
        self.assertEqual(len(timeline.context["page"].items), 2)

    def test_it_names_the_commissions_latest_session_and_says_none_is_announced(self):
        self.assertContains(self.response, "last met")
        self.assertContains(self.response, "No. 16, ")
        self.assertContains(
            self.response,
            '<time datetime="2025-09-08">8</time>–<time datetime="2025-09-09">9 September 2025</time>',
        )
        self.assertContains(self.response, "no next session announced")

    def test_an_announced_session_in_the_future_is_the_next_one(self):
        jmc = Commission.objects.get(acronym="JMC")
        next_year = dt.date.today().year + 1
        Event.objects.create(
            title="17th session", kind="commission_session", status=Event.Status.ANNOUNCED,
            date=f"{next_year}-03", commission=jmc, session_number=17,
        )  # fmt: skip
        response = self.client.get(TIES)
        when = f'<time datetime="{next_year}-03">March {next_year}</time>'
        self.assertContains(response, f'next <a href="/events/{next_year}-17th-session/">No. 17, {when}</a>')

    def test_the_pledge_scorecard_agrees_with_the_pledge_tracker(self):
        tracker = self.client.get(reverse("relations:pledge-list"), {"pair": "pk-tr"})
        listed = {status.value: n for status, n in tracker.context["totals"] if status and n}
        shown = {segment.status: segment.pledges for segment in self.summary.pledges.segments}
        self.assertEqual(shown, listed)
        self.assertEqual(self.summary.pledges.total, 8)
        self.assertContains(
            self.response, '<a href="/pledges/?pair=pk-tr&amp;status=announced">8 announced</a>', html=True
        )
        self.assertNotContains(self.response, "style=")

    def test_it_names_those_who_met_most_on_each_side(self):
        officials = dict(
            (country.code, [p.name for p in people]) for country, people in self.summary.officials
        )
        self.assertEqual(officials["TR"][:2], ["Yaşar Güler", "Hakan Fidan"])
        self.assertEqual(sorted(officials["PK"]), ["Ishaq Dar", "Jam Kamal Khan", "Shehbaz Sharif"])
        self.assertEqual(pair_top_officials("tr", "pk", per_side=1)["TR"][0].events, 3)

    def test_it_shows_the_most_recent_event(self):
        self.assertEqual(self.summary.latest.session_number, 16)

    def test_the_activity_chart_counts_the_events_per_quarter_by_tone(self):
        self.assertEqual(self.response.context["activity"], pair_activity("pk", "tr"))
        self.assertContains(self.response, '<h2 id="activity-title">Activity</h2>', html=True)
        # Its numbers, as a table: 2025 Q3 holds the two sessions, the official visit and the visit.
        self.assertContains(self.response, 'class="activity-svg', count=1)
        row = self.response.content.decode().split('<th scope="row">2025 Q3</th>')[1].split("</tr>")[0]
        self.assertIn(">4<", row)


class CountryAndOfficialSummaryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()

    def test_the_country_page_sums_up_its_events_and_pledges(self):
        response = self.client.get(reverse("relations:country-detail", args=["pk"]))
        summary = response.context["summary"]
        self.assertEqual(summary.events, 7)
        self.assertEqual(summary.first.date.edtf(), "2024-03")
        self.assertEqual(summary.pledges.total, 8)
        self.assertContains(
            response, '<a href="/timeline/?country=pk&amp;kind=conflict">1 conflict</a>', html=True
        )
        self.assertContains(response, "Partners")

    def test_a_year_precision_event_is_counted_in_its_year_not_its_first_quarter(self):
        Event.objects.create(title="Talks", kind="meeting", date="2019")
        event = Event.objects.get(title="Talks")
        event.event_countries.create(country_id="PK")
        first = country_activity("pk")[0]
        self.assertEqual((first.label, first.year_only, first.events), ("2019", True, 1))
        Event.objects.create(title="Call", kind="call", date="2019-11-05").event_countries.create(
            country_id="PK"
        )
        counts = country_activity("pk")
        self.assertEqual([(c.label, c.year_only) for c in counts[:2]], [("2019", True), ("2019 Q4", False)])

    def test_the_official_page_sums_up_offices_events_and_countries_met(self):
        guler = Official.objects.get(slug="yasar-guler")
        response = self.client.get(guler.get_absolute_url())
        summary = response.context["summary"]
        self.assertEqual([office.title for office in summary.offices], ["Minister of National Defence"])
        self.assertEqual(summary.events, 3)
        self.assertEqual(summary.first.event.date.edtf(), "2025-07-09")
        self.assertEqual([(p.country.code, p.events) for p in summary.partners], [("PK", 3)])
        self.assertContains(response, "<dt>Met most often</dt>", html=False)

    def test_the_commission_page_counts_the_sessions_it_lists(self):
        jmc = Commission.objects.get(acronym="JMC")
        response = self.client.get(jmc.get_absolute_url())
        summary = response.context["summary"]
        self.assertEqual(summary.sessions, len(response.context["sessions"]))
        self.assertEqual(summary.latest.session_number, 16)
        self.assertEqual(summary.pledges.total, 7)
        self.assertContains(response, "1 recorded, listed below")
        self.assertContains(
            response,
            f'<a href="/pledges/?commission={jmc.slug}&amp;status=announced">7 announced</a>',
            html=True,
        )


class SummaryDatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_a_commission_without_a_past_session_has_its_next_one_only(self):
        w = self.world
        session = Event.objects.get(pk=w.session_16.pk)
        summary = commission_summary([session], on=dt.date(2025, 1, 1))
        self.assertIsNone(summary.latest)
        self.assertEqual(summary.first, session)
        self.assertIsNone(summary.next)  # held, not announced


class SummaryCostTests(TestCase):
    """Every summary costs the same at two sizes: a growth per event, pledge or official would
    show between them."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def grow(self, n: int, start: int) -> None:
        """``n`` more Pakistan–Türkiye events of four kinds over fifteen years, every fifth a
        JMC session, each with a pledge and one of five new officials."""
        w = self.world
        events, both = [], {w.pakistan: "host", w.turkiye: "visitor"}
        for k, kind in enumerate(["meeting", "visit", "call", "conflict"]):
            rows = [
                (f"Talks {i}", f"20{10 + i % 15}-{i % 12 + 1:02d}", both,
                 {"commission": w.jmc, "session_number": 100 + i} if i % 5 == 0 else {})
                for i in range(start + k, start + n, 4)
            ]  # fmt: skip
            events += bulk_events(rows, kind=kind)
        pledges = [
            (event, f"Pledge {event.pk}", [w.pakistan, w.turkiye], [("announced", "2025")])
            for event in events
        ]
        bulk_pledges(pledges)
        people = [
            Official.objects.create(name=f"Envoy {start + i}", nationality=w.pakistan) for i in range(5)
        ]
        for i, event in enumerate(events):
            Participant.objects.create(event=event, official=people[i % 5], side=w.pakistan)

    def assert_same_cost(self, url: str, queries: int) -> None:
        with self.assertNumQueries(queries):
            self.client.get(url)
        self.grow(40, 0)
        with self.assertNumQueries(queries):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)

    def test_the_ties_page(self):
        self.assert_same_cost(TIES, 12)
        self.assertGreater(self.client.get(TIES).context["summary"].events, 40)

    def test_the_country_page(self):
        self.assert_same_cost(reverse("relations:country-detail", args=["pk"]), 11)

    def test_the_commission_page(self):
        # Six for the page and its summary, one for the sources of its sessions ("Cite this").
        self.assert_same_cost(self.world.jmc.get_absolute_url(), 7)
        summary = self.client.get(self.world.jmc.get_absolute_url()).context["summary"]
        self.assertEqual(summary.sessions, 9)

    def test_the_official_page(self):
        self.grow(10, 100)
        envoy = Official.objects.get(name="Envoy 100")
        # The page's four (an official with no office: no citations to read) and the summary's.
        with self.assertNumQueries(8):
            self.client.get(envoy.get_absolute_url())
        self.grow(30, 200)
        for event in Event.objects.filter(title__startswith="Talks"):
            if not event.participants.filter(official=envoy).exists():
                Participant.objects.create(event=event, official=envoy, side_id="PK")
        with self.assertNumQueries(8):
            response = self.client.get(envoy.get_absolute_url())
        self.assertGreater(response.context["summary"].events, 20)
