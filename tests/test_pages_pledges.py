"""The pledge tracker: status counts, the shared filters, the list; one pledge with its history."""

from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from relations.models import (
    Citation,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatus,
    PledgeStatusChange,
    Source,
)
from tests.world import build_world, bulk_events, bulk_pledges, make_event


def record(pledge: Pledge, status: str, as_of: str) -> PledgeStatusChange:
    return PledgeStatusChange.objects.create(pledge=pledge, status=status, as_of=as_of)


class PledgeListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        cls.india_pledge = Pledge.objects.create(
            event=w.conflict,
            title="Coopération énergétique avec l’Inde",
            target_measure="a ceasefire",
            due="2026",
        )
        PledgeParty.objects.create(pledge=cls.india_pledge, country=w.india, role="pledger")
        PledgeParty.objects.create(pledge=cls.india_pledge, country=w.pakistan, role="beneficiary")
        cls.india_pledge.sectors.set([w.energy])
        record(cls.india_pledge, "announced", "2025-05")
        record(cls.india_pledge, "stalled", "2025-06")

    def titles(self, **params) -> list[str]:
        response = self.client.get(reverse("relations:pledge-list"), params)
        self.assertEqual(response.status_code, 200, response.context["filter"].errors)
        return [pledge.title for pledge in response.context["page"].items]

    def test_the_list_shows_parties_event_status_target_and_due_date(self):
        w = self.world
        response = self.client.get(reverse("relations:pledge-list"))
        self.assertContains(response, "<h1>", count=1)
        self.assertContains(response, "Expand bilateral trade to US$5 billion")
        self.assertContains(response, '<td data-label="Target">US$5 billion</td>', html=True)
        self.assertContains(response, f'<a href="{w.session_16.get_absolute_url()}">{w.session_16.title}</a>')
        self.assertContains(response, '<time datetime="2025-09-09">9 September 2025</time>', html=True)
        self.assertContains(
            response, '<td data-label="Due"><time datetime="2026">2026</time></td>', html=True
        )
        self.assertContains(response, '<span class="status status-stalled">stalled</span>', html=True)
        self.assertContains(response, '<span class="status status-fulfilled">fulfilled</span>', html=True)
        self.assertContains(response, "flags/in.gif")
        self.assertContains(response, '<a href="/pledges/" aria-current="page">Pledges</a>', html=True)

    def test_counts_by_status_list_every_status_with_zeros(self):
        response = self.client.get(reverse("relations:pledge-list"))
        totals = {(status.value if status else None): n for status, n in response.context["totals"]}
        self.assertEqual(
            totals,
            {
                "announced": 1,
                "in_progress": 0,
                "stalled": 1,
                "fulfilled": 1,
                "partly_fulfilled": 0,
                "not_fulfilled": 0,
                "cancelled": 0,
            },
        )
        self.assertContains(response, "<strong>0</strong> partly fulfilled", html=True)

    def test_a_pledge_without_any_status_is_counted_apart(self):
        Pledge.objects.create(event=self.world.visit_july, title="Visit again")
        response = self.client.get(reverse("relations:pledge-list"))
        self.assertEqual(response.context["totals"][-1], (None, 1))
        self.assertContains(response, '<span class="status status-none">no status yet</span>', html=True)

    def test_a_pledge_without_any_status_has_the_no_status_badge_on_every_page(self):
        pledge = Pledge.objects.create(event=self.world.visit_july, title="Visit again")
        PledgeParty.objects.create(pledge=pledge, country=self.world.pakistan, role="mutual")
        PledgeParty.objects.create(pledge=pledge, country=self.world.turkiye, role="mutual")
        badge = '<span class="status status-none">no status yet</span>'
        for url in (
            reverse("relations:ties", args=["pk-tr"]),
            self.world.visit_july.get_absolute_url(),
            pledge.get_absolute_url(),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, badge, html=True)
                self.assertNotContains(response, "status-None")

    def test_counts_follow_every_filter_but_status_and_link_to_each_status(self):
        response = self.client.get(reverse("relations:pledge-list"), {"pair": "pk-tr", "status": "announced"})
        totals = dict(response.context["totals"])
        self.assertEqual((totals["announced"], totals["fulfilled"], totals["stalled"]), (1, 1, 0))
        self.assertContains(response, 'href="?pair=pk-tr&amp;status=fulfilled"')

    def test_pair_and_country_filters_need_every_country_to_be_a_party(self):
        both = ["Expand bilateral trade to US$5 billion", "Cooperate on LNG"]
        self.assertEqual(sorted(self.titles(pair="tr-pk")), sorted(both))
        self.assertEqual(self.titles(pair="IN-pk"), [self.india_pledge.title])
        self.assertEqual(self.titles(pair="in-tr"), [])
        self.assertEqual(len(self.titles(country="pk")), 3)
        self.assertEqual(self.titles(country=["pk", "in"]), [self.india_pledge.title])

    def test_sector_filter_includes_its_children(self):
        self.assertEqual(
            sorted(self.titles(sector="energy")), sorted(["Cooperate on LNG", self.india_pledge.title])
        )
        self.assertEqual(self.titles(sector="LNG"), ["Cooperate on LNG"])

    def test_status_filter_uses_the_current_status_only(self):
        self.assertEqual(self.titles(status="fulfilled"), ["Cooperate on LNG"])
        self.assertEqual(self.titles(status="ANNOUNCED"), ["Expand bilateral trade to US$5 billion"])
        self.assertEqual(self.titles(status="in_progress"), [])

    def test_commission_filter(self):
        self.assertEqual(len(self.titles(commission=self.world.jmc.slug.upper())), 2)

    def test_search_folds_case_and_accents(self):
        self.assertEqual(self.titles(q="cooperation energetique"), [self.india_pledge.title])
        self.assertEqual(self.titles(q="COOPÉRATION"), [self.india_pledge.title])
        self.assertEqual(self.titles(q="bilateral TRADE"), ["Expand bilateral trade to US$5 billion"])

    def test_an_invalid_filter_is_a_400_with_the_message(self):
        cases = {
            "status": ("kept", "Select a valid choice."),
            "country": ("zz", "“zz” is not an ISO country code"),
            "pair": ("pk-pk", "A pair needs two different countries."),
            "sector": ("nothing", "There is no sector “nothing”."),
            "commission": ("nothing", "There is no commission “nothing”."),
        }
        for name, (value, message) in cases.items():
            with self.subTest(name=name):
                response = self.client.get(reverse("relations:pledge-list"), {name: value})
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "Some filters could not be used", status_code=400)

    def test_pages_go_newest_first_and_keep_the_filters(self):
        india = self.world.india
        events = bulk_events(
            [(f"Talks {i}", f"2020-01-{i % 28 + 1:02d}", {india: "host"}) for i in range(55)]
        )
        bulk_pledges([(event, f"Pledge {i}", [india], []) for i, event in enumerate(events)])
        response = self.client.get(reverse("relations:pledge-list"), {"country": "in"})
        first = response.context["page"]
        self.assertEqual(len(first.items), 50)
        self.assertEqual(first.items[0].title, self.india_pledge.title)  # May 2025, the newest
        last = first.items[-1]
        self.assertContains(response, f'href="?country=in&amp;before={last.date_start}.{last.pk}"')
        second = self.client.get(reverse("relations:pledge-list") + first.next_url)
        rest = second.context["page"].items
        self.assertEqual(len(rest), 6)
        self.assertIsNone(second.context["page"].next_url)
        self.assertContains(second, '<a href="?country=in">« Newest</a>', html=True)
        every = first.items + rest
        self.assertEqual(len({pledge.pk for pledge in every}), 56)
        self.assertEqual(
            [(p.date_start, p.pk) for p in every],
            sorted(((p.date_start, p.pk) for p in every), reverse=True),
        )

    def test_a_page_number_is_ignored_like_any_unknown_parameter(self):
        first = self.client.get(reverse("relations:pledge-list"), {"country": "in"}).context["page"]
        response = self.client.get(reverse("relations:pledge-list"), {"country": "in", "page": "3"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["page"].items, first.items)
        self.assertEqual(self.client.get(reverse("relations:pledge-list"), {"page": "x"}).status_code, 200)

    def test_a_page_marker_that_was_not_made_here_is_a_400(self):
        response = self.client.get(reverse("relations:pledge-list"), {"before": "yesterday"})
        self.assertContains(response, "is not a page marker", status_code=400)

    def test_the_list_costs_the_same_with_many_pledges(self):
        w = self.world
        for i in range(60):
            pledge = Pledge.objects.create(
                event=w.session_16, title=f"Pledge {i}", target_amount=Decimal(i + 1), target_currency="JPY"
            )
            pledge.countries.add(w.pakistan, w.turkiye)
            record(pledge, "in_progress", "2025-10")
        # The form's sector and commission choices, the stored counts, the rows with their
        # parties, and one statement for the other counts (relations/facets.py).
        with self.assertNumQueries(5):
            response = self.client.get(reverse("relations:pledge-list"))
        self.assertEqual(len(response.context["page"].items), 50)
        self.assertContains(response, '<td data-label="Target">¥60</td>', html=True)
        # A pair: the same, and its countries' sizes (which one's rows to walk).
        with self.assertNumQueries(6):
            response = self.client.get(reverse("relations:pledge-list"), {"pair": "pk-tr"})
        self.assertEqual(len(response.context["page"].items), 50)
        self.assertEqual(dict(response.context["totals"])[PledgeStatus.IN_PROGRESS], 60)
        # A sector and a commission are looked up, and the tree read for the rows and the counts.
        with self.assertNumQueries(9):
            self.client.get(reverse("relations:pledge-list"), {"sector": "energy", "commission": w.jmc.slug})


class PledgePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        pledge = w.trade_pledge
        pledge.wording = "Both sides agreed to raise bilateral trade to five billion dollars."
        pledge.target_measure = "bilateral trade per year"
        pledge.baseline_amount = Decimal("1400000000")
        pledge.baseline_note = "2024, Turkish state media"
        pledge.due = "2026-12"
        pledge.save()
        pledge.sectors.set([w.energy])
        PledgeParty.objects.filter(pledge=pledge, country=w.turkiye).update(role="pledger")
        PledgeReaffirmation.objects.create(
            pledge=pledge, event=w.visit_july, note="repeated by the ministers"
        )
        cls.later = Source.objects.create(
            title="Trade still short", publisher="Dawn", published_on="2025-11-02"
        )
        cls.in_progress = record(pledge, "in_progress", "2025-11")
        Citation.objects.create(
            source=cls.later, status_change=cls.in_progress, excerpt="trade rose to $1.7bn"
        )
        Citation.objects.create(source=w.source, pledge=pledge, excerpt="the two sides pledged US$5 billion")

    def test_the_page_shows_parties_roles_sectors_wording_target_baseline_and_due_date(self):
        response = self.client.get(self.world.trade_pledge.get_absolute_url())
        self.assertContains(response, "<h1>Expand bilateral trade to US$5 billion</h1>", html=True)
        self.assertContains(response, "(pledger)")
        self.assertContains(response, "(mutual)")
        self.assertContains(response, 'href="/pledges/?sector=energy"')
        self.assertContains(response, "Both sides agreed to raise bilateral trade to five billion dollars.")
        self.assertContains(response, "US$5 billion: bilateral trade per year")
        self.assertContains(response, "US$1.4 billion (2024, Turkish state media)")
        self.assertContains(response, '<dd><time datetime="2026-12">December 2026</time></dd>', html=True)
        self.assertContains(response, '<a href="/pledges/" aria-current="page">Pledges</a>', html=True)

    def test_the_page_shows_where_it_was_made_and_where_it_was_reaffirmed(self):
        w = self.world
        response = self.client.get(w.trade_pledge.get_absolute_url())
        self.assertContains(response, f'Made at <a href="{w.session_16.get_absolute_url()}">')
        self.assertContains(response, "Islamabad")
        self.assertContains(response, "session No. 16")
        self.assertContains(response, f'<a href="{w.visit_july.get_absolute_url()}">{w.visit_july.title}</a>')
        self.assertContains(response, "repeated by the ministers")

    def test_the_status_history_is_in_date_order_with_the_sources_of_each_change(self):
        response = self.client.get(self.world.trade_pledge.get_absolute_url())
        history = [change.status for change in response.context["pledge"].status_changes.all()]
        self.assertEqual(history, ["announced", "in_progress"])
        self.assertEqual(response.context["pledge"].current_status, "in_progress")
        self.assertContains(response, '<time datetime="2024-03-01">1 March 2024</time>', html=True)
        self.assertContains(response, '<time datetime="2025-11">November 2025</time>', html=True)
        self.assertContains(response, "“trade rose to $1.7bn”")
        self.assertContains(response, 'Dawn, <time datetime="2025-11-02">2 November 2025</time>')
        self.assertContains(response, "No source is cited for this change yet.")

    def test_the_pledge_s_own_sources_show_with_their_excerpts(self):
        response = self.client.get(self.world.trade_pledge.get_absolute_url())
        self.assertContains(response, "“the two sides pledged US$5 billion”")
        self.assertContains(response, 'href="https://www.arabnews.com/node/2614698"')
        unsourced = self.client.get(self.world.lng_pledge.get_absolute_url())
        self.assertContains(unsourced, "No source is cited for this pledge yet.")

    def test_an_unknown_pledge_is_a_404(self):
        response = self.client.get(reverse("relations:pledge-detail", args=[999999]))
        self.assertContains(response, "Page not found", status_code=404)

    def test_the_page_costs_the_same_with_a_long_history(self):
        pledge = self.world.trade_pledge
        for i in range(50):
            change = record(pledge, "stalled" if i % 2 else "in_progress", f"{2030 + i}")
            Citation.objects.create(source=self.later, status_change=change, excerpt=f"report {i}")
            event = make_event(f"Summit {i}", f"{2030 + i}", {self.world.pakistan: "host"})
            PledgeReaffirmation.objects.create(pledge=pledge, event=event)
        with self.assertNumQueries(8):  # with its observations and their sources
            response = self.client.get(pledge.get_absolute_url())
        self.assertContains(response, "report 49")
        self.assertContains(response, "Summit 49")
