"""Free text has a length limit, and no record sits below itself in a tree: both are refused with
a message on the field, in admin, through the API and by the model's own validation."""

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.api.base import integrity_message
from relations.models import Commission, Country, Event, OfficialName, Organization, Sector
from relations.models.constraints import constraint_message
from relations.models.limits import LONG_TEXT
from tests.test_admin import admin_url, event_form, inline_management
from tests.world import build_world

API_TOO_LONG = "Ensure this field has no more than 20000 characters."
FORM_TOO_LONG = "Ensure this value has at most 20000 characters (it has 20001)."


class EditorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_login(self.editor)
        self.api = APIClient()
        self.api.force_authenticate(self.editor)

    def patch(self, name: str, key, data: dict):
        return self.api.patch(reverse(f"api:{name}", args=[key]), data, format="json")


class TextLengthTests(EditorTestCase):
    def test_the_limit_is_twenty_thousand_characters(self):
        self.assertEqual(LONG_TEXT, 20_000)

    def test_the_api_refuses_a_summary_one_character_too_long_and_keeps_the_old_one(self):
        event = self.world.session_16
        response = self.patch("event-detail", event.slug, {"summary": "x" * (LONG_TEXT + 1)})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"summary": [API_TOO_LONG]})
        event.refresh_from_db()
        self.assertEqual(event.summary, "")

    def test_the_api_keeps_a_summary_of_exactly_the_limit(self):
        event = self.world.session_16
        response = self.patch("event-detail", event.slug, {"summary": "x" * LONG_TEXT})
        self.assertEqual(response.status_code, 200, response.content)
        event.refresh_from_db()
        self.assertEqual(len(event.summary), LONG_TEXT)

    def test_the_api_refuses_a_pledge_wording_and_a_commission_description_too_long(self):
        w = self.world
        for name, key, field in (
            ("pledge-detail", w.trade_pledge.pk, "wording"),
            ("commission-detail", w.jmc.slug, "description"),
        ):
            with self.subTest(field):
                response = self.patch(name, key, {field: "x" * (LONG_TEXT + 1)})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json(), {field: [API_TOO_LONG]})

    def test_the_schema_tells_clients_the_limit(self):
        schema = self.api.get(reverse("api:schema"), {"format": "json"}).json()
        properties = schema["components"]["schemas"]["EventRequest"]["properties"]
        self.assertEqual(properties["summary"]["maxLength"], LONG_TEXT)

    def test_the_admin_form_refuses_a_summary_too_long_and_writes_nothing(self):
        data = event_form(self.world, summary="x" * (LONG_TEXT + 1))
        response = self.client.post(admin_url(Event, "add"), data)
        self.assertContains(response, FORM_TOO_LONG)
        self.assertFalse(Event.objects.filter(title=data["title"]).exists())

    def test_the_model_refuses_it_for_any_other_writer(self):
        event = self.world.session_16
        event.summary = "x" * (LONG_TEXT + 1)
        with self.assertRaises(ValidationError) as caught:
            event.full_clean()
        self.assertEqual(caught.exception.message_dict, {"summary": [FORM_TOO_LONG]})


