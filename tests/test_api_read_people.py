"""Reading the API: the officials, organizations, sectors and sources of the test story exactly as
an exporter needs them."""

from django.urls import reverse

from relations.models import OfficeHeld, Official, Organization, Sector, Source
from tests.api_reads import SEED_ARTICLE, SeedStoryAPITestCase


class OfficialReadTests(SeedStoryAPITestCase):
    def test_guler_has_his_transliterated_name_and_his_office(self):
        self.assertEqual(
            self.get("official-detail", "yasar-guler"),
            {
                "id": Official.objects.get(slug="yasar-guler").pk,
                "slug": "yasar-guler",
                "url": "http://testserver/api/officials/yasar-guler/",
                "name": "Yaşar Güler",
                "nationality": "TR",
                "wikidata_id": "",
                "names": [{"name": "Yasar Guler", "kind": "transliteration"}],
                "offices": [
                    {
                        "title": "Minister of National Defence",
                        "organization": "turkiye-ministry-of-national-defence",
                        "country": "TR",
                        "start": {
                            "edtf": "2023-06",
                            "start": "2023-06-01",
                            "end": "2023-06-30",
                            "precision": "month",
                            "approximate": False,
                            "display": "June 2023",
                        },
                        "end": None,
                        "end_unknown": False,
                        "citations": [
                            {
                                "source": SEED_ARTICLE,
                                "excerpt": "Turkiye’s Minister of National Defense Yaşar Güler",
                            }
                        ],
                    }
                ],
            },
        )

    def test_fidans_offices_run_latest_first(self):
        offices = self.get("official-detail", "hakan-fidan")["offices"]
        self.assertEqual(
            [(o["title"], o["start"]["edtf"], o["end"] and o["end"]["edtf"]) for o in offices],
            [
                ("Minister of Foreign Affairs", "2023-06", None),
                ("Head of the National Intelligence Organization", "2010", "2023-06"),
            ],
        )

    def test_the_list_holds_every_official_by_slug(self):
        self.assertEqual(
            [(o["slug"], o["name"], o["nationality"]) for o in self.results("official-list")],
            [
                ("hakan-fidan", "Hakan Fidan", "TR"),
                ("ishaq-dar", "Ishaq Dar", "PK"),
                ("jam-kamal-khan", "Jam Kamal Khan", "PK"),
                ("shehbaz-sharif", "Shehbaz Sharif", "PK"),
                ("yasar-guler", "Yaşar Güler", "TR"),
            ],
        )

    def test_officials_are_filtered_by_nationality(self):
        self.assertEqual(
            [o["slug"] for o in self.results("official-list", nationality="TR")],
            ["hakan-fidan", "yasar-guler"],
        )

    def test_officials_of_a_country_are_its_nationals_and_those_who_held_an_office_for_it(self):
        envoy = Official.objects.create(name="Ali Envoy", nationality_id="IN")
        OfficeHeld.objects.create(
            official=envoy, title="Special envoy of Türkiye", country_id="TR", start="2024"
        )
        self.assertEqual(
            [o["slug"] for o in self.results("official-list", country="tr")],
            ["ali-envoy", "hakan-fidan", "yasar-guler"],
        )
        self.assertEqual([o["slug"] for o in self.results("official-list", country="IN")], ["ali-envoy"])
        response = self.client.get(reverse("api:official-list"), {"country": "zz"})
        self.assertEqual(
            (response.status_code, response.json()),
            (400, {"country": ["“zz” is not an ISO country code (such as PK or TR)."]}),
        )

    def test_a_name_without_accents_finds_the_official(self):
        self.assertEqual([o["slug"] for o in self.results("official-list", q="guler")], ["yasar-guler"])

    def test_a_name_with_accents_finds_the_official(self):
        self.assertEqual([o["slug"] for o in self.results("official-list", q="Güler")], ["yasar-guler"])


