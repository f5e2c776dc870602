"""Reading the API: the root, and the countries and commissions of the test story exactly as an
exporter needs them."""

from django.urls import reverse

from relations.models import Commission, Event
from tests.api_reads import JMC_16, SeedStoryAPITestCase, one_day


class APIRootTests(SeedStoryAPITestCase):
    def test_the_browsable_root_links_every_list(self):
        self.assertEqual(
            self.get("api-root"),
            {
                name: f"http://testserver/api/{name}/"
                for name in (
                    "countries",
                    "officials",
                    "organizations",
                    "commissions",
                    "events",
                    "event-kinds",
                    "pledges",
                    "observations",
                    "sectors",
                    "sources",
                )
            },
        )

    def test_the_root_links_the_schema_and_its_docs_in_a_header_for_programs(self):
        response = self.client.get(reverse("api:api-root"))
        self.assertEqual(
            response["Link"],
            '<http://testserver/api/schema/>; rel="service-desc", '
            '<http://testserver/api/docs/>; rel="service-doc"',
        )

    def test_the_root_opens_in_a_browser_as_a_guide_to_the_api(self):
        response = self.client.get(reverse("api:api-root"), HTTP_ACCEPT="text/html")
        self.assertContains(response, "<h1>Diplomatic Ties Tracker API</h1>", html=True)
        self.assertContains(response, '<a href="/api/docs/">API documentation</a>', html=True)
        self.assertContains(response, '<a href="/api/schema/">OpenAPI 3 schema</a>', html=True)
        for name, line in (
            ("countries", "Every ISO 3166-1 country, looked up by its code, with all its names."),
            ("events", "Events between countries, filtered like the timeline"),
            ("event-kinds", "Kinds of event from the PLOVER and CAMEO codebooks, each with its tone."),
            ("pledges", "Pledges with their description, parties, target as announced"),
            (
                "observations",
                "Dated figures of what pledges’ targets measure (2024: US$1.4 billion of trade), each in "
                "its target’s currency or unit, never converted, with its source.",
            ),
            ("sectors", "The sector tree; filtering events or pledges by a sector includes its children."),
            ("sources", "Documents that facts are cited from."),
        ):
            with self.subTest(name):
                self.assertContains(response, f'<a href="/api/{name}/">/api/{name}/</a>', html=True)
                self.assertContains(response, line)
        self.assertContains(response, "<code>POST /api/extract/</code>", html=True)
        self.assertContains(
            response,
            '<a href="/api/pledges/?country=tr&amp;format=csv">'
            "<code>/api/pledges/?country=tr&amp;format=csv</code></a>",
            html=True,
        )
        for url in ("/", "/timeline/", "/countries/", "/commissions/", "/officials/", "/pledges/"):
            with self.subTest(url):
                self.assertContains(response, f'<a href="{url}">')

    def test_every_endpoint_of_the_root_is_described_in_the_browser(self):
        response = self.client.get(reverse("api:api-root"), HTTP_ACCEPT="text/html")
        guide = response.renderer_context["view"].guide()
        self.assertEqual([e["name"] for e in guide["endpoints"]], list(self.get("api-root")))
        for endpoint in guide["endpoints"]:
            with self.subTest(endpoint["name"]):
                self.assertTrue(endpoint["summary"].endswith("."))
                self.assertLessEqual(len(endpoint["summary"]), 200)
                self.assertContains(response, f'<a href="{endpoint["url"]}">')

    def test_a_list_in_the_browser_keeps_its_own_description(self):
        response = self.client.get(reverse("api:source-list"), HTTP_ACCEPT="text/html")
        self.assertContains(response, "Documents that facts are cited from.")
        self.assertNotContains(response, "API documentation")


