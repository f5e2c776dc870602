"""A record that exists already by its natural key is refused, naming it, when written again as
new, through the API (400) and the admin (a form error); it is changed on its own URL."""

from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import Commission, Event, Official, Organization, Pledge, Sector
from tests.world import build_world


class DuplicateTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.ministry = Organization.objects.create(name="Ministry of Commerce", country=cls.world.pakistan)
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))


class APITests(DuplicateTestCase):
    client_class = APIClient

    def setUp(self):
        self.client.force_authenticate(self.editor)

    def assertRefusedAsDuplicate(self, name: str, record: dict, existing_url: str, message: str) -> None:
        model_counts = [model.objects.count() for model in (Pledge, Event, Official, Organization, Sector)]
        response = self.client.post(reverse(f"api:{name}"), record, format="json")
        self.assertEqual(
            (response.status_code, response.json()),
            (400, {"non_field_errors": [f"{message}: http://testserver{existing_url}"]}),
        )
        self.assertEqual(
            [model.objects.count() for model in (Pledge, Event, Official, Organization, Sector)], model_counts
        )

    def test_a_pledge_read_from_the_api_and_posted_back_is_refused_naming_it(self):
        url = reverse("api:pledge-detail", args=[self.world.trade_pledge.pk])
        record = self.client.get(url).json()
        self.assertRefusedAsDuplicate(
            "pledge-list",
            record,
            url,
            "A pledge “Expand bilateral trade to US$5 billion” made at "
            "“16th session of the Pakistan–Türkiye Joint Ministerial Commission” already exists",
        )

    def test_a_pledge_is_the_same_whatever_the_case_and_accents_of_its_title(self):
        record = {
            "event": self.world.session_16.slug,
            "title": "COOPERATE ON LNG",
            "parties": [{"country": "PK", "role": "mutual"}],
        }
        response = self.client.post(reverse("api:pledge-list"), record, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn(f"/api/pledges/{self.world.lng_pledge.pk}/", response.json()["non_field_errors"][0])
        record["event"] = self.world.visit_july.slug  # the same words at another event: another pledge
        self.assertEqual(self.client.post(reverse("api:pledge-list"), record, format="json").status_code, 201)

    def test_a_record_is_changed_on_its_own_url(self):
        url = reverse("api:pledge-detail", args=[self.world.trade_pledge.pk])
        record = self.client.get(url).json()
        response = self.client.put(
            url, {**record, "description": "Trade of US$5 billion a year."}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        response = self.client.patch(url, {"title": "Cooperate on LNG"}, format="json")
        self.assertEqual(response.status_code, 400)

    def test_an_event_with_the_same_title_and_dates_is_refused(self):
        session = self.world.session_16
        record = self.client.get(reverse("api:event-detail", args=[session.slug])).json()
        del record["slug"]
        record.update(commission=None, session_number=None, title=session.title.upper())
        self.assertRefusedAsDuplicate(
            "event-list",
            record,
            reverse("api:event-detail", args=[session.slug]),
            f"An event “{session.title}” on 8–9 September 2025 already exists",
        )
        other_pair = {
            **record,
            "countries": [{"country": "AZ", "role": "party"}, {"country": "PK", "role": "party"}],
        }
        other_pair["participants"] = []  # the same title on the same days between other countries
        response = self.client.post(reverse("api:event-list"), other_pair, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        record["date"] = "2025-09-07"  # another day: another event
        self.assertEqual(self.client.post(reverse("api:event-list"), record, format="json").status_code, 201)

    def test_an_official_of_the_same_name_and_nationality_is_refused_unless_told_apart(self):
        guler = {"name": "Yasar GULER", "nationality": "TR"}
        self.assertRefusedAsDuplicate(
            "official-list",
            guler,
            reverse("api:official-detail", args=[self.world.guler.slug]),
            "An official “Yaşar Güler” of Türkiye already exists; if this is a namesake, "
            "give each their Wikidata id",
        )
        Official.objects.filter(pk=self.world.guler.pk).update(wikidata_id="Q6375361")
        response = self.client.post(
            reverse("api:official-list"), {**guler, "wikidata_id": "Q1"}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)

    def test_an_organization_sector_or_commission_written_twice_is_refused(self):
        self.assertRefusedAsDuplicate(
            "organization-list",
            {"name": "ministry of commerce", "country": "PK"},
            reverse("api:organization-detail", args=[self.ministry.slug]),
            "An organization “Ministry of Commerce” of Pakistan already exists",
        )
        self.assertRefusedAsDuplicate(
            "sector-list",
            {"name": "lng", "slug": "liquefied-gas", "parent": "energy"},
            reverse("api:sector-detail", args=["lng"]),
            "A sector “LNG” already exists there",
        )
        jmc = {"name": self.world.jmc.name, "kind": "joint_ministerial", "members": ["TR", "PK"]}
        self.assertRefusedAsDuplicate(
            "commission-list",
            jmc,
            reverse("api:commission-detail", args=[self.world.jmc.slug]),
            f"A commission “{self.world.jmc.name}” with the same members already exists",
        )
        # The same words in another country, under another parent, between other members: others.
        for name, record in (
            ("organization-list", {"name": "Ministry of Commerce", "country": "TR"}),
            ("sector-list", {"name": "LNG", "slug": "lng-trade"}),
            ("commission-list", {**jmc, "members": ["TR", "IN"]}),
        ):
            with self.subTest(name):
                response = self.client.post(reverse(f"api:{name}"), record, format="json")
                self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(Commission.objects.filter(name=self.world.jmc.name).count(), 2)


class AdminTests(DuplicateTestCase):
    def setUp(self):
        self.client.force_login(self.editor)

    def test_the_admin_refuses_a_pledge_that_exists(self):
        management = {}
        for prefix in ("parties", "status_changes", "reaffirmations", "citations"):
            management |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
        response = self.client.post(
            reverse("admin:relations_pledge_add"),
            {"event": str(self.world.session_16.pk), "title": "cooperate on lng", **management},
        )
        self.assertContains(
            response,
            "A pledge “Cooperate on LNG” made at “16th session of the Pakistan–Türkiye Joint "
            "Ministerial Commission” already exists. Change that one instead.",
        )
        self.assertEqual(Pledge.objects.filter(title__iexact="cooperate on lng").count(), 1)

    def test_the_admin_refuses_an_organization_that_exists_but_saves_it_unchanged(self):
        url = reverse("admin:relations_organization_add")
        data = {
            "name": "Ministry of Commerce",
            "slug": "",
            "kind": "ministry",
            "country": "PK",
            "acronym": "",
        }
        self.assertContains(self.client.post(url, data), "An organization “Ministry of Commerce” of Pakistan")
        change = reverse("admin:relations_organization_change", args=[self.ministry.pk])
        response = self.client.post(change, {**data, "slug": self.ministry.slug})
        self.assertEqual(response.status_code, 302)
