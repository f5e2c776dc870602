"""Every API list costs a fixed number of queries, whatever the number of rows it shows.

Each list is read as an editor (a signed-in reader is not throttled, so no cache queries) with
all its rows on one page, once with 5 rows of everything and once with 55, each row carrying the
related records the list shows (countries, names, offices, sessions, participants, citations…).
"""

import json
from unittest import mock

from django.contrib.auth.models import Group, User
from django.db.models import Count, Prefetch
from django.test import TestCase
from django.urls import reverse
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from relations import records
from relations.api.serializers import EventSerializer
from relations.models import (
    Citation,
    Commission,
    Event,
    EventCountry,
    Observation,
    OfficeHeld,
    Official,
    OfficialName,
    Organization,
    Participant,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
    Source,
)
from tests.world import add_full_events, build_world

#: Queries per list, whatever its length: the page, then one per prefetched relation.
QUERIES = {
    "country-list": 2,  # countries, their names
    "sector-list": 1,  # sectors with their parent
    "source-list": 1,
    "organization-list": 1,  # organizations with their parent
    "official-list": 4,  # officials, other names, offices with organization, offices' citations
    "commission-list": 4,  # commissions with parent, members, other names, sessions
    "event-list": 1,  # events with their stored records (relations/records.py)
    # pledges with event (Pledge.objects.for_detail()); parties, sectors, reaffirmations with
    # their events, status history, its citations, citations, observations with their sources
    "pledge-list": 8,
    "observation-list": 1,  # observations with their pledge and source
}


def populate(n: int) -> None:
    """``n`` records of every kind, each with the related rows its list shows."""
    energy = Sector.objects.create(name="Energy", slug="energy")
    government = Organization.objects.create(name="Government of Türkiye", country_id="TR")
    parent_commission = Commission.objects.create(
        name="High-Level Council", kind=Commission.Kind.HIGH_LEVEL_COUNCIL
    )
    first_event = None
    for i in range(n):
        sector = Sector.objects.create(name=f"Sector {i}", slug=f"sector-{i}", parent=energy)
        source = Source.objects.create(
            title=f"Report {i}", publisher="Arab News", url=f"https://www.arabnews.com/node/{i}"
        )
        ministry = Organization.objects.create(name=f"Ministry {i}", country_id="TR", parent=government)

        official = Official.objects.create(name=f"Official {i}", nationality_id="TR")
        OfficialName.objects.create(official=official, name=f"Alias {i}")
        office = OfficeHeld.objects.create(
            official=official, title="Minister", organization=ministry, country_id="TR", start="2023-06"
        )
        Citation.objects.create(source=source, office=office)

        commission = Commission.objects.create(
            name=f"Commission {i}", kind=Commission.Kind.JOINT, parent=parent_commission
        )
        commission.members.set(["PK", "TR"])

        event = Event.objects.create(
            title=f"Session {i}",
            kind=Event.Kind.COMMISSION_SESSION,
            commission=commission,
            session_number=1,
            place_country_id="PK",
            parent=first_event,
            date="2025-07",
        )
        first_event = first_event or event
        EventCountry.objects.create(event=event, country_id="PK", role=EventCountry.Role.HOST)
        EventCountry.objects.create(event=event, country_id="TR", role=EventCountry.Role.VISITOR)
        Participant.objects.create(event=event, official=official, side_id="TR")
        Participant.objects.create(event=event, name="A delegate", side_id="PK")
        event.sectors.set([sector])
        Citation.objects.create(source=source, event=event)

        pledge = Pledge.objects.create(
            event=event, title=f"Pledge {i}", target_amount=5_000_000_000, target_currency="USD"
        )
        PledgeParty.objects.create(pledge=pledge, country_id="PK")
        PledgeParty.objects.create(pledge=pledge, country_id="TR")
        pledge.sectors.set([sector])
        change = PledgeStatusChange.objects.create(
            pledge=pledge, status=PledgeStatus.ANNOUNCED, as_of="2025-07"
        )
        Citation.objects.create(source=source, status_change=change)
        PledgeReaffirmation.objects.create(pledge=pledge, event=first_event)
        Citation.objects.create(source=source, pledge=pledge)
        for period in ("2024", "2025-01/2025-03"):
            Observation.objects.create(
                pledge=pledge, period=period, value=1_400_000_000 + i, currency="USD", source=source
            )


