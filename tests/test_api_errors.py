"""Errors under /api/ answer JSON (``{"detail": …}``), whatever failed; the pages keep their HTML."""

import json
from unittest import mock

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from relations.api import errors
from relations.api.views import EventViewSet
from relations.models import Sector
from tests.api_writes import GULER_VISIT, WriteTestCase, new_event, row_counts

TOO_LARGE = "The request body is larger than the {:,} bytes a request may send."


class NotFoundTests(TestCase):
    client_class = APIClient

    def test_an_address_under_the_api_that_matches_nothing_is_a_json_404(self):
        for path in ("/api/nothing/", "/api/events/a/b/c/", "/api/nothing"):
            with self.subTest(path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 404)
                self.assertEqual(response["Content-Type"], "application/json")
                self.assertEqual(response.json(), {"detail": "Not found."})

    def test_a_record_that_does_not_exist_is_a_json_404(self):
        response = self.client.get(reverse("api:event-detail", args=["no-such-slug"]))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response.json(), {"detail": "No Event matches the given query."})

    def test_a_page_that_does_not_exist_is_still_the_html_page(self):
        response = self.client.get("/nothing/here/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "<h1>Page not found</h1>", status_code=404, html=True)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")


class WrongMethodTests(WriteTestCase):
    def test_a_method_a_list_does_not_take_is_a_json_405(self):
        self.as_editor()
        response = self.client.put(reverse("api:event-list"), {}, format="json")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response.json(), {"detail": 'Method "PUT" not allowed.'})

    def test_a_method_a_record_does_not_take_is_a_json_405(self):
        self.as_editor()
        response = self.client.post(reverse("api:event-detail", args=[GULER_VISIT]), {}, format="json")
        self.assertEqual(response.status_code, 405)
        self.assertEqual(response.json(), {"detail": 'Method "POST" not allowed.'})


class OversizedBodyTests(WriteTestCase):
    def test_a_body_over_the_default_limit_is_a_json_413_and_writes_nothing(self):
        self.as_editor()
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        self.assertEqual(limit, 2_621_440)  # Django's default: the limit this test proves is kept
        before = row_counts()
        response = self.post("event-list", new_event(summary="x" * (limit + 1)))
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json(), {"detail": TOO_LARGE.format(limit)})
        self.assertEqual(row_counts(), before)

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_the_limit_is_the_setting_for_a_change_too(self):
        self.as_editor()
        response = self.patch("event-detail", GULER_VISIT, {"place": "y" * 1000})
        self.assertEqual(response.status_code, 413)
        self.assertEqual(response.json(), {"detail": TOO_LARGE.format(1000)})

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_a_body_within_the_limit_is_read(self):
        self.as_editor()
        response = self.patch("event-detail", GULER_VISIT, {"place": "Rawalpindi"})
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["place"], "Rawalpindi")

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1000)
    def test_an_oversized_form_on_a_page_is_an_html_413(self):
        response = self.client.post("/admin/login/", {"username": "x" * 2000, "password": "y"})
        self.assertContains(response, TOO_LARGE.format(1000), status_code=413)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")


class ServerErrorTests(TestCase):
    client_class = APIClient

    def setUp(self):
        self.client.raise_request_exception = False

    def test_an_unexpected_error_in_the_api_is_a_json_500(self):
        with mock.patch.object(EventViewSet, "list", side_effect=RuntimeError("boom")):
            response = self.client.get(reverse("api:event-list"))
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json(), {"detail": "A server error occurred. It has been logged."})

    def test_an_unexpected_error_on_a_page_is_the_html_500(self):
        with mock.patch("relations.views.countries.render", side_effect=RuntimeError("boom")):
            response = self.client.get(reverse("relations:country-list"))
        self.assertContains(response, "Something went wrong on our side", status_code=500)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")


class DatabaseUnavailableTests(TestCase):
    """PostgreSQL down or restarting: every query fails as psycopg's refused connection does."""

    client_class = APIClient

    def setUp(self):
        self.client.raise_request_exception = False

    def unreachable(self):
        return mock.patch.object(
            connection, "cursor", side_effect=OperationalError("connection refused: is the server running?")
        )

    def test_a_page_says_the_tracker_is_unavailable_for_a_moment(self):
        with self.unreachable(), self.assertLogs("django.request", "ERROR"):
            response = self.client.get(reverse("relations:country-list"))
        self.assertContains(response, "unavailable for a moment", status_code=503)
        self.assertEqual(response["Retry-After"], str(errors.RETRY_AFTER_SECONDS))

    def test_an_api_read_is_a_json_503_to_try_again(self):
        with self.unreachable(), self.assertLogs("django.request", "ERROR"):
            response = self.client.get(reverse("api:event-list"))
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], str(errors.RETRY_AFTER_SECONDS))
        self.assertEqual(
            response.json(),
            {"detail": "The database cannot be reached just now; nothing was changed. Try again shortly."},
        )

    def test_an_api_write_is_a_503_and_writes_nothing(self):
        editor = User.objects.create_user("writer", is_staff=True)
        editor.groups.add(Group.objects.get(name="Editors"))
        self.client.force_authenticate(editor)
        before = Sector.objects.count()
        with self.unreachable(), self.assertLogs("django.request", "ERROR"):
            response = self.client.post(reverse("api:sector-list"), {"name": "Ports"}, format="json")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(Sector.objects.count(), before)


class BadRequestTests(TestCase):
    client_class = APIClient

    @override_settings(ALLOWED_HOSTS=["tracker.example.org"])
    def test_a_request_for_a_host_not_served_is_a_json_400_under_the_api(self):
        response = self.client.get(reverse("api:event-list"), HTTP_HOST="elsewhere.example")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"detail": "The request could not be read."})

    @override_settings(ALLOWED_HOSTS=["tracker.example.org"])
    def test_a_request_for_a_host_not_served_is_the_html_400_on_a_page(self):
        response = self.client.get(reverse("relations:country-list"), HTTP_HOST="elsewhere.example")
        self.assertContains(response, "could not be read", status_code=400)


class PermissionDeniedTests(TestCase):
    """Every view under /api/ is DRF's, which answers its own 403s; the handler covers the rest."""

    def test_a_refusal_outside_drf_is_a_json_403_under_the_api(self):
        response = errors.permission_denied(RequestFactory().get("/api/events/"), PermissionDenied())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(
            json.loads(response.content), {"detail": "You do not have permission to perform this action."}
        )

    def test_a_refusal_on_a_page_is_html(self):
        response = errors.permission_denied(RequestFactory().get("/timeline/"), PermissionDenied())
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response["Content-Type"], "text/html; charset=utf-8")


class SchemaTests(TestCase):
    client_class = APIClient

    def test_the_schema_says_a_write_may_answer_413_in_json(self):
        schema = self.client.get(reverse("api:schema"), {"format": "json"}).json()
        create = schema["paths"]["/api/events/"]["post"]["responses"]
        self.assertEqual(list(create["413"]["content"]), ["application/json"])
        self.assertNotIn("413", schema["paths"]["/api/events/"]["get"]["responses"])
