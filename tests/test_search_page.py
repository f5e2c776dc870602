"""The search page (/search/?q=…): what a query names comes first (a pair, a country, an
official), then its events; the closest names when nothing matches; a clear answer to any input."""

from urllib.parse import quote_plus

from django.test import TestCase
from django.urls import reverse

from relations import search
from relations.models import CountryName, CountryTotal, Event, Official, PairTotal
from tests.world import add_full_events, build_world, load_story


def search_url(text: str) -> str:
    return f"{reverse('relations:search')}?q={quote_plus(text)}"


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()

    def setUp(self):
        search.forget_countries()  # names written by another test class's rolled-back data

    def results(self, text: str):
        response = self.client.get(search_url(text))
        self.assertEqual(response.status_code, 200)
        return response.context["results"]

    def first_offer(self, text: str) -> str:
        return self.results(text).offers[0].url

    def test_two_countries_offer_their_pair_page_first_with_its_stored_event_count(self):
        response = self.client.get(search_url("Pakistan Turkey"))
        first = response.context["results"].offers[0]
        self.assertEqual(first.url, "/ties/pk-tr/")
        self.assertEqual(first.events, PairTotal.objects.get(low="PK", high="TR").events)
        self.assertContains(response, 'class="offer offer-pair offer-first"')
        self.assertContains(response, f"{first.events} events")

    def test_any_name_adjective_or_code_of_the_two_countries_offers_the_pair(self):
        for text in [
            "turkiye pakistan ties",
            "Pakistani–Turkish relations",
            "pk tr",
            "TÜRKIYE AND PAKISTAN",
            "relations between Pakistan and Türkiye",
            "Pakistan vs. Turkey",
            "PAK TUR",
        ]:
            with self.subTest(text):
                self.assertEqual(self.first_offer(text), "/ties/pk-tr/")

    def test_names_of_several_words_fold_case_and_accents(self):
        self.assertEqual(self.first_offer("south korea UNITED STATES"), "/ties/kr-us/")
        self.assertEqual(self.first_offer("cote d'ivoire"), "/countries/ci/")
        self.assertEqual(self.first_offer("Côte d’Ivoire"), "/countries/ci/")

    def test_with_nothing_but_the_pair_the_events_are_the_pairs_latest(self):
        results = self.results("Pakistan Turkey")
        self.assertTrue(results.latest)
        pair_events = list(Event.objects.for_pair("PK", "TR").values_list("title", flat=True)[:10])
        self.assertEqual([event.title for event in results.events], pair_events)
        self.assertEqual(results.events_url, "/timeline/?pair=pk-tr")
        self.assertEqual(results.events_title, "Latest events between Pakistan and Türkiye")

    def test_other_words_search_the_pairs_events(self):
        results = self.results("Pakistan Turkey defence")
        self.assertEqual(results.offers[0].url, "/ties/pk-tr/")
        self.assertFalse(results.latest)
        self.assertEqual(results.events_url, "/timeline/?pair=pk-tr&q=defence")
        expected = Event.objects.for_pair("PK", "TR").matching("defence")
        self.assertEqual({e.pk for e in results.events}, set(expected.values_list("pk", flat=True)))
        self.assertTrue(results.events)

    def test_one_country_offers_its_page_and_its_latest_events(self):
        results = self.results("Türkiye")
        self.assertEqual(results.offers[0].url, "/countries/tr/")
        self.assertEqual(results.offers[0].events, CountryTotal.objects.get(country="TR").events)
        self.assertEqual(
            [event.title for event in results.events],
            list(Event.objects.for_country("TR").values_list("title", flat=True)[:10]),
        )

    def test_an_official_by_a_transliteration_offers_his_page_and_the_events_he_attended(self):
        response = self.client.get(search_url("Yasar Guler"))
        results = response.context["results"]
        self.assertEqual(results.offers[0].url, "/officials/yasar-guler/")
        guler = Official.objects.get(slug="yasar-guler")
        attended = set(Event.objects.filter(participants__official=guler).values_list("pk", flat=True))
        self.assertEqual({event.pk for event in results.events}, attended)
        self.assertContains(response, "Yaşar Güler")

    def test_an_official_and_a_country_narrow_the_events_to_both(self):
        results = self.results("Hakan Fidan Pakistan")
        self.assertEqual(
            [offer.url for offer in results.offers], ["/officials/hakan-fidan/", "/countries/pk/"]
        )
        self.assertEqual(results.events_url, "/timeline/?country=pk&official=hakan-fidan")

    def test_three_countries_offer_each_pair_busiest_first(self):
        results = self.results("Pakistan Turkey India")
        self.assertEqual(
            [offer.url for offer in results.offers], ["/ties/pk-tr/", "/ties/in-pk/", "/ties/in-tr/"]
        )
        self.assertEqual(results.events_url, "/timeline/?country=pk&country=tr&country=in")
        for event in results.events:
            self.assertEqual({"PK", "TR", "IN"} - {c.code for c in event.listed_countries}, set())

    def test_a_code_in_lower_case_among_other_words_is_a_word(self):
        results = self.results("energy talks in Pakistan")
        self.assertEqual([offer.url for offer in results.offers], ["/countries/pk/"])
        self.assertEqual(self.first_offer("PK IT energy"), "/ties/it-pk/")

    def test_a_name_two_countries_share_offers_both(self):
        results = self.results("Korean")
        self.assertEqual([[offer.url for offer in choice] for choice in results.choices],
                         [["/countries/kp/", "/countries/kr/"]])  # fmt: skip

    def test_a_word_of_two_countries_names_offers_both(self):
        results = self.results("korea")
        self.assertEqual([[offer.title for offer in choice] for choice in results.choices],
                         [["North Korea", "South Korea"]])  # fmt: skip

    def test_a_country_within_an_officials_name_is_not_a_country(self):
        Official.objects.create(name="Chad Smith")
        results = self.results("Chad Smith")
        self.assertEqual([offer.url for offer in results.offers], ["/officials/chad-smith/"])

    def test_a_name_added_to_a_country_is_known_at_once(self):
        CountryName.objects.create(country_id="PK", name="Pakland", kind="alternate")
        self.assertEqual(self.first_offer("Pakland Turkey"), "/ties/pk-tr/")

    def test_words_alone_search_events_as_the_timeline_does_and_list_officials_and_commissions(self):
        results = self.results("guler")
        self.assertEqual(results.offers, [])
        self.assertEqual(results.events_url, "/timeline/?q=guler")
        self.assertEqual(
            {event.pk for event in results.events},
            set(Event.objects.matching("guler").values_list("pk", flat=True)),
        )
        self.assertEqual([offer.title for offer in results.officials], ["Yaşar Güler"])
        self.assertEqual([offer.note for offer in self.results("JMC").commissions], ["JMC"])

    def test_a_typo_offers_the_closest_country_and_a_did_you_mean_link(self):
        response = self.client.get(search_url("Pakistn"))
        results = response.context["results"]
        self.assertEqual(results.suggestions[0].url, "/countries/pk/")
        self.assertEqual(results.did_you_mean, "Pakistan")
        self.assertContains(response, "Nothing in the tracker matches “Pakistn”.")
        self.assertContains(response, 'Did you mean <a href="/search/?q=Pakistan">Pakistan</a>?', html=False)

    def test_a_typo_beside_a_country_is_corrected_in_the_did_you_mean(self):
        results = self.results("Pakistn Turkey")
        self.assertEqual(results.offers[0].url, "/countries/tr/")
        self.assertEqual(results.did_you_mean, "Pakistan Turkey")

    def test_a_misspelt_official_is_among_the_closest_names(self):
        results = self.results("Yasar Gulr")
        self.assertIn("/officials/yasar-guler/", [offer.url for offer in results.suggestions])

    def test_words_that_match_nothing_say_so(self):
        response = self.client.get(search_url("xqzzy"))
        self.assertContains(response, "Nothing in the tracker matches “xqzzy”.")
        self.assertContains(response, "Try a country’s or an official’s name")

    def test_an_empty_search_explains_what_one_can_search_for(self):
        for url in [reverse("relations:search"), search_url("   ")]:
            response = self.client.get(url)
            self.assertContains(response, "What you can search for")
            self.assertContains(response, f'href="{search_url("Pakistan Turkey").replace("+", "%20")}"')
            self.assertNotIn("results", response.context)

    def test_an_over_long_search_is_refused_with_a_clear_message(self):
        response = self.client.get(search_url("pakistan " * 120))
        self.assertContains(
            response, "A search holds at most 200 characters; this one has 1,080.", status_code=400
        )

    def test_control_characters_are_read_as_spaces(self):
        results = self.results("Pakistan\x00Turkey\x07\n")
        self.assertEqual(results.offers[0].url, "/ties/pk-tr/")
        self.assertEqual(results.query, "Pakistan Turkey")

    def test_punctuation_alone_has_nothing_to_search_for(self):
        for text in ["%$#!", "––", "💥"]:
            with self.subTest(text):
                response = self.client.get(search_url(text))
                self.assertContains(response, "holds no letter or digit to search for")
                self.assertNotIn("results", response.context)

    def test_the_header_search_sends_to_the_search_page(self):
        response = self.client.get(reverse("relations:home"))
        self.assertContains(response, f'action="{reverse("relations:search")}"')

    def test_the_timelines_own_search_is_unchanged(self):
        response = self.client.get("/timeline/?q=Pakistan+Turkey")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["page"].items), [])
        response = self.client.get("/timeline/?q=guler")
        self.assertEqual(
            {event.pk for event in response.context["page"].items},
            set(Event.objects.matching("guler").values_list("pk", flat=True)),
        )


