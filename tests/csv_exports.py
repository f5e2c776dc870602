"""What the CSV export tests share: each list's file name and fixed columns, many meetings made at
once, and downloading an export."""

import csv
import datetime as dt
import io

from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import (
    Citation,
    Event,
    EventCountry,
    Participant,
    Pledge,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
    Source,
)
from tests.world import bulk_events, bulk_pledges, load_story

JMC_16 = "2025-pakistan-turkiye-jmc-16th-session"

FILES = {
    "country-list": "countries.csv",
    "sector-list": "sectors.csv",
    "source-list": "sources.csv",
    "organization-list": "organizations.csv",
    "official-list": "officials.csv",
    "commission-list": "commissions.csv",
    "event-list": "events.csv",
    "eventkind-list": "event-kinds.csv",
    "pledge-list": "pledges.csv",
    "observation-list": "observations.csv",
}

HEADERS = {
    "country-list": ["code", "name", "other_names"],
    "sector-list": ["slug", "name", "parent"],
    "eventkind-list": [
        "slug",
        "name",
        "parent",
        "tone",
        "plover_event",
        "plover_mode",
        "cameo_code",
        "description",
    ],  # fmt: skip
    "source-list": [
        "slug",
        "title",
        "url",
        "publisher",
        "published_on",
        "published_on_start",
        "published_on_end",
        "published_on_precision",
        "language",
        "kind",
    ],  # fmt: skip
    "organization-list": ["slug", "name", "acronym", "kind", "country", "parent"],
    "official-list": ["slug", "name", "nationality", "wikidata_id", "other_names", "offices"],
    "commission-list": ["slug", "name", "acronym", "kind", "members", "founded", "sessions", "other_names"],
    "event-list": [
        "id",
        "slug",
        "title",
        "kind",
        "kind_name",
        "tone",
        "status",
        "date",
        "date_start",
        "date_end",
        "date_precision",
        "place",
        "place_country",
        "countries",
        "roles",
        "country_names",
        "participants",
        "participant_sides",
        "participant_roles",
        "participant_capacities",
        "commission",
        "session_number",
        "sectors",
        "pledge_count",
        "sources",
        "summary",
    ],  # fmt: skip
    "pledge-list": [
        "id",
        "title",
        "description",
        "event",
        "made_on",
        "parties",
        "sectors",
        "target_amount",
        "target_currency",
        "target_unit",
        "target_measure",
        "baseline_amount",
        "currencies",
        "due",
        "current_status",
        "status_history",
        "verdict",
        "progress_share",
        "observed_value",
        "observed_until",
    ],  # fmt: skip
    "observation-list": [
        "id",
        "pledge",
        "pledge_title",
        "period",
        "period_start",
        "period_end",
        "period_text",
        "value",
        "currency",
        "unit",
        "source",
        "excerpt",
        "note",
    ],  # fmt: skip
}


def add_meetings(count: int, *, with_pledges: bool = False) -> None:
    """``count`` one-day Pakistan–Türkiye meetings in 2020, one a day, each with a pledge if asked."""
    lng, source = Sector.objects.get(slug="lng"), Source.objects.get(slug="seed-article")
    days = [(dt.date(2020, 1, 1) + dt.timedelta(days=n)).isoformat() for n in range(count)]
    events = bulk_events(
        [
            (f"Meeting {n}", day, {"PK": EventCountry.Role.HOST, "TR": EventCountry.Role.VISITOR})
            for n, day in enumerate(days)
        ]
    )
    if not with_pledges:
        return
    Participant.objects.bulk_create(
        Participant(event=event, name=f"Delegate {n}", side_id="PK", date_start=event.date_start)
        for n, event in enumerate(events)
    )
    Event.sectors.through.objects.bulk_create(
        Event.sectors.through(event=event, sector=lng) for event in events
    )
    pledges = bulk_pledges(
        [
            (event, f"Pledge {n}", ["PK"], [(PledgeStatus.ANNOUNCED, days[n])])
            for n, event in enumerate(events)
        ]
    )
    Pledge.sectors.through.objects.bulk_create(
        Pledge.sectors.through(pledge=pledge, sector=lng) for pledge in pledges
    )
    changes = PledgeStatusChange.objects.filter(pledge__in=pledges).order_by("pledge_id")
    Citation.objects.bulk_create(
        [Citation(source=source, event=event) for event in events]
        + [Citation(source=source, status_change=change) for change in changes]
    )


class CSVTestCase(TestCase):
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        load_story()

    def download(self, name: str, **params):
        """The response and its body, read to the end as a spreadsheet would."""
        response = self.client.get(reverse(f"api:{name}"), {"format": "csv", **params})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.streaming)
        return response, b"".join(response.streaming_content)

    def rows(self, name: str, **params) -> list[dict[str, str]]:
        _, body = self.download(name, **params)
        return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
