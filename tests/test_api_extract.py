"""POST /api/extract/: the proposals of a pasted article as JSON, for editors only; nothing written."""

from __future__ import annotations

import dataclasses
import datetime as dt
from unittest import mock

from django.apps import apps
from django.contrib.auth.models import Group, Permission, User
from django.core.cache import cache
from django.middleware.csrf import _get_new_csrf_string
from django.test import TestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from relations.api import extract as api
from relations.extract import proposals as shapes
from tests.seed_article import PUBLISHED_ON, TEXT, seed_proposals
from tests.world import build_world

EXTRACT = reverse("api:extract")


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


class ExtractTestCase(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("editor", password="a long pass phrase")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.token = Token.objects.create(user=cls.editor)
        cls.reader = User.objects.create_user("reader", password="a long pass phrase")
        cls.reader.user_permissions.set(Permission.objects.filter(codename__startswith="view_"))
        cls.reader_token = Token.objects.create(user=cls.reader)

    def setUp(self):
        cache.clear()  # throttle counts
        patcher = mock.patch("relations.extract.extract", return_value=seed_proposals(), create=True)
        self.extract = patcher.start()
        self.addCleanup(patcher.stop)

    def post(self, data: dict | None = None, token: Token | None = None, **kwargs):
        if token is not None:
            self.client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        body = {"text": TEXT, "published_on": PUBLISHED_ON.isoformat()} if data is None else data
        return self.client.post(EXTRACT, body, format="json", **kwargs)


class AnswerTests(ExtractTestCase):
    def test_an_editor_gets_the_proposals_as_json(self):
        response = self.post(token=self.token)
        self.assertEqual(response.status_code, 200, response.content)
        self.extract.assert_called_once_with(TEXT, PUBLISHED_ON)
        body = response.json()
        self.assertEqual(body, seed_proposals().as_json())
        self.assertEqual(
            body["officials"][0],
            {
                "name": "Jam Kamal Khan",
                "official": None,
                "office": "Commerce Minister",
                "country": "PK",
                "spans": [[392, 406], [822, 826]],
                "doubt": "",
            },
        )
        start, end = body["officials"][0]["spans"][0]
        self.assertEqual(TEXT[start:end], "Jam Kamal Khan")
        self.assertEqual(
            body["dates"][1],
            {
                "text": "in May",
                "date": {"edtf": "2025-05", "start": "2025-05-01", "end": "2025-05-31", "precision": "month"},
                "spans": [[1711, 1717]],
                "doubt": "",
            },
        )
        self.assertEqual(
            body["pledges"][0]["target"],
            {
                "amount": "5000000000",
                "currency": "USD",
                "text": "$5 billion",
                "spans": [[664, 674]],
                "doubt": "",
            },
        )
        self.assertIsNone(body["pledges"][1]["target"])
        self.assertEqual(body["sessions"][0]["number"], 16)

    def test_the_source_fields_are_accepted_and_not_read(self):
        data = {
            "text": "Khan met Güler.",
            "published_on": "2025-09-09",
            "url": "https://www.arabnews.com/node/2614698",
            "publisher": "Arab News",
            "title": "Talks",
        }
        self.assertEqual(self.post(data, token=self.token).status_code, 200)
        self.extract.assert_called_once_with("Khan met Güler.", dt.date(2025, 9, 9))

    def test_the_text_is_read_as_sent_so_the_spans_fit_it(self):
        self.post({"text": "  Khan met Güler.\n", "published_on": "2025-09-09"}, token=self.token)
        self.extract.assert_called_once_with("  Khan met Güler.\n", dt.date(2025, 9, 9))

    def test_nothing_is_written(self):
        before = row_counts()
        self.assertEqual(self.post(token=self.token).status_code, 200)
        self.assertEqual(row_counts(), before)

    def test_a_signed_in_editor_may_use_a_session_with_its_csrf_token(self):
        client = APIClient(enforce_csrf_checks=True)
        client.force_login(self.editor)
        body = {"text": TEXT, "published_on": "2025-09-09"}
        refused = client.post(EXTRACT, body, format="json")
        self.assertEqual(refused.status_code, 403)
        self.assertIn("CSRF", refused.json()["detail"])
        csrf = _get_new_csrf_string()
        client.cookies["csrftoken"] = csrf
        response = client.post(EXTRACT, body, format="json", HTTP_X_CSRFTOKEN=csrf)
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json(), seed_proposals().as_json())


