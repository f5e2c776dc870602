"""The countries list and a country's page: timeline, partners, officials, other names."""

from django.test import TestCase
from django.urls import reverse

from relations.models import Country, OfficeHeld, Official, Participant, Pledge
from tests.world import build_world, bulk_events, make_event


def add_office(official: Official, title: str, country: Country, start: str, end: str | None = None) -> None:
    OfficeHeld.objects.create(official=official, title=title, country=country, start=start, end=end)


class CountryListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_it_lists_the_countries_that_take_part_with_their_number_of_events(self):
        response = self.client.get(reverse("relations:country-list"))
        self.assertEqual(
            [(c.code, c.event_count) for c in response.context["countries"]],
            [("IN", 1), ("PK", 3), ("TR", 2)],
        )
        self.assertContains(response, 'href="/countries/tr/"')
        self.assertContains(response, "flags/tr.gif")
        self.assertContains(response, "Türkiye")
        self.assertNotContains(response, "flags/fr.gif")  # France takes part in nothing

    def test_it_says_how_to_reach_any_other_country(self):
        response = self.client.get(reverse("relations:country-list"))
        self.assertContains(response, "Every other ISO 3166 country has a page too")
        self.assertContains(response, '<a href="/countries/fr/">/countries/fr/</a>', html=True)

    def test_it_marks_the_countries_section_in_the_navigation(self):
        response = self.client.get(reverse("relations:country-list"))
        self.assertContains(response, '<a href="/countries/" aria-current="page">Countries</a>', html=True)

    def test_the_list_costs_one_query_whatever_the_number_of_events_and_countries(self):
        others = list(Country.objects.exclude(code__in=["PK", "TR", "IN"])[:50])
        for i, country in enumerate(others):
            make_event(
                f"Call {i}", f"2026-01-{i % 28 + 1:02d}", {self.world.pakistan: "party", country: "party"}
            )
        with self.assertNumQueries(1):
            response = self.client.get(reverse("relations:country-list"))
        self.assertEqual(len(response.context["countries"]), 53)
        counts = {country.code: country.event_count for country in response.context["countries"]}
        self.assertEqual((counts["PK"], counts[others[0].code]), (53, 1))
        self.assertContains(response, others[0].name)


class CountryPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_a_country_page_shows_its_timeline_with_dates_by_precision(self):
        response = self.client.get(reverse("relations:country-detail", args=["pk"]))
        self.assertContains(response, "<h1>", count=1)
        self.assertContains(response, "Pakistan")
        self.assertEqual(
            [e.title for e in response.context["page"].items],
            [self.world.session_16.title, self.world.visit_july.title, self.world.conflict.title],
        )
        self.assertContains(response, '<time datetime="2025-07">July 2025</time>', html=True)
        self.assertNotContains(response, "1 July 2025")
        self.assertContains(response, '<a href="/countries/" aria-current="page">Countries</a>', html=True)

    def test_partners_are_ranked_by_shared_events_and_link_to_their_ties(self):
        response = self.client.get(reverse("relations:country-detail", args=["pk"]))
        partners = response.context["partners"]
        self.assertEqual([(p["partner"].code, p["events"]) for p in partners], [("TR", 2), ("IN", 1)])
        self.assertContains(response, 'href="/ties/pk-tr/"')
        self.assertContains(response, 'href="/ties/in-pk/"')
        self.assertContains(response, "2 shared events")
        india = self.client.get(reverse("relations:country-detail", args=["in"]))
        self.assertEqual([p["partner"].code for p in india.context["partners"]], ["PK"])

    def test_a_trilateral_event_counts_for_each_partner(self):
        w = self.world
        make_event("Trilateral talks", "2025-10", {w.pakistan: "party", w.turkiye: "party", w.india: "party"})
        response = self.client.get(reverse("relations:country-detail", args=["in"]))
        self.assertEqual(
            [(p["partner"].code, p["events"]) for p in response.context["partners"]], [("PK", 2), ("TR", 1)]
        )

    def test_officials_are_nationals_or_office_holders_with_those_serving_first(self):
        w = self.world
        retired = Official.objects.create(name="Ahmet Aksoy", nationality=w.turkiye)
        add_office(retired, "Ambassador to Pakistan", w.turkiye, "2010", "2015")
        envoy = Official.objects.create(name="Ali Envoy", nationality=w.india)
        add_office(envoy, "Special envoy of Türkiye", w.turkiye, "2024")
        response = self.client.get(reverse("relations:country-detail", args=["tr"]))
        self.assertEqual(
            [o.name for o in response.context["officials"]], ["Ali Envoy", "Yaşar Güler", "Ahmet Aksoy"]
        )
        self.assertContains(response, "Minister of National Defence")
        self.assertContains(response, "no current office recorded")
        pakistan = self.client.get(reverse("relations:country-detail", args=["pk"]))
        self.assertEqual([o.name for o in pakistan.context["officials"]], ["Jam Kamal Khan"])

    def test_other_names_are_shown_with_their_kind(self):
        response = self.client.get(reverse("relations:country-detail", args=["tr"]))
        self.assertContains(
            response, '<li>Turkey <span class="role">(former, until 1 June 2022)</span></li>', html=True
        )
        self.assertContains(response, "Turkiye")
        names = [n.name for n in response.context["other_names"]]
        self.assertNotIn("Türkiye", names)
        self.assertNotIn("Turkish", names)  # an adjective, kept for lookups

    def test_the_code_is_case_insensitive_and_upper_case_redirects_to_lower_case(self):
        self.assertRedirects(self.client.get("/countries/PK/"), "/countries/pk/", status_code=301)
        self.assertRedirects(
            self.client.get("/countries/Tr/?kind=visit"), "/countries/tr/?kind=visit", status_code=301
        )

    def test_an_unknown_code_is_a_404(self):
        for path in ("/countries/zz/", "/countries/ZZ/", "/countries/pak/", "/countries/p/"):
            with self.subTest(path=path):
                self.assertContains(self.client.get(path), "Page not found", status_code=404)

    def test_a_known_country_without_events_shows_an_empty_state(self):
        response = self.client.get(reverse("relations:country-detail", args=["fr"]))
        self.assertContains(response, "France")
        self.assertContains(response, "No events are recorded for this country yet.")
        self.assertContains(response, "No shared events with another country yet.")
        self.assertContains(response, "No officials recorded for this country.")

    def test_the_timeline_pages_by_keyset_and_a_bad_marker_is_a_400(self):
        bulk_events(
            [(f"Call {i}", f"2026-02-{i % 28 + 1:02d}", {self.world.india: "party"}) for i in range(55)]
        )
        first = self.client.get(reverse("relations:country-detail", args=["in"]))
        self.assertEqual(len(first.context["page"].items), 50)
        second = self.client.get(
            reverse("relations:country-detail", args=["in"]) + first.context["page"].next_url
        )
        self.assertEqual(len(second.context["page"].items), 6)
        self.assertContains(second, self.world.conflict.title)
        bad = self.client.get(reverse("relations:country-detail", args=["in"]), {"before": "yesterday"})
        self.assertContains(bad, "is not a page marker", status_code=400)

    def test_the_country_page_costs_the_same_with_many_events_partners_and_officials(self):
        w = self.world
        partners = list(Country.objects.exclude(code__in=["PK", "TR", "IN"])[:55])
        for i, country in enumerate(partners):
            event = make_event(
                f"Talks {i}", f"2026-01-{i % 28 + 1:02d}", {w.pakistan: "host", country: "visitor"}
            )
            Participant.objects.create(event=event, official=w.khan, role="co_chair", capacity="Minister")
            Pledge.objects.create(event=event, title=f"Pledge {i}")
            official = Official.objects.create(name=f"Official {i}", nationality=w.pakistan)
            add_office(official, f"Envoy {i}", w.pakistan, "2020")
        # Six for the page, five for its activity and summary (stored totals, single rows).
        with self.assertNumQueries(11):
            response = self.client.get(reverse("relations:country-detail", args=["pk"]))
        self.assertEqual(len(response.context["page"].items), 50)
        self.assertEqual(len(response.context["partners"]), 57)
        # A few officials, those serving first, and a link to all of them.
        self.assertEqual(
            [o.name for o in response.context["officials"]],
            sorted(f"Official {i}" for i in range(56))[:12],
        )
        self.assertContains(response, "Envoy 0")
        self.assertNotContains(response, "Envoy 54")
        self.assertContains(
            response, '<a href="/officials/?country=pk">All officials of Pakistan</a>', html=True
        )

    def test_a_country_with_few_officials_lists_them_all_without_a_link(self):
        response = self.client.get(reverse("relations:country-detail", args=["tr"]))
        self.assertEqual([o.name for o in response.context["officials"]], ["Yaşar Güler"])
        self.assertNotContains(response, "All officials of")
