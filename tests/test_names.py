"""Every name a reader might type: ISO official names, names in a country's own languages,
historical names, commissions' other names; disputed territories named neutrally."""

from __future__ import annotations

from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import Commission, CommissionName, Country, CountryName, NameKind
from tests.world import build_world, make_event


class CountryNamesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.editor = User.objects.create_user("editor", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.athens = make_event(
            "Talks in Athens",
            "2024-03-05",
            {Country.objects.get(code="GR"): "host", cls.world.turkiye: "visitor"},
        )

    def test_official_native_and_historical_names_find_their_country(self):
        for text, code in [
            ("Hellenic Republic", "GR"),
            ("Federal Republic of Germany", "DE"),
            ("Deutschland", "DE"),
            ("Suomi", "FI"),
            ("España", "ES"),
            ("espana", "ES"),
            ("Schweiz", "CH"),
            ("Siam", "TH"),
            ("Dahomey", "BJ"),
            ("Upper Volta", "BF"),
            ("Ceylon", "LK"),
        ]:
            with self.subTest(text):
                self.assertEqual(Country.objects.lookup(text).code, code)
        self.assertIn("FI", Country.objects.matching("suomi").values_list("code", flat=True))

    def test_names_carry_their_kind_and_validity(self):
        names = {n.name: n for n in CountryName.objects.filter(country__in=["DE", "GR", "BF"])}
        self.assertEqual(names["Hellenic Republic"].kind, NameKind.OFFICIAL)
        self.assertEqual(names["Deutschland"].kind, NameKind.NATIVE)
        self.assertEqual(
            (names["Upper Volta"].kind, str(names["Upper Volta"].valid_until)), ("former", "1984-08-04")
        )

    def test_admin_autocomplete_and_the_api_find_a_native_name(self):
        self.client.force_login(self.editor)
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "relations",
                "model_name": "event",
                "field_name": "place_country",
                "term": "Deutschland",
            },
        )
        self.assertEqual([r["id"] for r in response.json()["results"]], ["DE"])
        response = APIClient().get(reverse("api:country-list"), {"q": "hellenic republic"})
        self.assertEqual([c["code"] for c in response.json()["results"]], ["GR"])

    def test_site_search_finds_a_countrys_events_by_its_official_name(self):
        response = self.client.get(reverse("relations:timeline"), {"q": "Hellenic Republic"})
        self.assertEqual([e.pk for e in response.context["page"].items], [self.athens.pk])

    def test_taiwan_is_shown_by_a_neutral_name_and_has_no_official_name(self):
        taiwan = Country.objects.get(code="TW")
        self.assertEqual(taiwan.name, "Taiwan")
        self.assertFalse(taiwan.names.filter(kind=NameKind.OFFICIAL).exists())
        self.assertFalse(
            CountryName.objects.filter(kind=NameKind.OFFICIAL, name__icontains="province of").exists()
        )
        response = self.client.get(reverse("relations:country-detail", args=["tw"]))
        self.assertContains(response, "<h1>", count=1)
        self.assertEqual(response.context["country"].name, "Taiwan")
        kinds = {n.name: n.kind for n in response.context["other_names"]}
        self.assertEqual(kinds["Taiwan (Province of China)"], NameKind.ISO)
        self.assertNotIn(NameKind.OFFICIAL, kinds.values())
        self.assertContains(response, 'Taiwan (Province of China) <span class="role">(ISO 3166 name)')


class CommissionNamesTests(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.editor = User.objects.create_user("editor", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def test_other_names_are_written_and_read_through_the_api(self):
        self.client.force_authenticate(self.editor)
        url = reverse("api:commission-detail", args=[self.world.jmc.slug])
        names = [
            {"name": "Pakistan-Turkey Joint Ministerial Commission", "kind": "former", "valid_from": None,
             "valid_until": "2022-06-01"},
            {"name": "Pak-Turkey JMC", "kind": "alternate", "valid_from": None, "valid_until": None},
        ]  # fmt: skip
        response = self.client.patch(url, {"names": names}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            sorted(response.json()["names"], key=lambda n: n["name"]), sorted(names, key=lambda n: n["name"])
        )
        backwards = {"name": "X", "kind": "former", "valid_from": "2020-01-01", "valid_until": "2019-01-01"}
        response = self.client.patch(url, {"names": [backwards]}, format="json")
        self.assertEqual(response.status_code, 400, response.json())
        self.assertEqual(
            response.json(),
            {"names": {"0": {"valid_until": ["A name cannot stop being used before it started."]}}},
        )

    def test_a_former_name_finds_the_commission_and_its_sessions(self):
        CommissionName.objects.create(
            commission=self.world.jmc,
            name="Pakistan–Turkey Joint Ministerial Commission",
            kind=NameKind.FORMER,
        )
        self.assertEqual(list(Commission.objects.matching("pakistan-turkey joint")), [self.world.jmc])
        response = self.client.get(reverse("api:commission-list"), {"q": "Pakistan-Turkey Joint"})
        self.assertEqual([c["slug"] for c in response.json()["results"]], [self.world.jmc.slug])
        response = self.client.get(reverse("api:event-list"), {"q": "pakistan-turkey joint ministerial"})
        self.assertEqual([e["slug"] for e in response.json()["results"]], [self.world.session_16.slug])
        response = self.client.get(reverse("relations:timeline"), {"q": "Pakistan-Turkey Joint"})
        self.assertEqual(list(response.context["page"].items), [self.world.session_16])

    def test_the_commission_page_and_admin_show_its_other_names(self):
        CommissionName.objects.create(commission=self.world.jmc, name="Pak-Turkey JMC")
        response = self.client.get(self.world.jmc.get_absolute_url())
        self.assertContains(response, 'Pak-Turkey JMC <span class="role">(alternate)</span>', html=False)
        self.client.force_login(self.editor)
        response = self.client.get(reverse("admin:relations_commission_changelist"), {"q": "pak-turkey"})
        self.assertEqual(list(response.context["cl"].result_list), [self.world.jmc])
        response = self.client.get(reverse("admin:relations_commission_change", args=[self.world.jmc.pk]))
        self.assertContains(response, 'name="names-0-name"')
        self.assertTrue(self.editor.has_perm("relations.add_commissionname"))
