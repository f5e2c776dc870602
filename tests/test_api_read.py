"""Reading the API: every list and record shows the seed story exactly as an exporter needs it."""

from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import Commission, Event, OfficeHeld, Official, Organization, Pledge, Sector, Source
from tests.world import load_story

JMC_16 = "2025-pakistan-turkiye-jmc-16th-session"
GULER_VISIT = "2025-yasar-guler-visit-to-pakistan"
TRADE_GOAL = "2024-pakistan-turkiye-us-5-billion-trade-goal"
SEED_ARTICLE = "seed-article"


def one_day(iso: str, display: str) -> dict:
    """How the API writes a date reported to the day."""
    return {
        "edtf": iso,
        "start": iso,
        "end": iso,
        "precision": "day",
        "approximate": False,
        "display": display,
    }


class SeedStoryAPITestCase(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        load_story()

    def get(self, name: str, *args, **params):
        response = self.client.get(reverse(f"api:{name}", args=args), params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def results(self, name: str, **params) -> list[dict]:
        """Every record of a list, read as one page of at most 500."""
        page = self.get(name, page_size=500, **params)
        self.assertIsNone(page["next"])
        return page["results"]


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
                    "sectors",
                    "sources",
                )
            },
        )

    def test_the_root_opens_in_a_browser(self):
        response = self.client.get(reverse("api:api-root"), HTTP_ACCEPT="text/html")
        self.assertContains(response, "Api Root")