class OrganizationReadTests(SeedStoryAPITestCase):
    def test_the_defence_ministry_belongs_to_the_turkish_government(self):
        ministry = Organization.objects.get(slug="turkiye-ministry-of-national-defence")
        self.assertEqual(
            self.get("organization-detail", ministry.slug),
            {
                "id": ministry.pk,
                "slug": "turkiye-ministry-of-national-defence",
                "url": "http://testserver/api/organizations/turkiye-ministry-of-national-defence/",
                "name": "Ministry of National Defence",
                "acronym": "",
                "kind": "ministry",
                "country": "TR",
                "parent": "government-of-turkiye",
            },
        )

    def test_the_list_holds_every_organization_by_slug(self):
        self.assertEqual(
            [
                (o["slug"], o["acronym"], o["kind"], o["country"], o["parent"])
                for o in self.results("organization-list")
            ],
            [
                ("government-of-pakistan", "", "government", "PK", None),
                ("government-of-turkiye", "", "government", "TR", None),
                ("pakistan-ministry-of-commerce", "", "ministry", "PK", "government-of-pakistan"),
                ("pakistan-ministry-of-foreign-affairs", "", "ministry", "PK", "government-of-pakistan"),
                ("pakistan-prime-ministers-office", "", "government", "PK", "government-of-pakistan"),
                ("turkiye-ministry-of-foreign-affairs", "", "ministry", "TR", "government-of-turkiye"),
                ("turkiye-ministry-of-national-defence", "", "ministry", "TR", "government-of-turkiye"),
                (
                    "turkiye-national-intelligence-organization",
                    "MIT",
                    "intelligence",
                    "TR",
                    "government-of-turkiye",
                ),
            ],
        )


class SectorReadTests(SeedStoryAPITestCase):
    def test_lng_sits_under_energy(self):
        self.assertEqual(
            self.get("sector-detail", "lng"),
            {
                "id": Sector.objects.get(slug="lng").pk,
                "slug": "lng",
                "url": "http://testserver/api/sectors/lng/",
                "name": "LNG",
                "parent": "energy",
            },
        )

    def test_the_list_holds_the_whole_tree_by_slug(self):
        self.assertEqual(
            [(s["slug"], s["parent"]) for s in self.results("sector-list")],
            [
                ("agriculture", None),
                ("ai", "technology"),
                ("capacity-building", "defence"),
                ("culture", None),
                ("defence", None),
                ("defence-technology", "defence"),
                ("e-commerce", "technology"),
                ("energy", None),
                ("fintech", "technology"),
                ("food-security", "agriculture"),
                ("gas", "energy"),
                ("health", None),
                ("it", "technology"),
                ("joint-production", "defence"),
                ("lng", "energy"),
                ("media", None),
                ("oil", "energy"),
                ("renewable-energy", "energy"),
                ("special-economic-zones", "trade-and-investment"),
                ("technology", None),
                ("tourism", None),
                ("trade-and-investment", None),
                ("workforce", None),
            ],
        )


class SourceReadTests(SeedStoryAPITestCase):
    def test_the_arab_news_report_keeps_its_link(self):
        source = Source.objects.get(slug="arab-news-2025-09-09-jmc")
        self.assertEqual(
            self.get("source-detail", source.slug),
            {
                "id": source.pk,
                "slug": "arab-news-2025-09-09-jmc",
                "url": "http://testserver/api/sources/arab-news-2025-09-09-jmc/",
                "title": "Report on the 16th session of the Pakistan–Türkiye Joint Ministerial Commission "
                "in Islamabad",
                "link": "https://www.arabnews.com/node/2614698",
                "publisher": "Arab News",
                "published_on": {
                    "edtf": "2025-09-09",
                    "start": "2025-09-09",
                    "end": "2025-09-09",
                    "precision": "day",
                    "approximate": False,
                    "display": "9 September 2025",
                },
                "language": "en",
                "kind": "newspaper",
            },
        )

    def test_the_list_holds_every_source_latest_entered_first(self):
        self.assertEqual(
            [
                (s["slug"], s["publisher"], s["published_on"] and s["published_on"]["edtf"])
                for s in self.results("source-list")
            ],
            [
                ("turkish-state-media-2024-trade", "Turkish state media (outlet not recorded)", None),
                ("trt-world-2025-05-india-pakistan-conflict", "TRT World", None),
                ("business-standard-india-pakistan-timeline", "Business Standard", None),
                ("dna-news-2025-07-09-joint-commission-1", "DNA News", "2025-07-09"),
                ("pakistan-today-joint-commission-1", "Pakistan Today", None),
                ("business-recorder-2025-07-10-fidan-guler-visit", "Business Recorder", "2025-07-10"),
                ("trt-world-2025-07-fidan-guler-visit", "TRT World", None),
                ("hurriyet-2025-07-fidan-guler-visit", "Hürriyet Daily News", None),
                ("urdupoint-trade-goal", "UrduPoint", "2024-03"),
                ("urdupoint-2025-09-10-guler-visit", "UrduPoint", "2025-09-10"),
                ("app-2025-09-09-jmc", "Associated Press of Pakistan", "2025-09-09"),
                ("arab-news-2025-09-09-jmc", "Arab News", "2025-09-09"),
                (SEED_ARTICLE, "Publisher unknown", "2025-09-09"),
            ],
        )