class SearchQueryCountTests(TestCase):
    """Each kind of query costs the same number of queries at any size; the country names are
    read once per process."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        add_full_events(cls.world, 60)
        Official.objects.bulk_create(
            Official(name=f"Official {n}", slug=f"official-{n}", name_folded=f"official {n}")
            for n in range(200)
        )

    def setUp(self):
        search.forget_countries()
        search.country_index()

    def assert_queries(self, text: str, n: int) -> None:
        with self.subTest(text), self.assertNumQueries(n):
            response = self.client.get(search_url(text))
            self.assertEqual(response.status_code, 200)

    def test_each_kind_of_query_costs_a_fixed_number_of_queries(self):
        # The pair's total, the countries' totals, the events, the pair's commissions.
        self.assert_queries("Pakistan Turkey", 4)
        # The official named, the events he attended.
        self.assert_queries("Yasar Guler", 2)
        # Officials named, the country's total, the events (their search reads the country
        # names first), the officials and commissions matching the words.
        self.assert_queries("Turkey talks", 6)
        # Nothing named: officials named, the events, officials and commissions matching, and
        # the closest officials and commissions.
        self.assert_queries("Pakistn", 7)

    def test_the_country_names_are_read_once(self):
        search.forget_countries()
        with self.assertNumQueries(2):
            search.country_index()
        with self.assertNumQueries(0):
            search.country_index()

    def test_the_events_shown_are_one_page_with_a_link_to_all(self):
        response = self.client.get(search_url("Pakistan Turkey"))
        self.assertEqual(len(response.context["results"].events), search.EVENTS_SHOWN)
        self.assertContains(response, 'href="/timeline/?pair=pk-tr">All of them on the timeline')