class EventReadTests(SeedStoryAPITestCase):
    def test_the_16th_jmc_carries_everything_an_exporter_needs(self):
        event = Event.objects.get(slug=JMC_16)
        self.assertEqual(
            self.get("event-detail", JMC_16),
            {
                "id": event.pk,
                "slug": JMC_16,
                "url": f"http://testserver/api/events/{JMC_16}/",
                "page": f"/events/{JMC_16}/",
                "title": "16th session of the Pakistan–Türkiye Joint Ministerial Commission",
                "kind": "commission_session",
                "kind_name": "commission session",
                "tone": "cooperation",
                "status": "held",
                "date": {
                    "edtf": "2025-09-08/2025-09-09",
                    "start": "2025-09-08",
                    "end": "2025-09-09",
                    "precision": "day",
                    "approximate": False,
                    "display": "8–9 September 2025",
                },
                "place": "Islamabad",
                "place_country": "PK",
                "countries": [
                    {"country": "PK", "name": "Pakistan", "role": "host"},
                    {"country": "TR", "name": "Türkiye", "role": "visitor"},
                ],
                "participants": [
                    {
                        "official": "jam-kamal-khan",
                        "name": "",
                        "side": "PK",
                        "role": "co_chair",
                        "capacity": "Federal Minister for Commerce",
                    },
                    {
                        "official": "yasar-guler",
                        "name": "",
                        "side": "TR",
                        "role": "co_chair",
                        "capacity": "Minister of National Defence",
                    },
                ],
                "commission": "pakistan-turkiye-jmc",
                "session_number": 16,
                "parent": GULER_VISIT,
                "sectors": [
                    "agriculture",
                    "ai",
                    "capacity-building",
                    "culture",
                    "defence-technology",
                    "e-commerce",
                    "fintech",
                    "food-security",
                    "gas",
                    "health",
                    "it",
                    "joint-production",
                    "lng",
                    "media",
                    "oil",
                    "renewable-energy",
                    "special-economic-zones",
                    "tourism",
                    "trade-and-investment",
                    "workforce",
                ],
                "summary": event.summary,
                "citations": [
                    {
                        "source": SEED_ARTICLE,
                        "excerpt": "The joint ministerial commission’s 16th meeting was co-chaired by "
                        "Pakistan’s Commerce Minister Jam Kamal Khan and Turkiye’s Minister of National "
                        "Defense "
                        "Yaşar Güler.",
                    },
                    {"source": "arab-news-2025-09-09-jmc", "excerpt": ""},
                    {"source": "app-2025-09-09-jmc", "excerpt": ""},
                ],
                "pledge_count": 7,
            },
        )
        self.assertTrue(event.summary.startswith("Two days of ministerial talks in Islamabad"))

    def test_a_month_precision_event_never_gains_a_day(self):
        support = self.get("event-detail", "2025-turkiye-support-for-pakistan")
        self.assertEqual(
            support["date"],
            {
                "edtf": "2025-05",
                "start": "2025-05-01",
                "end": "2025-05-31",
                "precision": "month",
                "approximate": False,
                "display": "May 2025",
            },
        )
        self.assertEqual(
            support["countries"],
            [
                {"country": "IN", "name": "India", "role": "party"},
                {"country": "PK", "name": "Pakistan", "role": "party"},
                {"country": "TR", "name": "Türkiye", "role": "supporter"},
            ],
        )
        self.assertEqual((support["place"], support["place_country"]), ("Ankara", "TR"))

    def test_an_event_without_a_commission_says_so(self):
        visit = self.get("event-detail", GULER_VISIT)
        self.assertEqual(
            {
                key: visit[key]
                for key in ("commission", "session_number", "parent", "sectors", "pledge_count")
            },
            {"commission": None, "session_number": None, "parent": None, "sectors": [], "pledge_count": 0},
        )
        self.assertEqual(visit["date"]["display"], "8–10 September 2025")
        self.assertEqual(
            [(p["official"], p["side"], p["role"]) for p in visit["participants"]],
            [("yasar-guler", "TR", "guest"), ("shehbaz-sharif", "PK", "host")],
        )

    def test_the_list_holds_every_event_newest_first(self):
        events = self.results("event-list")
        # Events that start on the same day come in either order (the list sorts by day only).
        by_day: dict[str, set[tuple[str, str]]] = {}
        for event in events:
            by_day.setdefault(event["date"]["start"], set()).add((event["date"]["edtf"], event["title"]))
        self.assertEqual(
            list(by_day.items()),
            [
                (
                    "2025-09-08",
                    {
                        ("2025-09-08/2025-09-10", "Yaşar Güler's official visit to Pakistan"),
                        (
                            "2025-09-08/2025-09-09",
                            "16th session of the Pakistan–Türkiye Joint Ministerial Commission",
                        ),
                    },
                ),
                (
                    "2025-07-09",
                    {
                        ("2025-07-09", "First meeting of the Pakistan–Türkiye Joint Commission"),
                        ("2025-07-09", "Hakan Fidan and Yaşar Güler visit Pakistan"),
                    },
                ),
                ("2025-05-07", {("2025-05-07/2025-05-10", "India–Pakistan armed conflict")}),
                (
                    "2025-05-01",
                    {("2025-05", "Türkiye publicly supports Pakistan in its conflict with India")},
                ),
                (
                    "2024-03-01",
                    {("2024-03", "Pakistan and Türkiye set a goal of US$5 billion in bilateral trade")},
                ),
            ],
        )

    def test_a_list_row_is_the_same_record_as_the_detail(self):
        row = next(e for e in self.results("event-list") if e["slug"] == JMC_16)
        self.assertEqual(row, self.get("event-detail", JMC_16))

    def test_an_event_is_found_by_its_slug_in_any_case(self):
        self.assertEqual(self.get("event-detail", JMC_16.upper())["slug"], JMC_16)

    def test_an_unknown_event_is_not_found(self):
        response = self.client.get(reverse("api:event-detail", args=["no-such-event"]))
        self.assertEqual(response.status_code, 404)