class CountryReadTests(SeedStoryAPITestCase):
    def test_turkiye_is_found_by_its_code_with_every_name(self):
        expected = {
            "code": "TR",
            "url": "http://testserver/api/countries/TR/",
            "name": "Türkiye",
            "names": [
                {"name": "Turkish", "kind": "demonym", "valid_from": None, "valid_until": None},
                {"name": "Turkey", "kind": "former", "valid_from": None, "valid_until": "2022-06-01"},
                {
                    "name": "Republic of Türkiye",
                    "kind": "official",
                    "valid_from": "2022-06-01",
                    "valid_until": None,
                },
                {"name": "Türkiye", "kind": "short", "valid_from": None, "valid_until": None},
                {
                    "name": "Turkiye",
                    "kind": "transliteration",
                    "valid_from": "2022-06-01",
                    "valid_until": None,
                },
            ],
        }
        self.assertEqual(self.get("country-detail", "TR"), expected)
        self.assertEqual(self.get("country-detail", "tr"), expected)

    def test_the_list_is_the_whole_iso_list_by_code(self):
        countries = self.results("country-list")
        self.assertEqual(len(countries), 249)
        self.assertEqual([c["code"] for c in countries[:3]], ["AD", "AE", "AF"])
        self.assertEqual([c["code"] for c in countries], sorted(c["code"] for c in countries))
        pakistan = next(c for c in countries if c["code"] == "PK")
        self.assertEqual(
            (pakistan["name"], pakistan["url"]), ("Pakistan", "http://testserver/api/countries/PK/")
        )

    def test_a_former_name_finds_the_country(self):
        self.assertEqual([c["code"] for c in self.results("country-list", q="turkey")], ["TR"])

    def test_a_name_with_accents_finds_the_country(self):
        self.assertEqual([c["code"] for c in self.results("country-list", q="Türkiye")], ["TR"])

    def test_an_unknown_code_is_not_found(self):
        self.assertEqual(self.client.get(reverse("api:country-detail", args=["XX"])).status_code, 404)


class CommissionReadTests(SeedStoryAPITestCase):
    def test_the_jmc_lists_its_members_founding_year_and_sessions(self):
        jmc = Commission.objects.get(slug="pakistan-turkiye-jmc")
        self.assertEqual(
            self.get("commission-detail", "pakistan-turkiye-jmc"),
            {
                "id": jmc.pk,
                "slug": "pakistan-turkiye-jmc",
                "url": "http://testserver/api/commissions/pakistan-turkiye-jmc/",
                "name": "Pakistan–Türkiye Joint Ministerial Commission",
                "acronym": "JMC",
                "kind": "joint_ministerial",
                "members": ["PK", "TR"],
                "founded": {
                    "edtf": "1975",
                    "start": "1975-01-01",
                    "end": "1975-12-31",
                    "precision": "year",
                    "approximate": False,
                    "display": "1975",
                },
                "parent": None,
                "description": jmc.description,
                "names": [
                    {"name": "Pak-Turkey JMC", "kind": "alternate", "valid_from": None, "valid_until": None},
                    {
                        "name": "Pakistan–Turkey Joint Ministerial Commission",
                        "kind": "former",
                        "valid_from": None,
                        "valid_until": "2022-06-01",
                    },
                    {
                        "name": "Pakistan–Turkiye Joint Ministerial Commission",
                        "kind": "transliteration",
                        "valid_from": None,
                        "valid_until": None,
                    },
                ],
                "sessions": [
                    {
                        "id": Event.objects.get(slug=JMC_16).pk,
                        "slug": JMC_16,
                        "session_number": 16,
                        "title": "16th session of the Pakistan–Türkiye Joint Ministerial Commission",
                        "date": {
                            "edtf": "2025-09-08/2025-09-09",
                            "start": "2025-09-08",
                            "end": "2025-09-09",
                            "precision": "day",
                            "approximate": False,
                            "display": "8–9 September 2025",
                        },
                    }
                ],
            },
        )

    def test_the_list_holds_both_bodies_with_their_sessions(self):
        commissions = self.results("commission-list")
        self.assertEqual(
            [
                (c["slug"], c["kind"], c["founded"], [s["session_number"] for s in c["sessions"]])
                for c in commissions
            ],
            [
                ("pakistan-turkiye-jmc", "joint_ministerial", commissions[0]["founded"], [16]),
                ("pakistan-turkiye-joint-commission", "joint", None, [1]),
            ],
        )
        self.assertEqual(commissions[0]["founded"]["edtf"], "1975")
        self.assertEqual(
            commissions[1]["sessions"][0],
            {
                "id": Event.objects.get(commission__slug="pakistan-turkiye-joint-commission").pk,
                "slug": "2025-pakistan-turkiye-joint-commission-1st-meeting",
                "session_number": 1,
                "title": "First meeting of the Pakistan–Türkiye Joint Commission",
                "date": one_day("2025-07-09", "9 July 2025"),
            },
        )

    def test_a_commission_is_found_by_its_acronym_or_name(self):
        self.assertEqual(
            [c["slug"] for c in self.results("commission-list", q="jmc")], ["pakistan-turkiye-jmc"]
        )
        self.assertEqual(len(self.results("commission-list", q="turkiye")), 2)

    def test_a_name_with_accents_finds_the_commission(self):
        self.assertEqual(len(self.results("commission-list", q="Türkiye")), 2)
