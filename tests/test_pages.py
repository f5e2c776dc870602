"""The home page, the timeline, the ties between two countries and one event, as readers see them."""

from django.test import TestCase
from django.urls import reverse

from relations.models import Citation, Country, Event, PairTotal, Participant, Pledge
from relations.templatetags.tracker import flag
from tests.world import add_full_events, build_world, make_event


def add_events(n: int, countries: list[Country], official=None, **fields) -> None:
    """``n`` dated events between ``countries``, each with a participant and a pledge."""
    for i in range(n):
        event = make_event(
            f"Call {i}", f"2026-01-{i % 28 + 1:02d}", dict.fromkeys(countries, "party"), **fields
        )
        if official is not None:
            Participant.objects.create(event=event, official=official, role="co_chair")
        Pledge.objects.create(event=event, title=f"Pledge {i}")


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_home_page_shows_the_latest_events_with_dates_by_precision(self):
        response = self.client.get(reverse("relations:home"))
        self.assertContains(response, "16th session of the Pakistan–Türkiye Joint Ministerial Commission")
        self.assertContains(
            response,
            '<time datetime="2025-09-08">8</time>–<time datetime="2025-09-09">9 September 2025</time>',
            html=True,
        )
        self.assertContains(response, '<time datetime="2025-07">July 2025</time>', html=True)
        self.assertNotContains(response, "1 July 2025")

    def test_the_home_page_ranks_the_most_active_ties(self):
        response = self.client.get(reverse("relations:home"))
        pairs = response.context["active_pairs"]
        self.assertEqual([(p["a"], p["b"], p["events"]) for p in pairs], [("PK", "TR", 2), ("IN", "PK", 1)])
        self.assertContains(response, 'href="/ties/pk-tr/"')

    def test_a_busy_pair_s_count_reads_with_thousands_separated(self):
        PairTotal.objects.filter(low="PK", high="TR").update(events=16278)
        response = self.client.get(reverse("relations:home"))
        self.assertContains(response, '<span class="count">16,278 events</span>', html=True)
        country = self.client.get(reverse("relations:country-detail", args=["pk"]))
        self.assertContains(country, '<span class="count">16,278 shared events</span>', html=True)

    def test_the_home_page_lists_announced_events_still_to_come(self):
        event = make_event(
            "Next JMC", "2099-03", {self.world.pakistan: "host"}, status=Event.Status.ANNOUNCED
        )
        response = self.client.get(reverse("relations:home"))
        self.assertEqual([e.title for e in response.context["upcoming"]], ["Next JMC"])
        self.assertContains(
            response,
            '<li><time datetime="2099-03">March 2099</time> · '
            f'<a href="{event.get_absolute_url()}">Next JMC</a></li>',
            html=True,
        )

    def test_the_home_page_shows_the_totals(self):
        response = self.client.get(reverse("relations:home"))
        totals = {name: str(n) for name, n in response.context["totals"].items()}
        self.assertEqual(totals, {"events": "3", "commissions": "1", "pledges": "2", "countries": "3"})
        self.assertContains(response, "<li><strong>3</strong> events</li>", html=True)

    def test_the_home_page_costs_the_same_with_many_events(self):
        add_events(60, [self.world.pakistan, self.world.india], official=self.world.khan)
        for country in Country.objects.exclude(code__in=["PK", "TR", "IN"])[:10]:
            add_events(2, [self.world.turkiye, country])
        # The table sizes, the most active ties with both countries' names, the countries
        # involved, the latest events and the announced ones (their lists read within each).
        with self.assertNumQueries(5):
            response = self.client.get(reverse("relations:home"))
        self.assertEqual(len(response.context["latest"]), 8)
        self.assertEqual(len(response.context["active_pairs"]), 6)
        self.assertEqual(response.context["active_pairs"][0]["events"], 61)
        self.assertEqual(str(response.context["totals"]["events"]), "83")
        self.assertContains(response, "1 pledge made")


class TimelineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        Citation.objects.create(source=cls.world.source, event=cls.world.session_16)

    def titles(self, **params) -> list[str]:
        response = self.client.get(reverse("relations:timeline"), params)
        self.assertEqual(
            response.status_code, 200, response.context["filter"].errors if response.context else ""
        )
        return [event.title for event in response.context["page"].items]

    def test_the_timeline_lists_every_event_newest_first_under_month_headings(self):
        response = self.client.get(reverse("relations:timeline"))
        self.assertEqual(
            [e.title for e in response.context["page"].items],
            [self.world.session_16.title, self.world.visit_july.title, self.world.conflict.title],
        )
        self.assertContains(response, '<h2 class="timeline-heading" id="tl-1">September 2025</h2>', html=True)
        self.assertContains(response, "May 2025")

    def test_events_without_a_source_are_marked(self):
        response = self.client.get(reverse("relations:timeline"))
        self.assertContains(response, ">unsourced</span>", count=2 + 1)  # two rows and the footer's legend

    def test_country_filter_needs_every_country_to_take_part(self):
        self.assertEqual(self.titles(country=["pk", "IN"]), [self.world.conflict.title])
        self.assertEqual(len(self.titles(country="pk")), 3)

    def test_pair_filter_in_either_order(self):
        self.assertEqual(self.titles(pair="tr-pk"), self.titles(pair="pk-tr"))
        self.assertEqual(len(self.titles(pair="pk-tr")), 2)

    def test_kind_and_status_filters(self):
        self.assertEqual(self.titles(kind="CONFLICT"), [self.world.conflict.title])
        self.assertEqual(self.titles(status="announced"), [])

    def test_sector_filter_includes_its_children(self):
        self.assertEqual(self.titles(sector="energy"), [self.world.session_16.title])
        self.assertEqual(self.titles(sector="LNG"), [self.world.session_16.title])

    def test_commission_and_official_filters(self):
        self.assertEqual(self.titles(commission=self.world.jmc.slug.upper()), [self.world.session_16.title])
        self.assertEqual(self.titles(official="yasar guler"), [self.world.session_16.title])
        self.assertEqual(self.titles(official=self.world.khan.slug), [self.world.session_16.title])

    def test_month_precision_event_matches_day_in_that_month(self):
        self.assertEqual(
            self.titles(**{"from": "2025-07-15", "to": "2025-07-15"}), [self.world.visit_july.title]
        )

    def test_from_and_to_match_by_overlap(self):
        self.assertEqual(self.titles(**{"from": "2025-05-10", "to": "2025-06"}), [self.world.conflict.title])
        self.assertEqual(self.titles(**{"from": "2025-09"}), [self.world.session_16.title])
        self.assertEqual(len(self.titles(to="2025")), 3)

    def test_search_folds_case_and_accents_through_every_name(self):
        self.assertEqual(self.titles(q="Guler"), [self.world.session_16.title, self.world.visit_july.title])
        self.assertEqual(self.titles(q="jam kamal"), [self.world.session_16.title])
        self.assertEqual(self.titles(q="turkey"), [self.world.session_16.title, self.world.visit_july.title])
        self.assertEqual(self.titles(q="TÜRKİYE"), self.titles(q="turkiye"))
        self.assertEqual(self.titles(q="ministerial"), [self.world.session_16.title])
        self.assertEqual(self.titles(q="armed conflict"), [self.world.conflict.title])

    def test_an_empty_result_says_so(self):
        response = self.client.get(reverse("relations:timeline"), {"q": "atlantis"})
        self.assertContains(response, "No events match these filters.")

    def test_invalid_values_show_the_form_with_errors_and_status_400(self):
        for params, message in (
            ({"country": "xx"}, "“xx” is not an ISO country code"),
            ({"from": "2025-13"}, "“2025-13” is not a real date."),
            ({"to": "July"}, "is not a date"),
            ({"pair": "pk-pk"}, "A pair needs two different countries."),
            ({"pair": "pakistan"}, "is not a pair of country codes"),
            ({"sector": "space"}, "There is no sector “space”."),
            ({"commission": "nope"}, "There is no commission “nope”."),
            ({"official": "nobody at all"}, "No single official matches"),
            ({"kind": "party"}, "Select a valid choice"),
            ({"before": "yesterday"}, "is not a page marker"),
        ):
            with self.subTest(params=params):
                response = self.client.get(reverse("relations:timeline"), params)
                self.assertContains(response, message, status_code=400)

    def test_pagination_keeps_the_filters_and_never_repeats_a_row(self):
        add_events(60, [self.world.pakistan, self.world.turkiye])
        first = self.client.get(reverse("relations:timeline"), {"pair": "pk-tr", "kind": "meeting"})
        page = first.context["page"]
        self.assertEqual(len(page.items), 50)
        self.assertIn("pair=pk-tr", page.next_url)
        self.assertIn("kind=meeting", page.next_url)
        second = self.client.get(reverse("relations:timeline") + page.next_url)
        rest = second.context["page"].items
        self.assertEqual(len(rest), 10)
        self.assertFalse({e.pk for e in page.items} & {e.pk for e in rest})
        self.assertIsNone(second.context["page"].next_url)
        self.assertContains(second, "« Newest")

    def test_the_timeline_costs_the_same_with_many_events(self):
        add_events(60, [self.world.pakistan, self.world.turkiye], official=self.world.guler)
        # The events, then the choices of the kind, sector and commission filters, and one
        # statement for every count (relations/facets.py).
        with self.assertNumQueries(5):
            response = self.client.get(reverse("relations:timeline"))
        self.assertEqual(len(response.context["page"].items), 50)
        with self.assertNumQueries(7):
            self.client.get(reverse("relations:timeline"), {"sector": "energy", "country": "pk"})


class TiesPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_ties_page_shows_both_countries_timeline_commissions_and_pledges(self):
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        self.assertContains(response, "Pakistan")
        self.assertContains(response, "Türkiye")
        self.assertContains(response, "last met")
        self.assertEqual(
            [e.title for e in response.context["page"].items],
            [self.world.session_16.title, self.world.visit_july.title],
        )
        self.assertContains(response, "Pakistan–Türkiye Joint Ministerial Commission")
        self.assertContains(response, "No. 16")
        self.assertContains(response, "Expand bilateral trade to US$5 billion")
        self.assertContains(response, "target US$5 billion")
        all_pledges = '<a href="/pledges/?pair=pk-tr">All pledges between them, with their status</a>'
        self.assertContains(response, all_pledges, html=True)

    def test_a_multilateral_event_belongs_to_every_pair_in_it(self):
        w = self.world
        make_event("Trilateral talks", "2025-10", {w.pakistan: "party", w.turkiye: "party", w.india: "party"})
        for pair in ("pk-tr", "in-pk", "in-tr"):
            response = self.client.get(reverse("relations:ties", args=[pair]))
            self.assertIn("Trilateral talks", [e.title for e in response.context["page"].items], pair)

    def test_the_reversed_order_redirects_to_the_alphabetical_address(self):
        response = self.client.get("/ties/tr-pk/?kind=visit")
        self.assertRedirects(response, "/ties/pk-tr/?kind=visit", status_code=301)
        self.assertRedirects(self.client.get("/ties/PK-TR/"), "/ties/pk-tr/", status_code=301)

    def test_an_unknown_code_or_a_malformed_pair_is_a_404(self):
        for path in ("/ties/pk-xx/", "/ties/pk-pk/", "/ties/pakistan/", "/ties/pk-tr-in/"):
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_the_ties_page_costs_the_same_with_many_events(self):
        add_events(60, [self.world.pakistan, self.world.turkiye], official=self.world.guler)
        with self.assertNumQueries(12):
            response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        self.assertEqual(len(response.context["page"].items), 50)

    def test_the_ties_page_costs_twelve_queries_however_full_its_rows(self):
        # Countries, events with their lists, pledges, activity, and the summary's eight: first
        # and latest events, the kinds' parents, who met most, pledge statuses, commissions
        # with their latest and next sessions, and the measurable pledges (the countries' sizes,
        # then the rows). The same for 2 rows and for 42 rows of four countries, three
        # participants, three sectors and two sources each, and for a pair with no commission.
        url = reverse("relations:ties", args=["pk-tr"])
        with self.assertNumQueries(12):
            self.client.get(url)
        add_full_events(self.world, 40)
        with self.assertNumQueries(12):
            response = self.client.get(url)
        self.assertEqual(len(response.context["page"].items), 42)
        self.assertEqual(len(response.context["pledges"]), 10)
        with self.assertNumQueries(12):
            response = self.client.get(reverse("relations:ties", args=["in-pk"]))
        self.assertEqual(list(response.context["commissions"]), [])

    def test_a_row_names_the_countries_and_key_participants_the_event_records(self):
        add_full_events(self.world, 3)
        rows = self.client.get(reverse("relations:ties", args=["pk-tr"])).context["page"].items
        self.assertEqual(len(rows), 5)
        for row in rows:
            event = Event.objects.get(pk=row.pk)
            countries = event.event_countries.select_related("country").order_by("country_id")
            self.assertEqual(row.listed_countries, [(c.country.code, c.country.name) for c in countries])
            people = list(event.participants.select_related("official").order_by("pk"))
            recorded = []
            for p in [p for p in people if p.role in Participant.KEY_ROLES] or people:
                official = (p.official.slug, p.official.name) if p.official else (None, None)
                recorded.append((*official, p.name, p.get_role_display()))
            shown = [(p.official, p.official_name, p.name, p.role_label) for p in row.key_participants]
            self.assertEqual(shown, recorded)

    def test_a_row_links_its_countries_with_flags_and_its_key_participants_with_roles(self):
        add_full_events(self.world, 3)
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        countries = " · ".join(
            f'<a class="country" href="/countries/{code.lower()}/">{flag(Country(code=code))}{name}</a>'
            for code, name in (("CH", "Switzerland"), ("PK", "Pakistan"), ("SE", "Sweden"), ("TR", "Türkiye"))
        )
        self.assertContains(response, f'<span class="countries">{countries}</span>', count=3, html=True)
        guler = '<a href="/officials/yasar-guler/">Yaşar Güler</a>'
        # Where no one came in a key role, everyone is named; a delegate's role is not shown.
        everyone = (
            f'{guler} <span class="role">(speaker)</span>, Ümit Çelik <span class="role">(other)</span>, '
            '<a href="/officials/jam-kamal-khan/">Jam Kamal Khan</a>'
        )
        self.assertContains(response, f'<p class="participants">{everyone}</p>', count=1, html=True)
        co_chair = f'<p class="participants">{guler} <span class="role">(co-chair)</span></p>'
        self.assertContains(response, co_chair, count=2, html=True)

    def test_the_ties_timeline_pages_through_every_event_once_newest_first(self):
        add_events(60, [self.world.pakistan, self.world.turkiye], official=self.world.guler)
        first = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        older = self.client.get(reverse("relations:ties", args=["pk-tr"]) + first.context["page"].next_url)
        events = first.context["page"].items + older.context["page"].items
        self.assertEqual(len(events), 62)
        self.assertEqual(len({e.pk for e in events}), 62)
        keys = [(e.date_start, e.pk) for e in events]
        self.assertEqual(keys, sorted(keys, reverse=True))
        self.assertIsNone(older.context["page"].next_url)

    def test_the_ties_page_lists_the_latest_pledges_and_links_to_all_of_them(self):
        w = self.world
        for n in range(11):
            pledge = Pledge.objects.create(event=w.session_16, title=f"Pledge {n}")
            pledge.parties.create(country=w.pakistan)
            pledge.parties.create(country=w.turkiye)
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        self.assertEqual(len(response.context["pledges"]), 10)
        self.assertEqual([p.title for p in response.context["pledges"]][:1], ["Pledge 10"])


class EventPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        Citation.objects.create(
            source=cls.world.source, event=cls.world.session_16, excerpt="the 16th meeting"
        )

    def test_an_event_page_shows_dates_place_countries_participants_pledges_and_sources(self):
        response = self.client.get(self.world.session_16.get_absolute_url())
        self.assertContains(response, '<time datetime="2025-09-09">9 September 2025</time>', html=True)
        self.assertContains(response, "Islamabad, Pakistan")
        self.assertContains(response, "(host)")
        self.assertContains(response, "Yaşar Güler")
        self.assertContains(response, "co-chair")
        self.assertContains(response, "Expand bilateral trade to US$5 billion")
        self.assertContains(response, "target US$5 billion")
        self.assertContains(response, "“the 16th meeting”")
        self.assertContains(response, 'href="https://www.arabnews.com/node/2614698"')
        self.assertContains(response, "Pakistan–Türkiye Joint Ministerial Commission</a>, session No. 16")

    def test_an_event_without_sources_is_marked_unsourced(self):
        response = self.client.get(self.world.conflict.get_absolute_url())
        self.assertContains(response, "No source is cited for this event yet.")

    def test_related_events_show_both_ways(self):
        w = self.world
        w.session_16.links_out.create(to_event=w.visit_july, kind="follow_up")
        self.assertContains(self.client.get(w.session_16.get_absolute_url()), "Follow-up of: ")
        self.assertContains(self.client.get(w.visit_july.get_absolute_url()), "is follow-up of this")

    def test_an_unknown_event_is_a_404(self):
        response = self.client.get(reverse("relations:event-detail", args=["nothing-here"]))
        self.assertContains(response, "Page not found", status_code=404)

    def test_the_event_page_costs_a_fixed_number_of_queries(self):
        for i in range(50):
            Participant.objects.create(event=self.world.session_16, name=f"Delegate {i}")
        with self.assertNumQueries(12):
            response = self.client.get(self.world.session_16.get_absolute_url())
        self.assertContains(response, "Delegate 49")


class FaviconTests(TestCase):
    def test_the_favicon_address_browsers_ask_for_leads_to_the_icon(self):
        response = self.client.get("/favicon.ico")
        self.assertRedirects(response, "/static/favicon.svg", status_code=301, fetch_redirect_response=False)
