"""Writing through the API: records named by their natural keys, and the nested lists a record takes."""

from django.urls import reverse

from relations.models import Citation, Event, EventCountry, Participant, Pledge
from tests.api_writes import JMC_16, SEED_ARTICLE, WriteTestCase, new_event, new_pledge, row_counts


class NaturalKeyTests(WriteTestCase):
    def setUp(self):
        self.as_editor()

    def test_an_event_written_with_natural_keys_reads_back_with_them(self):
        response = self.post("event-list", new_event())
        self.assertEqual(response.status_code, 201, response.content)
        event = Event.objects.get(slug="2025-pakistan-turkiye-talks-on-lng")
        self.assertEqual(
            response.json(),
            {
                "id": event.pk,
                "slug": "2025-pakistan-turkiye-talks-on-lng",
                "url": "http://testserver/api/events/2025-pakistan-turkiye-talks-on-lng/",
                "page": "/events/2025-pakistan-turkiye-talks-on-lng/",
                "title": "Pakistan–Türkiye talks on LNG",
                "kind": "meeting",
                "kind_name": "meeting",
                "tone": "cooperation",
                "status": "held",
                "date": {
                    "edtf": "2025-10",
                    "start": "2025-10-01",
                    "end": "2025-10-31",
                    "precision": "month",
                    "approximate": False,
                    "display": "October 2025",
                },
                "place": "Ankara",
                "place_country": "TR",
                "countries": [
                    {"country": "PK", "name": "Pakistan", "role": "visitor"},
                    {"country": "TR", "name": "Türkiye", "role": "host"},
                ],
                "participants": [
                    {"official": "yasar-guler", "name": "", "side": "TR", "role": "host", "capacity": ""},
                    {
                        "official": None,
                        "name": "A Pakistani delegate",
                        "side": "PK",
                        "role": "delegate",
                        "capacity": "",
                    },
                ],
                "commission": None,
                "session_number": None,
                "parent": None,
                "sectors": ["gas", "lng"],
                "summary": "",
                "citations": [{"source": SEED_ARTICLE, "excerpt": "energy"}],
                "pledge_count": 0,
            },
        )
        self.assertEqual(response.json(), self.client.get(response.json()["url"]).json())

    def test_a_pledge_written_with_natural_keys_reads_back_with_them(self):
        response = self.post("pledge-list", new_pledge())
        self.assertEqual(response.status_code, 201, response.content)
        record = response.json()
        self.assertEqual(
            {key: record[key] for key in ("event", "parties", "sectors", "target_amount", "current_status")},
            {
                "event": JMC_16,
                "parties": [{"country": "PK", "role": "beneficiary"}, {"country": "TR", "role": "pledger"}],
                "sectors": ["lng"],
                "target_amount": "1000000000.00",
                "current_status": "announced",
            },
        )
        self.assertEqual(record, self.client.get(record["url"]).json())

    def test_an_official_with_offices_and_an_organization(self):
        organization = self.post(
            "organization-list",
            {
                "name": "Embassy of Türkiye in Islamabad",
                "kind": "other",
                "country": "tr",
                "parent": "GOVERNMENT-OF-TURKIYE",
            },
        )
        self.assertEqual(organization.status_code, 201, organization.content)
        self.assertEqual(organization.json()["slug"], "embassy-of-turkiye-in-islamabad")
        official = {
            "name": "İrfan Neziroğlu",
            "nationality": "TR",
            "names": [{"name": "Irfan Neziroglu", "kind": "transliteration"}],
            "offices": [
                {
                    "title": "Ambassador to Pakistan",
                    "organization": "embassy-of-turkiye-in-islamabad",
                    "country": "tr",
                    "start": "2023",
                    "citations": [{"source": "seed-article"}],
                }
            ],
        }
        response = self.post("official-list", official)
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["slug"], "irfan-neziroglu")
        self.assertEqual(response.json(), self.client.get(response.json()["url"]).json())
        self.assertEqual(response.json()["offices"][0]["start"]["display"], "2023")
        self.assertEqual(
            [
                e["slug"]
                for e in self.client.get(reverse("api:official-list"), {"q": "irfan"}).json()["results"]
            ],
            ["irfan-neziroglu"],
        )

    def test_a_commission_with_its_members(self):
        response = self.post(
            "commission-list",
            {
                "name": "Pakistan–Türkiye High-Level Strategic Cooperation Council",
                "kind": "high_level_council",
                "members": ["tr", "pk"],
                "founded": "2009",
            },
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            {key: response.json()[key] for key in ("slug", "members", "sessions")},
            {
                "slug": "pakistan-turkiye-high-level-strategic-cooperation-council",
                "members": ["PK", "TR"],
                "sessions": [],
            },
        )
        self.assertEqual(response.json()["founded"]["precision"], "year")


