"""What the API write tests share: the test story loaded once, an editor and a reader, and new
records to post."""

from django.apps import apps
from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.world import load_story

JMC_16 = "2025-pakistan-turkiye-jmc-16th-session"
GULER_VISIT = "2025-yasar-guler-visit-to-pakistan"
SEED_ARTICLE = "seed-article"


def new_event(**changes) -> dict:
    """An event as a program would post it: natural keys in any case, dates as EDTF."""
    return {
        "title": "Pakistan–Türkiye talks on LNG",
        "kind": "meeting",
        "date": "2025-10",
        "place": "Ankara",
        "place_country": "tr",
        "countries": [{"country": "tr", "role": "host"}, {"country": "pk", "role": "visitor"}],
        "participants": [
            {"official": "Yasar-Guler", "side": "tr", "role": "host"},
            {"name": "A Pakistani delegate", "side": "PK", "role": "delegate"},
        ],
        "sectors": ["LNG", "gas"],
        "citations": [{"source": SEED_ARTICLE, "excerpt": "energy"}],
        **changes,
    }


def new_pledge(**changes) -> dict:
    return {
        "event": JMC_16,
        "title": "Build an LNG terminal",
        "parties": [{"country": "TR", "role": "pledger"}, {"country": "PK", "role": "beneficiary"}],
        "sectors": ["lng"],
        "target_amount": "1000000000",
        "target_currency": "USD",
        "status_history": [{"status": "announced", "as_of": "2025-09-09"}],
        **changes,
    }


def row_counts() -> dict[str, int]:
    """Rows of every model in the relations app, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_app_config("relations").get_models()
    }


class WriteTestCase(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        load_story()
        cls.editor = User.objects.create_user("editor", password="a long pass phrase")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.token = Token.objects.create(user=cls.editor)
        cls.reader = User.objects.create_user("reader", password="a long pass phrase")

    def as_editor(self) -> None:
        self.client.credentials(HTTP_AUTHORIZATION=f"Token {self.token.key}")

    def post(self, name: str, data: dict):
        return self.client.post(reverse(f"api:{name}"), data, format="json")

    def patch(self, name: str, key, data: dict):
        return self.client.patch(reverse(f"api:{name}", args=[key]), data, format="json")

    def assertRefusedWithNothingWritten(
        self, response_of, status: int | tuple[int, ...], errors: dict | None = None
    ) -> None:
        """``response_of()`` gets ``status`` (or one of them) and exactly ``errors``, and no row
        changes anywhere, change history included."""
        before = row_counts()
        response = response_of()
        self.assertIn(
            response.status_code, status if isinstance(status, tuple) else (status,), response.content
        )
        if errors is not None:
            self.assertEqual(response.json(), errors)
        self.assertEqual(row_counts(), before)
