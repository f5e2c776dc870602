"""The API's links built from an address reversed once (`relations.api.links`): the same text as
`reverse()` for every record address the API and the event's page use, the same absolute URLs in
the answers, and the same schema."""

from __future__ import annotations

from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from relations.api.links import record_path
from relations.models import Event, Observation, Pledge
from tests.world import load_story

# Every view a memoised link names, with the argument it takes.
VIEWS = [
    ("api:event-detail", "slug"),
    ("api:commission-detail", "slug"),
    ("api:country-detail", "code"),
    ("api:eventkind-detail", "slug"),
    ("api:sector-detail", "slug"),
    ("api:source-detail", "slug"),
    ("api:organization-detail", "slug"),
    ("api:official-detail", "slug"),
    ("api:pledge-detail", "pk"),
    ("api:observation-detail", "pk"),
    ("relations:event-detail", "slug"),
]
VALUES = [
    "2025-fidan-guler-visit-to-pakistan",
    "PK",
    "pk",
    "a_b",
    "-",
    "0",
    "1",
    "12345678901234567890",
    7,
    0,
    "türkiye",
    "a b",
    "a%20b",
    "a.b",
    "..",
    "a?b",
    "a#b",
    "ä/ö",
    "",
    True,
]


def reversed_(view: str, kwarg: str, value):
    return reverse(view, kwargs={kwarg: value})


def outcome(function, *args):
    try:
        return function(*args)
    except NoReverseMatch as error:
        return NoReverseMatch, str(error)


class RecordPathTests(SimpleTestCase):
    def test_the_same_text_as_reverse_for_every_view_and_value(self):
        for view, kwarg in VIEWS:
            for value in VALUES:
                with self.subTest(view=view, value=value):
                    self.assertEqual(
                        outcome(record_path, view, kwarg, value),
                        outcome(reversed_, view, kwarg, value),
                    )

    def test_the_same_under_a_script_prefix(self):
        for prefix in ("/tracker/", "/a b/", "/"):
            set_script_prefix(prefix)
            try:
                for view, kwarg in VIEWS:
                    for value in ("7", "pk"):
                        with self.subTest(prefix=prefix, view=view, value=value):
                            expected = outcome(reversed_, view, kwarg, value)
                            self.assertEqual(outcome(record_path, view, kwarg, value), expected)
                            if isinstance(expected, str):
                                self.assertTrue(expected.startswith(prefix.replace(" ", "%20")))
            finally:
                set_script_prefix("/")

    def test_the_page_path_is_the_models(self):
        event = Event(slug="2025-fidan-guler-visit-to-pakistan")
        self.assertEqual(record_path("relations:event-detail", "slug", event.slug), event.get_absolute_url())


class AnswerLinkTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()

    def setUp(self):
        self.client = APIClient()

    def rows(self, url: str, **extra) -> list[dict]:
        response = self.client.get(url, **extra)
        self.assertEqual(response.status_code, 200)
        return response.json()["results"]

    def test_events_link_to_their_address_and_page(self):
        rows = self.rows("/api/events/")
        self.assertEqual(len(rows), Event.objects.count())
        for row in rows:
            event = Event.objects.get(slug=row["slug"])
            self.assertEqual(row["url"], f"http://testserver/api/events/{event.slug}/")
            self.assertEqual(row["page"], event.get_absolute_url())

    @override_settings(ALLOWED_HOSTS=["tracker.example.org"])
    def test_links_follow_the_host_asked_for(self):
        row = self.rows("/api/pledges/", HTTP_HOST="tracker.example.org")[0]
        self.assertEqual(row["url"], f"http://tracker.example.org/api/pledges/{row['id']}/")
        row = self.rows("/api/pledges/", HTTP_HOST="tracker.example.org", secure=True)[0]
        self.assertEqual(row["url"], f"https://tracker.example.org/api/pledges/{row['id']}/")

    def test_a_format_parameter_is_carried_as_drf_carries_it(self):
        row = self.rows("/api/pledges/?format=json")[0]
        self.assertEqual(row["url"], f"http://testserver/api/pledges/{row['id']}/?format=json")

    def test_observations_link_to_themselves_and_their_pledge(self):
        rows = self.rows("/api/observations/")
        self.assertTrue(rows)
        for row in rows:
            observation = Observation.objects.get(pk=row["id"])
            self.assertEqual(row["url"], f"http://testserver/api/observations/{observation.pk}/")
            self.assertEqual(row["pledge_url"], f"http://testserver/api/pledges/{observation.pledge_id}/")

    def test_pledges_countries_and_officials_link_to_their_address(self):
        for url, key in (("/api/pledges/", "id"), ("/api/countries/", "code"), ("/api/officials/", "slug")):
            for row in self.rows(url + "?page_size=100"):
                with self.subTest(url=url, row=row[key]):
                    self.assertEqual(row["url"], f"http://testserver{url}{row[key]}/")
        self.assertTrue(Pledge.objects.exists())


class SchemaTests(SimpleTestCase):
    def test_the_links_are_described_as_before(self):
        schema = SchemaGenerator().get_schema(request=None, public=True)
        event = schema["components"]["schemas"]["Event"]["properties"]
        self.assertEqual(event["url"], {"type": "string", "format": "uri", "readOnly": True})
        self.assertEqual(
            event["page"],
            {
                "type": "string",
                "format": "uri-reference",
                "example": "/events/2025-some-visit/",
                "readOnly": True,
                "description": "The event's page on this site.",
            },
        )
        observation = schema["components"]["schemas"]["PledgeObservation"]["properties"]
        self.assertEqual(observation["pledge_url"], {"type": "string", "format": "uri", "readOnly": True})
