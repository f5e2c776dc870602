"""Every API list costs a fixed number of queries, whatever the number of rows it shows.

Each list is read as an editor (a signed-in reader is not throttled, so no cache queries) with
all its rows on one page, once with 5 rows of everything and once with 55, each row carrying the
related records the list shows (countries, names, offices, sessions, participants, citations…).
"""

from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import (
    Citation,
    Commission,
    Event,
    EventCountry,
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

#: Queries per list, whatever its length: the page, then one per prefetched relation.
QUERIES = {
    "country-list": 2,  # countries, their names
    "sector-list": 1,  # sectors with their parent
    "source-list": 1,
    "organization-list": 1,  # organizations with their parent
    "official-list": 4,  # officials, other names, offices with organization, offices' citations
    "commission-list": 3,  # commissions with parent, members, sessions
    "event-list": 1,  # events with commission, place and parent; their lists as JSON (for_export)
    # pledges with event; sectors, parties, status history, its citations, reaffirmations, their
    # events, citations
    "pledge-list": 8,
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
        office = OfficeHeld(official=official, title="Minister", organization=ministry, country_id="TR")
        office.start = "2023-06"
        office.save()
        Citation.objects.create(source=source, office=office)

        commission = Commission.objects.create(
            name=f"Commission {i}", kind=Commission.Kind.JOINT, parent=parent_commission
        )
        commission.members.set(["PK", "TR"])

        event = Event(
            title=f"Session {i}",
            kind=Event.Kind.COMMISSION_SESSION,
            commission=commission,
            session_number=1,
            place_country_id="PK",
            parent=first_event,
        )
        event.date = "2025-07"
        event.save()
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
        change = PledgeStatusChange(pledge=pledge, status=PledgeStatus.ANNOUNCED)
        change.as_of = "2025-07"
        change.save()
        Citation.objects.create(source=source, status_change=change)
        PledgeReaffirmation.objects.create(pledge=pledge, event=first_event)
        Citation.objects.create(source=source, pledge=pledge)


class ListQueryChecks:
    """The checks, run by the two test cases below with their number of rows."""

    rows: int
    client_class = APIClient

    @classmethod
    def setUpTestData(cls):
        populate(cls.rows)
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