class NestedListTests(WriteTestCase):
    def setUp(self):
        self.as_editor()

    def test_patching_a_nested_list_replaces_it(self):
        response = self.patch(
            "event-detail",
            JMC_16,
            # Pakistan stays: pledges made at the session bind it.
            {
                "countries": [{"country": "TR", "role": "host"}, {"country": "PK", "role": "party"}],
                "participants": [],
                "sectors": ["energy"],
            },
        )
        self.assertEqual(response.status_code, 200, response.content)
        event = Event.objects.get(slug=JMC_16)
        self.assertEqual(
            list(event.event_countries.values_list("country_id", "role")), [("PK", "party"), ("TR", "host")]
        )
        self.assertFalse(event.participants.exists())
        self.assertEqual(list(event.sectors.values_list("slug", flat=True)), ["energy"])
        self.assertEqual(
            {key: response.json()[key] for key in ("countries", "participants", "sectors")},
            {
                "countries": [
                    {"country": "PK", "name": "Pakistan", "role": "party"},
                    {"country": "TR", "name": "Türkiye", "role": "host"},
                ],
                "participants": [],
                "sectors": ["energy"],
            },
        )

    def test_a_list_left_out_of_a_patch_is_kept(self):
        before = self.client.get(reverse("api:event-detail", args=[JMC_16])).json()
        response = self.patch("event-detail", JMC_16, {"summary": "Shorter."})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json(), {**before, "summary": "Shorter."})

    def test_a_changed_role_updates_the_row_in_place(self):
        pk_row = EventCountry.objects.get(event__slug=JMC_16, country_id="PK")
        self.patch(
            "event-detail",
            JMC_16,
            {"countries": [{"country": "PK", "role": "party"}, {"country": "TR", "role": "party"}]},
        )
        pk_row.refresh_from_db()
        self.assertEqual(pk_row.role, "party")

    def test_patching_the_status_history_changes_the_current_status(self):
        pledge = Pledge.objects.get(target_amount__isnull=False)
        history = [
            {"status": "announced", "as_of": "2024-03"},  # its citations, left out, are kept
            {"status": "in_progress", "as_of": "2025-12", "citations": [{"source": "app-2025-09-09-jmc"}]},
        ]
        response = self.patch("pledge-detail", pledge.pk, {"status_history": history})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["current_status"], "in_progress")
        self.assertEqual(
            [(c["status"], c["as_of"]["edtf"], c["citations"]) for c in response.json()["status_history"]],
            [
                ("announced", "2024-03", [{"source": "urdupoint-trade-goal", "excerpt": ""}]),
                ("in_progress", "2025-12", [{"source": "app-2025-09-09-jmc", "excerpt": ""}]),
            ],
        )
        self.assertEqual(response.json(), self.client.get(response.json()["url"]).json())

    def test_a_status_change_left_out_is_deleted_with_its_citations(self):
        pledge = Pledge.objects.get(target_amount__isnull=False)
        history = [{"status": "in_progress", "as_of": "2025-12", "citations": []}]
        response = self.patch("pledge-detail", pledge.pk, {"status_history": history})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            [(c["status"], c["citations"]) for c in response.json()["status_history"]], [("in_progress", [])]
        )
        self.assertFalse(Citation.objects.filter(status_change__pledge=pledge).exists())

    def test_putting_a_record_back_as_read_changes_nothing(self):
        for url in (
            reverse("api:event-detail", args=[JMC_16]),
            reverse("api:pledge-detail", args=[Pledge.objects.get(target_amount__isnull=False).pk]),
            reverse("api:official-detail", args=["hakan-fidan"]),
            reverse("api:commission-detail", args=["pakistan-turkiye-jmc"]),
        ):
            with self.subTest(url):
                record = self.client.get(url).json()
                before = {
                    label: n
                    for label, n in row_counts().items()
                    if not label.startswith("relations.Historical")
                }
                response = self.client.put(url, record, format="json")
                self.assertEqual(response.status_code, 200, response.content)
                self.assertEqual(response.json(), record)
                self.assertEqual(
                    {
                        label: n
                        for label, n in row_counts().items()
                        if not label.startswith("relations.Historical")
                    },
                    before,
                )

    def test_two_people_known_by_the_same_name_stay_two(self):
        delegates = [{"name": "A delegate", "side": "PK"}, {"name": "A delegate", "side": "TR"}]
        created = self.post("event-list", new_event(participants=delegates)).json()
        for _ in range(2):
            response = self.client.put(created["url"], created, format="json")
            self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["participants"], created["participants"])
        self.assertEqual(Participant.objects.filter(event__slug=created["slug"]).count(), 2)

    def test_an_approximate_range_is_posted_back_as_read(self):
        created = self.post("event-list", new_event(date="c. 2025-09-08/2025-09-10")).json()
        self.assertEqual(
            created["date"],
            {
                "edtf": "2025-09-08~/2025-09-10~",
                "start": "2025-09-08",
                "end": "2025-09-10",
                "precision": "day",
                "approximate": True,
                "display": "c. 8–10 September 2025",
            },
        )
        response = self.client.put(created["url"], created, format="json")
        self.assertEqual((response.status_code, response.json()), (200, created))
        response = self.patch("event-detail", created["slug"], {"date": "2025-09-08~/2025-09-11~"})
        self.assertEqual(response.json()["date"]["display"], "c. 8–11 September 2025")
