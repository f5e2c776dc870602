"""Reading the API: every event and pledge of the test story exactly as an exporter needs it."""

from django.urls import reverse

from relations.models import Event, Pledge, PledgeParty
from tests.api_reads import GULER_VISIT, JMC_16, SEED_ARTICLE, TRADE_GOAL, SeedStoryAPITestCase


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
                # Its one figure, 2024's, is the baseline: no way covered, and older than 18
                # months by the end of June 2026.
                "progress": {
                    "verdict": "no_recent_data",
                    "share": "0.0000",
                    "start": "1400000000.00",
                    "latest": "1400000000.00",
                    "observed_until": "2024-12-31",
                    "pace_needed": None,
                    "disagrees_with_status": False,
                },
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
                "observations": [
                    {
                        "period": {
                            "edtf": "2024",
                            "start": "2024-01-01",
                            "end": "2024-12-31",
                            "precision": "year",
                            "approximate": False,
                            "display": "2024",
                        },
                        "value": "1400000000.00",
                        "currency": "USD",
                        "unit": "",
                        "source": "turkish-state-media-2024-trade",
                        "excerpt": "",
                        "note": "Bilateral trade in 2024, about US$1.4 billion as Turkish state media "
                        "reported it; the outlet is not recorded. The same figure is the pledge's baseline.",
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
                    {"source": "turkish-state-media-2024-trade", "excerpt": ""},
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

    def test_the_list_holds_every_pledge_newest_first_as_the_tracker_lists_them(self):
        pledges = self.results("pledge-list")
        self.assertEqual(
            [(p["id"], p["title"], p["event"], p["current_status"]) for p in pledges],
            [
                (p.pk, p.title, p.event.slug, "announced")
                for p in Pledge.objects.select_related("event").order_by("-date_start", "-pk")
            ],
        )
        # The seven made at the 16th JMC, the latest entered first, then the trade goal of 2024.
        self.assertEqual(
            [p["title"] for p in pledges],
            [
                "Turn Pakistan–Türkiye ties into a productive economic partnership",
                "Pakistan to facilitate Turkish investors in its special economic zones",
                "Collaborate on workforce, media, culture and tourism",
                "Boost cooperation in IT, e-commerce, fintech and artificial intelligence",
                "Open cooperation in agriculture, food security and health",
                "Boost defence technology, joint production and capacity building",
                "Work together on renewable energy, oil, gas and LNG",
                "Expand bilateral trade to US$5 billion a year",
            ],
        )

    def test_parties_are_listed_by_country_name_as_the_pledge_page_lists_them(self):
        pledge = Pledge.objects.create(event=Event.objects.get(slug=JMC_16), title="Ship LNG by sea")
        PledgeParty.objects.create(pledge=pledge, country_id="AE", role=PledgeParty.Role.MUTUAL)
        PledgeParty.objects.create(pledge=pledge, country_id="PK", role=PledgeParty.Role.MUTUAL)
        expected = [{"country": "PK", "role": "mutual"}, {"country": "AE", "role": "mutual"}]
        self.assertEqual(self.get("pledge-detail", pledge.pk)["parties"], expected)
        listed = {p["id"]: p for p in self.results("pledge-list")}
        self.assertEqual(listed[pledge.pk]["parties"], expected)
        csv = b"".join(self.client.get(reverse("api:pledge-list"), {"format": "csv"}).streaming_content)
        self.assertIn(b"PK:mutual;AE:mutual", csv)
        page = self.client.get(pledge.get_absolute_url()).content.decode()
        self.assertLess(page.index("Pakistan"), page.index("United Arab Emirates"))

    def test_a_pledge_that_does_not_exist_is_not_found(self):
        response = self.client.get(reverse("api:pledge-detail", args=[10**9]))
        self.assertEqual(response.status_code, 404)