class ListQueryChecks:
    """The checks, run by the two test cases below with their number of rows."""

    rows: int
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        populate(cls.rows)
        records.rebuild()  # the events' stored records, as `rebuild_derived` leaves them
        cls.editor = User.objects.create_user("editor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_authenticate(self.editor)

    def assertListCosts(self, name: str, queries: int) -> None:
        page_size = self.rows if name == "country-list" else 500
        with self.assertNumQueries(queries):
            response = self.client.get(reverse(f"api:{name}"), {"page_size": page_size})
        self.assertEqual(response.status_code, 200)
        rows = len(response.json()["results"])
        self.assertGreaterEqual(rows, self.rows, f"{name} shows too few rows to measure")

    def test_every_list_costs_a_fixed_number_of_queries(self):
        for name, queries in QUERIES.items():
            with self.subTest(name):
                self.assertListCosts(name, queries)


class FiveRowListQueryTests(ListQueryChecks, TestCase):
    rows = 5


class FiftyFiveRowListQueryTests(ListQueryChecks, TestCase):
    rows = 55


class EventRecordTests(TestCase):
    """An event list reads each event's countries, participants, sectors and citations as JSON in
    the events' own query: one query for dozens of full rows, and the same records as before,
    when the related rows were loaded and serialized one by one."""

    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        add_full_events(cls.world, 40)
        cls.editor = User.objects.create_user("editor")

    def setUp(self):
        self.client.force_authenticate(self.editor)  # not throttled: no cache queries

    def test_the_list_and_a_record_cost_one_query_however_full_the_rows(self):
        # Rendered, as the events of a page without stored records are, then from the records.
        with mock.patch.object(records, "reads_records", return_value=False):
            self.assertListsCostOneQuery()
        records.rebuild()
        self.assertListsCostOneQuery()
        with self.assertNumQueries(1):
            self.client.get(reverse("api:event-detail", args=[self.world.session_16.slug]))

    def assertListsCostOneQuery(self) -> None:
        with self.assertNumQueries(1):
            response = self.client.get(reverse("api:event-list"), {"page_size": 500})
        self.assertEqual(len(response.json()["results"]), 43)
        with self.assertNumQueries(1):
            response = self.client.get(reverse("api:event-list"), {"pair": "pk-tr", "page_size": 500})
        self.assertEqual(len(response.json()["results"]), 42)

    def test_every_record_is_what_its_related_rows_give(self):
        listed = self.client.get(reverse("api:event-list"), {"page_size": 500}).json()["results"]
        # The list's query before its lists came as JSON: each relation prefetched, then serialized.
        people = Participant.objects.select_related("official").order_by("pk")
        related = (
            Event.objects.select_related("commission", "place_country", "parent")
            .prefetch_related(
                Prefetch("event_countries", queryset=EventCountry.objects.order_by("country_id")),
                Prefetch("participants", queryset=people),
                "sectors",
                Prefetch("citations", queryset=Citation.objects.select_related("source")),
            )
            .annotate(pledge_count=Count("pledges"))
            .order_by("-date_start", "-id")
        )
        request = Request(APIRequestFactory().get("/"))
        serialized = EventSerializer(related, many=True, context={"request": request}).data
        expected = json.loads(JSONRenderer().render(serialized))
        self.assertEqual(listed, expected)
        self.assertEqual(json.dumps(listed), json.dumps(expected))  # keys in the same order too
        talks = next(event for event in listed if event["title"] == "Talks 1")
        self.assertEqual(
            [talks[key] for key in ("countries", "sectors")],
            [
                [
                    {"country": "CH", "name": "Switzerland", "role": "mediator"},
                    {"country": "PK", "name": "Pakistan", "role": "host"},
                    {"country": "SE", "name": "Sweden", "role": "supporter"},
                    {"country": "TR", "name": "Türkiye", "role": "visitor"},
                ],
                ["farming", "energy", "lng"],  # by name: Agriculture, Energy, LNG
            ],
        )
        self.assertEqual(
            [(p["official"], p["name"], p["side"], p["role"]) for p in talks["participants"]],
            [
                ("yasar-guler", "", "TR", "co_chair"),
                (None, "Ümit Çelik", None, "other"),
                ("jam-kamal-khan", "", "PK", "delegate"),
            ],
        )
        self.assertEqual(
            talks["citations"],
            [
                {"source": self.world.source.slug, "excerpt": "“Closer ties,” they said."},
                {"source": Source.objects.get(publisher="APP").slug, "excerpt": ""},
            ],
        )