class PledgeReadTests(SeedStoryAPITestCase):
    def test_the_trade_goal_keeps_its_dollars_status_and_dated_history(self):
        pledge = Pledge.objects.get(target_amount__isnull=False)
        self.assertEqual(
            self.get("pledge-detail", pledge.pk),
            {
                "id": pledge.pk,
                "url": f"http://testserver/api/pledges/{pledge.pk}/",
                "event": TRADE_GOAL,
                "title": "Expand bilateral trade to US$5 billion a year",
                "description": pledge.description,
                "wording": "announced plans to expand bilateral trade to $5 billion",
                "parties": [{"country": "PK", "role": "mutual"}, {"country": "TR", "role": "mutual"}],
                "sectors": ["trade-and-investment"],
                "target_amount": "5000000000.00",
                "target_currency": "USD",
                "target_unit": "",
                "target_measure": "annual bilateral trade",
                "baseline_amount": "1400000000.00",
                "baseline_note": "bilateral trade in 2024, Turkish state media",
                "currencies": [],
                "due": None,
                "current_status": "announced",
                "status_history": [
                    {
                        "status": "announced",
                        "as_of": {
                            "edtf": "2024-03",
                            "start": "2024-03-01",
                            "end": "2024-03-31",
                            "precision": "month",
                            "approximate": False,
                            "display": "March 2024",
                        },
                        "note": "The earliest report of the goal; "
                        "the occasion it was first set is not recorded.",
                        "citations": [{"source": "urdupoint-trade-goal", "excerpt": ""}],
                    }
                ],
                "reaffirmations": [
                    {
                        "event": JMC_16,
                        "note": "Around the 16th JMC the sides “announced plans to expand bilateral trade "
                        "to $5 billion” (seed article).",
                    }
                ],
                "citations": [
                    {
                        "source": SEED_ARTICLE,
                        "excerpt": "who have resolved recently to enhance defense, economic and investment "
                        "relations, and announced plans to expand bilateral trade to $5 billion",
                    },
                    {"source": "urdupoint-trade-goal", "excerpt": ""},
                ],
            },
        )

    def test_the_investment_pledge_binds_pakistan_for_turkiye(self):
        pledge = Pledge.objects.get(sectors__slug="special-economic-zones")
        record = self.get("pledge-detail", pledge.pk)
        self.assertEqual(
            record["parties"],
            [{"country": "PK", "role": "pledger"}, {"country": "TR", "role": "beneficiary"}],
        )
        self.assertEqual(
            (record["target_amount"], record["target_currency"], record["due"]), (None, "", None)
        )
        self.assertEqual(record["status_history"][0]["as_of"]["display"], "9 September 2025")

    def test_the_list_holds_every_pledge_in_the_order_they_were_entered(self):
        pledges = self.results("pledge-list")
        self.assertEqual(
            [(p["id"], p["title"], p["event"], p["current_status"]) for p in pledges],
            [
                (p.pk, p.title, p.event.slug, "announced")
                for p in Pledge.objects.select_related("event").order_by("pk")
            ],
        )
        self.assertEqual(
            [p["title"] for p in pledges],
            [
                "Work together on renewable energy, oil, gas and LNG",
                "Boost defence technology, joint production and capacity building",
                "Open cooperation in agriculture, food security and health",
                "Boost cooperation in IT, e-commerce, fintech and artificial intelligence",
                "Collaborate on workforce, media, culture and tourism",
                "Pakistan to facilitate Turkish investors in its special economic zones",
                "Expand bilateral trade to US$5 billion a year",
                "Turn Pakistan–Türkiye ties into a productive economic partnership",
            ],
        )

    def test_a_pledge_that_does_not_exist_is_not_found(self):
        response = self.client.get(reverse("api:pledge-detail", args=[10**9]))
        self.assertEqual(response.status_code, 404)


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
                "title": "[Report on the 16th session of the Pakistan–Türkiye Joint Ministerial Commission]",
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
                ("trt-world-2025-05-india-pakistan-conflict", "TRT World", "2025-05"),
                ("business-standard-india-pakistan-timeline", "Business Standard", None),
                ("dna-news-2025-07-09-joint-commission-1", "DNA News", "2025-07-09"),
                ("pakistan-today-joint-commission-1", "Pakistan Today", None),
                ("business-recorder-2025-07-10-fidan-guler-visit", "Business Recorder", "2025-07-10"),
                ("trt-world-2025-07-fidan-guler-visit", "TRT World", "2025-07"),
                ("hurriyet-2025-07-fidan-guler-visit", "Hürriyet Daily News", "2025-07"),
                ("urdupoint-trade-goal", "UrduPoint", None),
                ("urdupoint-2025-09-10-guler-visit", "UrduPoint", "2025-09-10"),
                ("app-2025-09-09-jmc", "Associated Press of Pakistan", "2025-09-09"),
                ("arab-news-2025-09-09-jmc", "Arab News", "2025-09-09"),
                (SEED_ARTICLE, "News report (seed article)", "2025-09-09"),
            ],
        )
