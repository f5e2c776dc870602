"""The API docs at /api/docs/ come from this server's own files: no CDN, no outside validator."""

from __future__ import annotations

import re

from django.contrib.staticfiles import finders
from django.test import TestCase

ABSOLUTE_URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")


class ApiDocsTests(TestCase):
    def setUp(self) -> None:
        self.response = self.client.get("/api/docs/")
        self.html = self.response.content.decode()
        # Swagger UI's start-up script is a file of its own (no inline script under the CSP).
        self.script_response = self.client.get("/api/docs/?script=")
        self.script = self.script_response.content.decode()

    def test_the_docs_page_loads(self) -> None:
        self.assertEqual(self.response.status_code, 200)
        self.assertIn('id="swagger-ui"', self.html)

    def test_no_address_on_another_host(self) -> None:
        self.assertEqual(ABSOLUTE_URL.findall(self.html), [])
        self.assertEqual(ABSOLUTE_URL.findall(self.script), [])

    def test_scripts_and_styles_are_the_local_sidecar_files(self) -> None:
        assets = re.findall(r"""(?:src|href)="([^"]+)\"""", self.html)
        self.assertTrue(any(a.endswith("swagger-ui-bundle.js") for a in assets), assets)
        self.assertTrue(any(a.endswith("swagger-ui.css") for a in assets), assets)
        self.assertIn("/api/docs/?script=", assets)
        for asset in [a for a in assets if a != "/api/docs/?script="]:
            self.assertTrue(asset.startswith("/static/"), asset)
            # Served by whitenoise from the collected files in production; here, found by the finders.
            self.assertIsNotNone(finders.find(asset.removeprefix("/static/")), asset)

    def test_the_start_up_script_is_served_as_javascript(self) -> None:
        self.assertEqual(self.script_response.status_code, 200)
        self.assertEqual(self.script_response["Content-Type"], "application/javascript")
        self.assertIn("SwaggerUIBundle(", self.script)

    def test_swagger_ui_does_not_call_the_online_validator(self) -> None:
        self.assertIn('"validatorUrl": null', self.script)

    def test_the_schema_link_works(self) -> None:
        (url,) = re.findall(r"""\burl: "([^"]+)\"""", self.script)
        self.assertEqual(url, "/api/schema/")
        response = self.client.get(url, HTTP_ACCEPT="application/json")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.json()["openapi"].startswith("3."))
        self.assertIn("/api/events/", response.json()["paths"])

    def test_the_schema_describes_observations_and_the_progress_of_pledges(self) -> None:
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
        self.assertEqual(
            set(schema["paths"]["/api/observations/"]) | set(schema["paths"]["/api/observations/{id}/"]),
            {"get", "post", "put", "patch", "delete"},
        )
        parameters = {p["name"] for p in schema["paths"]["/api/observations/"]["get"]["parameters"]}
        self.assertLessEqual({"pledge", "country", "pair", "from", "to", "currency", "format"}, parameters)
        components = schema["components"]["schemas"]
        pledge = components["Pledge"]["properties"]
        self.assertEqual(pledge["observations"]["items"], {"$ref": "#/components/schemas/Observation"})
        self.assertEqual(
            list(components["Observation"]["properties"]),
            ["period", "value", "currency", "unit", "source", "excerpt", "note"],
        )
        progress = components[pledge["progress"]["allOf"][0]["$ref"].rsplit("/", 1)[1]]
        self.assertEqual(
            list(progress["properties"]),
            ["verdict", "share", "start", "latest", "observed_until", "pace_needed", "disagrees_with_status"],
        )
        self.assertTrue(pledge["progress"]["readOnly"])