class CycleTests(EditorTestCase):
    """The world's sectors: Energy above LNG."""

    def test_a_sector_cannot_go_below_its_own_child(self):
        energy = self.world.energy
        energy.parent = self.world.lng
        with self.assertRaises(ValidationError) as caught:
            energy.full_clean()
        self.assertEqual(
            caught.exception.message_dict,
            {"parent": ["A sector cannot be its own parent: Energy → LNG → Energy."]},
        )

    def test_a_loop_through_several_organizations_is_named_in_full(self):
        ministry = Organization.objects.create(name="Ministry")
        office = Organization.objects.create(name="Office", parent=ministry)
        desk = Organization.objects.create(name="Desk", parent=office)
        ministry.parent = desk
        with self.assertRaises(ValidationError) as caught:
            ministry.full_clean()
        self.assertEqual(
            caught.exception.message_dict,
            {"parent": ["An organization cannot be part of itself: Ministry → Desk → Office → Ministry."]},
        )

    def test_a_new_parent_elsewhere_in_the_tree_is_accepted(self):
        power = Sector.objects.create(name="Power", slug="power")
        lng = self.world.lng
        lng.parent = power
        lng.full_clean()  # no error

    def test_the_api_refuses_an_event_made_part_of_its_own_part(self):
        w = self.world
        Event.objects.filter(pk=w.session_16.pk).update(parent=w.visit_july)
        response = self.patch("event-detail", w.visit_july.slug, {"parent": w.session_16.slug})
        self.assertEqual(response.status_code, 400)
        loop = " → ".join([w.visit_july.title, w.session_16.title, w.visit_july.title])
        self.assertEqual(response.json(), {"parent": [f"An event cannot be part of itself: {loop}."]})
        w.visit_july.refresh_from_db()
        self.assertIsNone(w.visit_july.parent)

    def test_the_api_refuses_a_sector_below_its_child(self):
        response = self.patch("sector-detail", "energy", {"parent": "lng"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(), {"parent": ["A sector cannot be its own parent: Energy → LNG → Energy."]}
        )
        self.assertIsNone(Sector.objects.get(slug="energy").parent)

    def test_the_api_refuses_a_commission_reporting_to_one_that_reports_to_it(self):
        jmc = self.world.jmc
        council = Commission.objects.create(name="Council", kind=Commission.Kind.OTHER, parent=jmc)
        response = self.patch("commission-detail", jmc.slug, {"parent": council.slug})
        self.assertEqual(response.status_code, 400)
        loop = f"{jmc.name} → Council → {jmc.name}"
        self.assertEqual(response.json(), {"parent": [f"A commission cannot report to itself: {loop}."]})

    def test_the_api_still_says_a_record_cannot_be_its_own_parent_once(self):
        response = self.patch("sector-detail", "energy", {"parent": "energy"})
        self.assertEqual(response.json(), {"parent": ["A sector cannot be its own parent."]})

    def sector_form(self, sector: Sector, parent: Sector) -> dict[str, str]:
        return {"name": sector.name, "slug": sector.slug, "parent": str(parent.pk)}

    def test_the_admin_refuses_a_sector_below_its_child(self):
        energy = self.world.energy
        response = self.client.post(
            admin_url(Sector, "change", energy.pk), self.sector_form(energy, self.world.lng)
        )
        self.assertContains(response, "A sector cannot be its own parent: Energy → LNG → Energy.")
        energy.refresh_from_db()
        self.assertIsNone(energy.parent)

    def test_the_admin_says_in_words_that_a_sector_cannot_be_its_own_parent(self):
        energy = self.world.energy
        response = self.client.post(admin_url(Sector, "change", energy.pk), self.sector_form(energy, energy))
        self.assertContains(response, "A sector cannot be its own parent.")
        energy.refresh_from_db()
        self.assertIsNone(energy.parent)


class ConstraintMessageTests(EditorTestCase):
    """Each constraint carries its message: the admin and the API show the same words."""

    def test_a_record_as_its_own_parent_gets_its_constraints_message_from_the_api(self):
        w = self.world
        ministry = Organization.objects.create(name="Ministry", slug="ministry")
        cases = [
            ("organization-detail", ministry.slug, Organization, "An organization cannot be part of itself."),
            ("sector-detail", "energy", Sector, "A sector cannot be its own parent."),
            ("commission-detail", w.jmc.slug, Commission, "A commission cannot report to itself."),
            ("event-detail", w.visit_july.slug, Event, "An event cannot be part of itself."),
        ]
        for name, key, model, message in cases:
            with self.subTest(name):
                response = self.patch(name, key, {"parent": key})
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json(), {"parent": [message]})
                own_parent = f"{model._meta.model_name}_not_own_parent"
                self.assertEqual(constraint_message(model, own_parent), message)

    def test_the_admin_shows_the_same_message_for_an_organization_as_its_own_parent(self):
        ministry = Organization.objects.create(name="Ministry", slug="ministry", kind="ministry")
        form = {"name": "Ministry", "slug": "ministry", "acronym": "", "kind": "ministry", "country": ""}
        response = self.client.post(
            admin_url(Organization, "change", ministry.pk), {**form, "parent": ministry.pk}
        )
        self.assertContains(response, "An organization cannot be part of itself.")
        ministry.refresh_from_db()
        self.assertIsNone(ministry.parent)

    def test_a_loop_quotes_the_constraints_message(self):
        energy = self.world.energy
        energy.parent = self.world.lng
        with self.assertRaises(ValidationError) as caught:
            energy.full_clean()
        message = constraint_message(Sector, "sector_not_own_parent").removesuffix(".")
        self.assertEqual(caught.exception.message_dict, {"parent": [f"{message}: Energy → LNG → Energy."]})

    def test_the_admin_shows_the_message_of_a_country_code_that_is_not_two_capitals(self):
        # Editors read the ISO list; an administrator may add a country.
        self.client.force_login(User.objects.create_superuser("admin", password="x"))
        data = {"code": "P1", "name": "Nowhere", **inline_management("names")}
        response = self.client.post(admin_url(Country, "add"), data)
        self.assertContains(response, "A country code is two capital letters, such as PK.")
        self.assertFalse(Country.objects.filter(code="P1").exists())

    def test_a_name_an_official_already_has_is_refused_with_the_constraints_message(self):
        guler = self.world.guler  # known as "Yasar Guler" too
        with self.assertRaises(ValidationError) as caught:
            OfficialName(official=guler, name="Yasar Guler").full_clean()
        self.assertEqual(caught.exception.messages, ["This official already has this name."])
        with self.assertRaises(IntegrityError) as clash, transaction.atomic():
            OfficialName.objects.create(official=guler, name="Yasar Guler")
        self.assertEqual(integrity_message(clash.exception), "This official already has this name.")
