"""Event kinds from a codebook: PLOVER and CAMEO codes, a tone, sub-kinds that roll up to their
parent in filters, kinds that editors add in admin; and events that must name a country."""

from __future__ import annotations

import csv
import io

from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.test import TestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from relations.models import Event, EventKind
from tests.test_admin import admin_url, event_form
from tests.world import build_world, make_event


class EventKindTests(TestCase):
    """The world, plus a state visit by Türkiye's president to Pakistan in February 2025."""

    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        cls.state_visit = make_event(
            "Erdoğan's state visit to Pakistan",
            "2025-02-12/2025-02-13",
            {w.pakistan: "host", w.turkiye: "visitor"},
            kind="state_visit",
        )
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.token = Token.objects.create(user=cls.editor)

    def titles(self, url: str, **params) -> list[str]:
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, response.content[:500])
        if url.startswith("/api/"):
            return [row["title"] for row in response.json()["results"]]
        return [event.title for event in response.context["page"].items]

    def test_every_kind_events_had_is_a_kind_of_the_codebook_under_its_old_label(self):
        kinds = EventKind.objects.in_bulk()
        self.assertEqual(
            {value: kinds[value].name for value in Event.Kind.values},
            {value: label for value, label in Event.Kind.choices},
        )
        self.assertTrue(all(kinds[value].parent_id is None for value in Event.Kind.values))

    def test_kinds_that_fell_into_other_or_lost_detail_now_have_a_sub_kind_with_its_code(self):
        found = {
            kind.slug: (kind.parent_id, kind.tone, kind.code)
            for kind in EventKind.objects.filter(
                slug__in=["state_visit", "crisis", "military_exercise", "handover_ceremony", "call"]
            )
        }
        self.assertEqual(
            found,
            {
                "state_visit": ("visit", "cooperation", "PLOVER CONSULT (visit) · CAMEO 042"),
                "crisis": ("conflict", "conflict", "PLOVER MOBILIZE · CAMEO 15"),
                "military_exercise": ("cooperation", "cooperation", "PLOVER COOPERATE · CAMEO 062"),
                "handover_ceremony": ("cooperation", "cooperation", "PLOVER COOPERATE · CAMEO 060"),
                "call": (None, "cooperation", "PLOVER CONSULT (phone) · CAMEO 041"),
            },
        )

    def test_filtering_by_a_kind_includes_its_sub_kinds_and_not_its_parent(self):
        visits = Event.objects.of_kind("visit")
        self.assertEqual(set(visits), {self.world.visit_july, self.state_visit})
        self.assertEqual(list(Event.objects.of_kind("state_visit")), [self.state_visit])

    def test_a_sub_kind_sits_under_a_top_level_kind_only(self):
        nested = EventKind(slug="gala", name="gala dinner", tone="cooperation", parent_id="state_visit")
        with self.assertRaisesMessage(ValidationError, "is itself a sub-kind of “visit”"):
            nested.full_clean()
        visit = EventKind.objects.get(slug="visit")
        visit.parent_id = "meeting"
        with self.assertRaisesMessage(ValidationError, "has sub-kinds of its own"):
            visit.full_clean()

    def test_an_event_takes_its_kind_by_slug(self):
        event = Event(title="Call", kind="call")
        self.assertEqual((event.kind_id, event.kind.name, event.kind.tone), ("call", "call", "cooperation"))

    def test_an_editor_adds_a_kind_and_records_an_event_of_it(self):
        self.client.force_login(self.editor)
        response = self.client.post(
            admin_url(EventKind, "add"),
            {
                "name": "naval exercise",
                "slug": "naval_exercise",
                "parent": "cooperation",
                "tone": "cooperation",
                "plover_event": "COOPERATE",
                "plover_mode": "",
                "cameo_code": "062",
                "description": "The countries' navies exercise together.",
            },
        )
        self.assertRedirects(response, admin_url(EventKind, "changelist"))
        response = self.client.post(
            admin_url(Event, "add"), event_form(self.world, title="Sea Guardian", kind="naval_exercise")
        )
        self.assertRedirects(response, admin_url(Event, "changelist"))
        event = Event.objects.get(title="Sea Guardian")
        self.assertEqual(event.kind.name, "naval exercise")
        self.assertEqual(list(Event.objects.of_kind("cooperation")), [event])

    def test_a_kind_in_use_keeps_its_slug_and_cannot_be_deleted(self):
        self.client.force_login(self.editor)
        response = self.client.get(admin_url(EventKind, "change", "state_visit"))
        self.assertNotContains(response, 'name="slug"')
        response = self.client.post(admin_url(EventKind, "delete", "state_visit"), {"post": "yes"})
        self.assertTrue(EventKind.objects.filter(slug="state_visit").exists())
        self.assertContains(response, "would require deleting the following protected related objects")

    def test_the_admin_refuses_an_event_left_without_a_country(self):
        self.client.force_login(self.editor)
        data = event_form(self.world, **{"event_countries-TOTAL_FORMS": "0"})
        response = self.client.post(admin_url(Event, "add"), data)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "An event needs at least one country.")
        self.assertFalse(Event.objects.filter(title=data["title"]).exists())

    def post_event(self, **changes):
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.token.key}")
        data = {
            "title": "Erdoğan visits Islamabad",
            "kind": "State_Visit",
            "date": "2026-02",
            "countries": [{"country": "tr", "role": "visitor"}, {"country": "pk", "role": "host"}],
            **changes,
        }
        return self.client.post(reverse("api:event-list"), data, format="json")

    def test_an_event_reads_with_its_kind_slug_name_and_tone(self):
        response = self.client.get(reverse("api:event-detail", args=[self.state_visit.slug]))
        row = response.json()
        self.assertEqual(
            (row["kind"], row["kind_name"], row["tone"]), ("state_visit", "state visit", "cooperation")
        )

    def test_a_parent_kind_finds_its_sub_kinds(self):
        self.assertEqual(
            self.titles(reverse("api:event-list"), kind="VISIT"),
            [self.world.visit_july.title, self.state_visit.title],
        )
        self.assertEqual(self.titles(reverse("api:event-list"), kind="state_visit"), [self.state_visit.title])

    def test_an_unknown_kind_is_a_400_naming_the_filter(self):
        response = self.client.get(reverse("api:event-list"), {"kind": "picnic"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(), {"kind": ["Select a valid choice. picnic is not one of the available choices."]}
        )

    def test_the_kinds_are_listed_with_their_parent_tone_and_codes(self):
        response = self.client.get(reverse("api:eventkind-list"), {"page_size": 500})
        rows = {row["slug"]: row for row in response.json()["results"]}
        self.assertEqual(len(rows), EventKind.objects.count())
        self.assertEqual(
            {
                k: rows["state_visit"][k]
                for k in ("name", "parent", "tone", "plover_event", "plover_mode", "cameo_code")
            },
            {
                "name": "state visit",
                "parent": "visit",
                "tone": "cooperation",
                "plover_event": "CONSULT",
                "plover_mode": "visit",
                "cameo_code": "042",
            },
        )
        # Kinds are added in admin; the API only reads them.
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.token.key}")
        self.assertEqual(self.client.post(reverse("api:eventkind-list"), {}).status_code, 405)

    def test_a_program_posts_an_event_of_a_sub_kind(self):
        response = self.post_event()
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            (response.json()["kind"], response.json()["kind_name"]), ("state_visit", "state visit")
        )

    def test_an_unknown_kind_is_refused_with_a_field_error(self):
        response = self.post_event(kind="picnic")
        self.assertEqual(
            (response.status_code, response.json()), (400, {"kind": ["There is no event kind “picnic”."]})
        )

    def test_an_event_without_countries_is_refused(self):
        response = self.post_event(countries=[])
        self.assertEqual(
            (response.status_code, response.json()),
            (400, {"countries": ["An event needs at least one country."]}),
        )
        data = {"title": "Erdoğan visits Islamabad", "kind": "visit", "date": "2026-02"}
        response = self.client.post(reverse("api:event-list"), data, format="json")
        self.assertEqual(
            (response.status_code, response.json()), (400, {"countries": ["This field is required."]})
        )
        self.assertFalse(Event.objects.filter(title="Erdoğan visits Islamabad").exists())

    def test_the_csv_has_the_kind_slug_name_and_tone(self):
        response = self.client.get(reverse("api:event-list"), {"format": "csv", "kind": "visit"})
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
        self.assertEqual(
            [(r["title"], r["kind"], r["kind_name"], r["tone"]) for r in rows],
            [
                (self.world.visit_july.title, "visit", "visit", "cooperation"),
                (self.state_visit.title, "state_visit", "state visit", "cooperation"),
            ],
        )

    def test_the_event_page_names_its_kind(self):
        response = self.client.get(self.state_visit.get_absolute_url())
        self.assertContains(
            response,
            '<a href="/timeline/?kind=state_visit" title="PLOVER CONSULT (visit) · CAMEO 042">'
            "state visit</a>",
        )

    def test_the_timeline_filter_by_a_parent_kind_includes_its_sub_kinds(self):
        url = reverse("relations:timeline")
        self.assertEqual(
            self.titles(url, kind="visit"), [self.world.visit_july.title, self.state_visit.title]
        )
        response = self.client.get(url, {"kind": "visit"})
        self.assertContains(response, '<option value="state_visit">– state visit</option>', html=True)
        self.assertContains(response, "state visit</span>")
        self.assertContains(
            self.client.get(url, {"kind": "picnic"}), "Select a valid choice", status_code=400
        )
