"""The round trip: the story read from the API, posted back as read into a database without it,
reads the same."""

import copy

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import Event, EventLink, Observation, Pledge, Sector, Source
from relations.seed import SEED_MODELS
from tests.api_writes import JMC_16
from tests.world import load_story

#: What the round trip reads and posts back, parents before children.
LISTS = [
    "sector-list",
    "organization-list",
    "source-list",
    "commission-list",
    "official-list",
    "event-list",
    "pledge-list",
]


def without_ids(value):
    """``value`` without database ids, which a new database gives anew (a pledge's URL holds its id)."""
    if isinstance(value, dict):
        return {
            key: without_ids(item)
            for key, item in value.items()
            if key != "id" and not (key == "url" and "/pledges/" in str(item))
        }
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    return value


def parents_first(records: list[dict]) -> list[dict]:
    """``records`` ordered so that a record's ``parent`` (by slug) is posted before it."""
    done, ordered, waiting = set(), [], list(records)
    while waiting:
        ready = [r for r in waiting if r.get("parent") in done or r.get("parent") is None]
        ordered += ready
        done |= {r["slug"] for r in ready}
        waiting = [r for r in waiting if r not in ready]
    return ordered


class RoundTripTests(TestCase):
    """Read the seed story from the API, then post it as read into a database without it, and
    read it back: every record, the 16th JMC and the trade goal included, is what was read."""

    client_class = APIClient

    def read(self) -> dict[str, list[dict]]:
        """Every record of every list, sorted by natural key where ids would decide the order."""
        lists = {}
        for name in LISTS:
            page = self.client.get(reverse(f"api:{name}"), {"page_size": 500})
            self.assertIsNone(page.json()["next"])
            lists[name] = page.json()["results"]
        lists["event-list"].sort(key=lambda e: e["slug"])
        lists["pledge-list"].sort(key=lambda p: p["title"])
        lists["source-list"].sort(key=lambda s: s["slug"])
        return lists

    def observe_trade(self) -> int:
        """The trade goal's figures beside the story's own 2024 one: a quarter's, with an excerpt
        and cents. How many were added."""
        trade = Pledge.objects.get(target_amount__isnull=False)
        source = Source.objects.get(slug="turkish-state-media-2024-trade")
        Observation.objects.create(
            pledge=trade,
            period="2025-01/2025-03",
            value="450000000.50",
            currency="USD",
            source=source,
            excerpt="“about $450 million”",
        )
        return 1

    def test_the_seed_story_posted_back_as_read_reads_the_same(self):
        with transaction.atomic():
            created = load_story()
            created[str(Observation._meta.verbose_name_plural)] += self.observe_trade()
            story = self.read()
            transaction.set_rollback(True)
        self.assertFalse(Event.objects.exists() or Sector.objects.exists() or Source.objects.exists())
        self.assertEqual(len(story["event-list"]), 7)
        self.assertEqual(len(story["pledge-list"]), 8)

        editor = User.objects.create_user("editor")
        editor.groups.add(Group.objects.get(name="Editors"))
        self.client.force_authenticate(editor)
        for name in LISTS:
            records = copy.deepcopy(story[name])
            if name != "pledge-list":
                records = parents_first(records)
            for record in records:
                response = self.client.post(reverse(f"api:{name}"), record, format="json")
                self.assertEqual(
                    response.status_code, 201, f"{name} {record.get('slug')}: {response.content}"
                )

        self.assertEqual(without_ids(self.read()), without_ids(story))

        jmc_16 = next(e for e in story["event-list"] if e["slug"] == JMC_16)
        again = self.client.get(reverse("api:event-detail", args=[JMC_16])).json()
        self.assertEqual(without_ids(again), without_ids(jmc_16))
        self.assertEqual(again["id"], Event.objects.get(slug=JMC_16).pk)
        self.assertEqual(len(again["participants"]), 2)
        self.assertEqual(len(again["citations"]), 3)

        trade = next(p for p in story["pledge-list"] if p["target_amount"])
        pledge = Pledge.objects.get(title=trade["title"])
        again = self.client.get(reverse("api:pledge-detail", args=[pledge.pk])).json()
        self.assertEqual(
            again, {**trade, "id": pledge.pk, "url": f"http://testserver/api/pledges/{pledge.pk}/"}
        )
        self.assertEqual(again["status_history"][0]["as_of"]["edtf"], "2024-03")
        self.assertEqual(
            [(o["period"]["edtf"], o["value"]) for o in again["observations"]],
            [("2024", "1400000000.00"), ("2025-01/2025-03", "450000000.50")],
        )
        self.assertEqual(again["progress"]["latest"], "450000000.50")

        # Every row the seed wrote was written again, but for the links between events (not in the API).
        del created[str(EventLink._meta.verbose_name_plural)]
        self.assertEqual(
            {
                str(model._meta.verbose_name_plural): model.objects.count()
                for model in SEED_MODELS
                if model is not EventLink
            },
            created,
        )
