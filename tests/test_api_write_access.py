"""Writing through the API: who may write, deletes, and the change history of what was written."""

from django.contrib.auth.models import Permission
from django.middleware.csrf import _get_new_csrf_string
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import (
    Citation,
    Country,
    Event,
    EventCountry,
    Participant,
    Pledge,
    PledgeStatusChange,
    Sector,
)
from tests.api_writes import GULER_VISIT, JMC_16, SEED_ARTICLE, WriteTestCase, new_event


class PermissionTests(WriteTestCase):
    def attempts(self):
        """A create, an update and a delete, each as a function that makes the request."""
        return {
            "create": lambda: self.post("event-list", new_event()),
            "update": lambda: self.patch("event-detail", JMC_16, {"title": "Renamed"}),
            "delete": lambda: self.client.delete(reverse("api:event-detail", args=[GULER_VISIT])),
        }

    def test_anonymous_writes_are_401_and_write_nothing(self):
        for action, attempt in self.attempts().items():
            with self.subTest(action):
                self.assertRefusedWithNothingWritten(
                    attempt, 401, {"detail": "Authentication credentials were not provided."}
                )

    def test_anonymous_writes_are_refused_and_write_nothing(self):
        for action, attempt in self.attempts().items():
            with self.subTest(action):
                self.assertRefusedWithNothingWritten(attempt, (401, 403))

    def test_a_wrong_token_is_401(self):
        self.client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
        self.assertRefusedWithNothingWritten(self.attempts()["create"], 401, {"detail": "Invalid token."})

    def test_a_signed_in_user_without_permission_gets_403_and_writes_nothing(self):
        self.client.force_login(self.reader)
        for action, attempt in self.attempts().items():
            with self.subTest(action):
                self.assertRefusedWithNothingWritten(
                    attempt, 403, {"detail": "You do not have permission to perform this action."}
                )

    def test_permission_is_per_model(self):
        self.reader.user_permissions.add(Permission.objects.get(codename="add_sector"))
        self.client.force_login(self.reader)
        self.assertEqual(self.post("sector-list", {"name": "Mining", "slug": "mining"}).status_code, 201)
        self.assertRefusedWithNothingWritten(self.attempts()["create"], 403)

    def test_an_editor_with_a_token_creates_updates_and_deletes(self):
        self.as_editor()
        created = self.post("event-list", new_event())
        self.assertEqual(created.status_code, 201, created.content)
        slug = created.json()["slug"]
        self.assertEqual(slug, "2025-pakistan-turkiye-talks-on-lng")

        updated = self.patch("event-detail", slug, {"title": "Pakistan–Türkiye talks on gas"})
        self.assertEqual(
            (updated.status_code, updated.json()["title"]), (200, "Pakistan–Türkiye talks on gas")
        )

        deleted = self.client.delete(reverse("api:event-detail", args=[slug]))
        self.assertEqual(deleted.status_code, 204)
        self.assertFalse(Event.objects.filter(slug=slug).exists())
        self.assertFalse(Participant.objects.filter(name="A Pakistani delegate").exists())

    def test_an_editor_signed_in_with_a_session_writes_with_the_csrf_token(self):
        client = APIClient(enforce_csrf_checks=True)
        self.assertTrue(client.login(username="editor", password="a long pass phrase"))
        refused = client.post(reverse("api:sector-list"), {"name": "Mining", "slug": "mining"}, format="json")
        self.assertEqual(refused.status_code, 403)
        self.assertIn("CSRF", refused.json()["detail"])

        csrf = _get_new_csrf_string()
        client.cookies["csrftoken"] = csrf
        created = client.post(
            reverse("api:sector-list"),
            {"name": "Mining", "slug": "mining"},
            format="json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        self.assertEqual(created.status_code, 201, created.content)
        updated = client.patch(
            reverse("api:sector-detail", args=["mining"]),
            {"parent": "energy"},
            format="json",
            HTTP_X_CSRFTOKEN=csrf,
        )
        self.assertEqual((updated.status_code, updated.json()["parent"]), (200, "energy"))
        deleted = client.delete(reverse("api:sector-detail", args=["mining"]), HTTP_X_CSRFTOKEN=csrf)
        self.assertEqual(deleted.status_code, 204)
        self.assertFalse(Sector.objects.filter(slug="mining").exists())

    def test_countries_are_read_only_even_for_editors(self):
        self.as_editor()
        turkiye = self.client.get(reverse("api:country-detail", args=["TR"])).json()
        self.assertRefusedWithNothingWritten(
            lambda: self.client.put(reverse("api:country-detail", args=["TR"]), turkiye, format="json"), 405
        )
        response = self.client.delete(reverse("api:country-detail", args=["TR"]))
        self.assertIn(response.status_code, (403, 405))
        self.assertTrue(Country.objects.filter(code="TR").exists())


class DeleteTests(WriteTestCase):
    def setUp(self):
        self.as_editor()

    def test_deleting_a_pledge_deletes_its_history_and_citations(self):
        pledge = Pledge.objects.get(target_amount__isnull=False)
        response = self.client.delete(reverse("api:pledge-detail", args=[pledge.pk]))
        self.assertEqual(response.status_code, 204)
        self.assertFalse(Pledge.objects.filter(pk=pledge.pk).exists())
        self.assertFalse(PledgeStatusChange.objects.filter(pledge_id=pledge.pk).exists())
        self.assertFalse(Citation.objects.filter(pledge_id=pledge.pk).exists())
        self.assertEqual(self.client.get(reverse("api:pledge-detail", args=[pledge.pk])).status_code, 404)

    def test_a_record_others_refer_to_is_not_deleted(self):
        for url in (
            reverse("api:source-detail", args=[SEED_ARTICLE]),
            reverse("api:event-detail", args=[JMC_16]),
            reverse("api:official-detail", args=["yasar-guler"]),
        ):
            with self.subTest(url):
                self.assertRefusedWithNothingWritten(lambda url=url: self.client.delete(url), 409)

    def test_deleting_a_sector_untags_its_events(self):
        response = self.client.delete(reverse("api:sector-detail", args=["lng"]))
        self.assertEqual(response.status_code, 204)
        self.assertNotIn("lng", self.client.get(reverse("api:event-detail", args=[JMC_16])).json()["sectors"])


class ChangeHistoryTests(WriteTestCase):
    def test_a_token_write_is_recorded_under_the_editor(self):
        self.as_editor()
        response = self.post("event-list", new_event())
        event = Event.objects.get(slug=response.json()["slug"])
        self.assertEqual(event.history.earliest().history_type, "+")
        self.assertEqual({row.history_user for row in event.history.all()}, {self.editor})
        self.assertEqual(
            {row.history_user for row in EventCountry.history.filter(event_id=event.pk)}, {self.editor}
        )
        self.assertEqual(
            {row.history_user for row in Participant.history.filter(event_id=event.pk)}, {self.editor}
        )

        self.patch("event-detail", event.slug, {"title": "Renamed"})
        latest = event.history.latest()
        self.assertEqual(
            (latest.history_type, latest.title, latest.history_user), ("~", "Renamed", self.editor)
        )

        self.client.delete(reverse("api:event-detail", args=[event.slug]))
        self.assertEqual(
            (
                Event.history.filter(id=event.pk).latest().history_type,
                Event.history.filter(id=event.pk).latest().history_user,
            ),
            ("-", self.editor),
        )

    def test_a_session_write_is_recorded_under_the_editor(self):
        self.client.force_login(self.editor)
        pledge = Pledge.objects.get(target_amount__isnull=False)
        self.patch("pledge-detail", pledge.pk, {"target_measure": "yearly bilateral trade"})
        latest = pledge.history.latest()
        self.assertEqual(
            (latest.target_measure, latest.history_user), ("yearly bilateral trade", self.editor)
        )