class RefusalTests(ExtractTestCase):
    def test_anonymous_clients_get_401_with_the_token_challenge(self):
        response = self.post()
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json(), {"detail": "Authentication credentials were not provided."})
        self.assertEqual(response.headers["WWW-Authenticate"], "Token")
        self.extract.assert_not_called()

    def test_a_wrong_token_is_401(self):
        self.client.credentials(HTTP_AUTHORIZATION="Token not-a-key")
        self.assertEqual(self.post().json(), {"detail": "Invalid token."})

    def test_an_account_without_the_editor_permissions_gets_403(self):
        response = self.post(token=self.reader_token)
        self.assertEqual(response.status_code, 403)
        self.assertEqual(response.json(), {"detail": api.MayExtract.message})
        self.extract.assert_not_called()

    def test_reading_is_not_allowed_either(self):
        response = self.client.get(EXTRACT, HTTP_AUTHORIZATION=f"Token {self.token.key}")
        self.assertEqual(response.status_code, 405)

    def test_bad_input_is_400_with_the_fields_errors(self):
        cases = {
            "nothing": (
                {},
                {"text": ["This field is required."], "published_on": ["This field is required."]},
            ),
            "blank text": (
                {"text": "  \n ", "published_on": "2025-09-09"},
                {"text": ["Give the article's text."]},
            ),
            "bad date": (
                {"text": TEXT, "published_on": "9 September"},
                {"published_on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
            ),
            "no such day": (
                {"text": TEXT, "published_on": "2025-02-30"},
                {"published_on": ["Date has wrong format. Use one of these formats instead: YYYY-MM-DD."]},
            ),
            "too long": (
                {"text": "x" * 50_001, "published_on": "2025-09-09"},
                {"text": ["Ensure this field has no more than 50000 characters."]},
            ),
            "a NUL character": (
                {"text": "Khan\x00", "published_on": "2025-09-09"},
                {"text": ["Null characters are not allowed."]},
            ),
            "bad url": (
                {"text": TEXT, "published_on": "2025-09-09", "url": "arab news"},
                {"url": ["Enter a valid URL."]},
            ),
        }
        for name, (data, errors) in cases.items():
            with self.subTest(name):
                response = self.post(data, token=self.token)
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json(), errors)
        self.extract.assert_not_called()

    def test_a_body_that_is_not_json_is_400(self):
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.token.key}")
        response = self.client.post(EXTRACT, "{not json", content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("JSON parse error", response.json()["detail"])

    def test_an_editor_over_the_rate_gets_429(self):
        with mock.patch.dict(ScopedRateThrottle.THROTTLE_RATES, {"extract": "2/minute"}):
            statuses = [self.post(token=self.token).status_code for _ in range(3)]
        self.assertEqual(statuses, [200, 200, 429])


class SchemaTests(TestCase):
    def test_the_schema_documents_the_request_and_the_answer(self):
        schema = self.client.get("/api/schema/", HTTP_ACCEPT="application/json").json()
        operation = schema["paths"]["/api/extract/"]["post"]
        self.assertEqual(
            operation["requestBody"]["content"]["application/json"]["schema"],
            {"$ref": "#/components/schemas/ArticleRequest"},
        )
        self.assertEqual(
            operation["responses"]["200"]["content"]["application/json"]["schema"],
            {"$ref": "#/components/schemas/Proposals"},
        )
        # 404: an unknown ?format=; 413: a body past the upload limit.
        self.assertEqual(sorted(operation["responses"]), ["200", "400", "401", "403", "404", "413", "429"])
        request = schema["components"]["schemas"]["ArticleRequest"]
        self.assertEqual(request["required"], ["published_on", "text"])
        self.assertEqual(request["properties"]["text"]["maxLength"], 50_000)

    def test_the_documented_answer_has_every_field_of_the_proposals(self):
        """The serializers describe `Proposals.as_json()`: the same names, list by list."""
        documented = {
            shapes.Proposals: api.ProposalsSerializer,
            shapes.CountryProposal: api.CountryProposalSerializer,
            shapes.OfficialProposal: api.OfficialProposalSerializer,
            shapes.DateProposal: api.DateProposalSerializer,
            shapes.SessionProposal: api.SessionProposalSerializer,
            shapes.AmountProposal: api.AmountProposalSerializer,
            shapes.SectorProposal: api.SectorProposalSerializer,
            shapes.PledgeProposal: api.PledgeProposalSerializer,
            shapes.QuoteProposal: api.QuoteProposalSerializer,
        }
        for shape, serializer in documented.items():
            with self.subTest(shape.__name__):
                self.assertEqual(set(serializer().fields), {f.name for f in dataclasses.fields(shape)})


class ExtractorTests(TestCase):
    """The extractor itself, over the test world: the seed article's co-chairs and session."""

    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.editor = User.objects.create_user("editor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def test_the_seed_article_names_its_co_chairs_and_its_session(self):
        self.client.force_authenticate(self.editor)
        before = row_counts()
        response = self.client.post(EXTRACT, {"text": TEXT, "published_on": "2025-09-09"}, format="json")
        self.assertEqual(row_counts(), before)
        body = response.json()
        officials = {item["official"]: item for item in body["officials"]}
        self.assertLessEqual({"jam-kamal-khan", "yasar-guler"}, set(officials))
        for item in body["officials"]:
            for start, end in item["spans"]:
                self.assertIn(TEXT[start:end], item["name"])
        (session,) = body["sessions"]
        self.assertEqual((session["number"], session["commission"]), (16, self.world.jmc.slug))
        self.assertLessEqual({"PK", "TR"}, {item["code"] for item in body["countries"]})
