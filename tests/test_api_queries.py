"""Every API list costs a fixed number of queries, whatever the number of rows it shows.

Each list is read as an editor (a signed-in reader is not throttled, so no cache queries) with
all its rows on one page, once with 5 rows of everything and once with 55, each row carrying the
related records the list shows (countries, names, offices, sessions, participants, citations…).
"""

import csv
import io
import json
from decimal import Decimal
from unittest import mock

from django.contrib.auth.models import Group, User
from django.db.models import Count, Prefetch
from django.test import TestCase
from django.urls import reverse
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from relations import records
from relations.api.serializers import EventSerializer, PledgeSerializer
from relations.models import (
    Citation,
    Commission,
    Country,
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
from tests.world import add_full_events, build_world, make_event

#: Queries per list, whatever its length: the page, then one per prefetched relation.
QUERIES = {
    "country-list": 2,  # countries, their names
    "sector-list": 1,  # sectors with their parent
    "source-list": 1,
    "organization-list": 1,  # organizations with their parent
    "official-list": 4,  # officials, other names, offices with organization, offices' citations
    "commission-list": 4,  # commissions with parent, members, other names, sessions
    "event-list": 1,  # events with their stored records (relations/records.py)
    # pledges with their event; their lists as JSON (for_export)
    "pledge-list": 1,
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


def add_full_pledges(world, n: int) -> list[Pledge]:
    """``n`` pledges with every list a pledge holds, each ordered otherwise than by id: four
    parties (whose codes and names sort differently), three sectors (names and slugs likewise),
    status changes of every precision, approximate or not, each with two citations or none,
    observations of a year, a quarter and a month with cents, two reaffirmations (the later
    event written first) and two citations of the pledge; every third pledge without a due date."""
    countries = {world.pakistan: "host", world.turkiye: "visitor"}
    for code in ("CH", "SE"):
        countries[Country.objects.get(code=code)] = "supporter"
    later = make_event("Talks in Ankara", "2026-03-02", countries)
    earlier = make_event("Talks in Geneva", "~2025-11", countries)
    farming = Sector.objects.create(name="Agriculture", slug="farming")
    wire = Source.objects.create(title="Talks held", publisher="APP", url="https://www.app.com.pk/talks")
    roles = [PledgeParty.Role.BENEFICIARY, PledgeParty.Role.PLEDGER, PledgeParty.Role.MUTUAL]
    pledges = []
    for i in range(n):
        pledge = Pledge.objects.create(
            event=world.session_16 if i % 2 else later,
            title=f"Pledge {i}",
            description="Trade “in local currencies”, at last.",
            target_amount=Decimal("5000000000.25") + i,
            target_currency="USD",
            baseline_amount=Decimal("1400000000.10"),
            currencies=["PKR", "TRY"],
            due=None if i % 3 == 0 else ("2027-06" if i % 3 == 1 else "~2028"),
        )
        for k, country in enumerate(("TR", "CH", "SE", "PK")):
            PledgeParty.objects.create(pledge=pledge, country_id=country, role=roles[(i + k) % 3])
        pledge.sectors.set([world.lng, farming, world.energy])
        for status, as_of, cited in (
            (PledgeStatus.IN_PROGRESS, "2026-04", True),
            (PledgeStatus.ANNOUNCED, "~2025-09-09", True),
            (PledgeStatus.STALLED, "2027", False),
        ):
            change = PledgeStatusChange.objects.create(pledge=pledge, status=status, as_of=as_of, note=f"{i}")
            if cited:
                Citation.objects.create(source=wire, status_change=change, excerpt="Under way.")
                Citation.objects.create(source=world.source, status_change=change)
        for period, value in (
            ("2025-07", "1500000000.50"),
            ("2024", "1400000000"),
            ("2025-01/2025-03", "0.01"),
        ):
            Observation.objects.create(
                pledge=pledge,
                period=period,
                value=Decimal(value) + i,
                currency="USD",
                source=wire,
                note="est.",
            )
        PledgeReaffirmation.objects.create(pledge=pledge, event=later, note="Again.")
        PledgeReaffirmation.objects.create(pledge=pledge, event=earlier)
        Citation.objects.create(source=world.source, pledge=pledge, excerpt="“We agreed,” they said.")
        Citation.objects.create(source=wire, pledge=pledge)
        pledges.append(pledge)
    return pledges


class PledgeRecordTests(TestCase):
    """A pledge list reads each pledge's parties, sectors, status history with its citations,
    observations, reaffirmations and citations as JSON in the pledges' own query: one query for
    dozens of full rows, and the same records, byte for byte, as when the related rows were
    loaded and serialized one by one."""

    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.pledges = add_full_pledges(cls.world, 24)
        cls.editor = User.objects.create_user("editor")

    def setUp(self):
        self.client.force_authenticate(self.editor)  # not throttled: no cache queries

    def related(self):
        """The list's query before its lists came as JSON: each relation prefetched."""
        citations = Citation.objects.select_related("source").order_by("pk")
        history = PledgeStatusChange.objects.order_by("as_of_start", "pk").prefetch_related(
            Prefetch("citations", queryset=citations)
        )
        reaffirmations = PledgeReaffirmation.objects.select_related("event").order_by(
            "event__date_start", "pk"
        )
        return (
            Pledge.objects.select_related("event")
            .prefetch_related(
                Prefetch("parties", queryset=PledgeParty.objects.order_by("country__name")),
                "sectors",
                Prefetch("reaffirmations", queryset=reaffirmations),
                Prefetch("status_changes", queryset=history),
                Prefetch("citations", queryset=citations),
                Prefetch("observations", queryset=Observation.objects.select_related("source")),
            )
            .order_by("-date_start", "-id")
        )

    def serialized(self, pledges) -> str:
        request = Request(APIRequestFactory().get("/"))
        return JSONRenderer().render(PledgeSerializer(pledges, many=True, context={"request": request}).data)

    def test_the_list_and_a_record_cost_one_query_however_full_the_rows(self):
        with self.assertNumQueries(1):
            response = self.client.get(reverse("api:pledge-list"), {"page_size": 500})
        self.assertEqual(len(response.json()["results"]), 26)
        with self.assertNumQueries(1):
            response = self.client.get(reverse("api:pledge-list"), {"country": "ch", "page_size": 500})
        self.assertEqual(len(response.json()["results"]), 24)
        with self.assertNumQueries(1):
            self.client.get(reverse("api:pledge-detail", args=[self.pledges[0].pk]))

    def test_every_record_is_what_its_related_rows_give(self):
        listed = self.client.get(reverse("api:pledge-list"), {"page_size": 500}).json()["results"]
        expected = json.loads(self.serialized(self.related()))
        self.assertEqual(listed, expected)
        self.assertEqual(json.dumps(listed), json.dumps(expected))  # keys in the same order too
        full = listed[0]
        self.assertEqual([party["country"] for party in full["parties"]], ["PK", "SE", "CH", "TR"])
        self.assertEqual(full["sectors"], ["farming", "energy", "lng"])
        self.assertEqual(
            [change["as_of"]["edtf"] for change in full["status_history"]], ["2025-09-09~", "2026-04", "2027"]
        )
        self.assertEqual(
            [obs["value"] for obs in full["observations"]], ["1400000022.00", "22.01", "1500000022.50"]
        )

    def test_each_record_alone_is_the_same_bytes_as_before(self):
        for pledge in self.related():
            with self.subTest(pledge.title):
                response = self.client.get(reverse("api:pledge-detail", args=[pledge.pk]))
                self.assertEqual(response.content, self.serialized([pledge])[1:-1])

    def test_the_csv_lists_the_same_parties_sectors_and_status_history(self):
        response = self.client.get(reverse("api:pledge-list"), {"format": "csv"})
        rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
        expected = [
            {
                "parties": ";".join(f"{x.country_id}:{x.role}" for x in pledge.parties.all()),
                "sectors": ";".join(x.slug for x in pledge.sectors.all()),
                "status_history": ";".join(
                    f"{c.as_of.edtf()}:{c.status}" for c in pledge.status_changes.all()
                ),
            }
            for pledge in self.related()
        ]
        self.assertEqual([{name: row[name] for name in expected[0]} for row in rows], expected)
        self.assertEqual(rows[0]["status_history"], "2025-09-09~:announced;2026-04:in_progress;2027:stalled")
