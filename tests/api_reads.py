"""What the API read tests share: the test story loaded once, and reading a list or a record."""

from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from tests.world import load_story

JMC_16 = "2025-pakistan-turkiye-jmc-16th-session"
GULER_VISIT = "2025-yasar-guler-visit-to-pakistan"
TRADE_GOAL = "2024-pakistan-turkiye-us-5-billion-trade-goal"
SEED_ARTICLE = "seed-article"


def one_day(iso: str, display: str) -> dict:
    """How the API writes a date reported to the day."""
    return {
        "edtf": iso,
        "start": iso,
        "end": iso,
        "precision": "day",
        "approximate": False,
        "display": display,
    }


class SeedStoryAPITestCase(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        load_story()

    def get(self, name: str, *args, **params):
        response = self.client.get(reverse(f"api:{name}", args=args), params)
        self.assertEqual(response.status_code, 200, response.content)
        return response.json()

    def results(self, name: str, **params) -> list[dict]:
        """Every record of a list, read as one page of at most 500."""
        page = self.get(name, page_size=500, **params)
        self.assertIsNone(page["next"])
        return page["results"]
