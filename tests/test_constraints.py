"""Each invariant is kept by the database itself, whatever path a write takes."""

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.test import TestCase

from relations.models import (
    Citation,
    CountryName,
    Event,
    EventCountry,
    EventLink,
    OfficeHeld,
    Official,
    OfficialName,
    Participant,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatus,
    Sector,
    Source,
)
from relations.models.pledge_status import status_sequence_error
from tests.world import build_world, make_event


class ConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def assertRefused(self, create):
        with self.assertRaises(IntegrityError), transaction.atomic():
            create()

    def test_it_refuses_a_second_session_with_the_same_number(self):
        w = self.world
        self.assertRefused(
            lambda: make_event("Another 16th", "2025-10", {}, commission=w.jmc, session_number=16)
        )

    def test_the_same_number_is_fine_in_another_commission(self):
        other = type(self.world.jmc).objects.create(name="Joint Commission", kind="joint")
        make_event("First Joint Commission", "2025-07-09", {}, commission=other, session_number=16)

    def test_it_refuses_a_session_number_without_a_commission(self):
        self.assertRefused(lambda: make_event("Orphan session", "2025", {}, session_number=3))

    def test_it_refuses_session_number_zero(self):
        self.assertRefused(
            lambda: make_event("Zeroth", "2025", {}, commission=self.world.jmc, session_number=0)
        )

    def test_it_refuses_a_country_twice_in_one_event(self):
        w = self.world
        self.assertRefused(lambda: EventCountry.objects.create(event=w.session_16, country=w.pakistan))

    def test_it_refuses_a_participant_with_neither_official_nor_name(self):
        self.assertRefused(lambda: Participant.objects.create(event=self.world.session_16))

    def test_it_refuses_the_same_official_twice_at_one_event(self):
        w = self.world
        self.assertRefused(lambda: Participant.objects.create(event=w.session_16, official=w.guler))

    def test_it_refuses_an_event_related_to_itself(self):
        w = self.world
        self.assertRefused(lambda: EventLink.objects.create(from_event=w.conflict, to_event=w.conflict))

    def test_it_refuses_an_event_as_its_own_parent(self):
        event = Event.objects.get(pk=self.world.conflict.pk)
        event.parent_id = event.pk
        self.assertRefused(event.save)

    def test_it_refuses_a_citation_of_two_facts_at_once(self):
        w = self.world
        self.assertRefused(
            lambda: Citation.objects.create(source=w.source, event=w.session_16, pledge=w.trade_pledge)
        )

    def test_it_refuses_a_citation_of_nothing(self):
        self.assertRefused(lambda: Citation.objects.create(source=self.world.source))

    def test_it_refuses_citing_the_same_source_twice_for_one_fact(self):
        w = self.world
        Citation.objects.create(source=w.source, event=w.session_16)
        self.assertRefused(lambda: Citation.objects.create(source=w.source, event=w.session_16))

    def test_it_refuses_two_sources_with_one_url(self):
        self.assertRefused(
            lambda: Source.objects.create(title="Copy", publisher="X", url=self.world.source.url)
        )

    def test_sources_without_url_may_be_many(self):
        Source.objects.create(title="Wire one", publisher="APP")
        Source.objects.create(title="Wire two", publisher="APP")

    def test_it_refuses_an_amount_without_currency(self):
        self.assertRefused(
            lambda: Pledge.objects.create(event=self.world.session_16, title="X", target_amount=Decimal(5))
        )

    def test_it_refuses_a_negative_target(self):
        self.assertRefused(
            lambda: Pledge.objects.create(
                event=self.world.session_16, title="X", target_amount=Decimal(-5), target_currency="USD"
            )
        )

    def test_it_refuses_a_country_twice_as_party_to_a_pledge(self):
        w = self.world
        self.assertRefused(lambda: PledgeParty.objects.create(pledge=w.trade_pledge, country=w.pakistan))

    def test_it_refuses_two_reaffirmations_at_one_event(self):
        w = self.world
        PledgeReaffirmation.objects.create(pledge=w.trade_pledge, event=w.visit_july)
        self.assertRefused(
            lambda: PledgeReaffirmation.objects.create(pledge=w.trade_pledge, event=w.visit_july)
        )

    def test_it_refuses_an_office_that_ends_before_it_starts(self):
        office = OfficeHeld(official=self.world.khan, title="Minister", start="2024-03", end="2020-03-01")
        self.assertRefused(office.save)

    def test_it_refuses_a_duplicate_alias(self):
        w = self.world
        self.assertRefused(lambda: OfficialName.objects.create(official=w.guler, name="Yasar Guler"))
        self.assertRefused(lambda: CountryName.objects.create(country=w.turkiye, name="Turkey"))

    def test_it_refuses_two_officials_with_one_wikidata_id(self):
        Official.objects.create(name="A", wikidata_id="Q1")
        self.assertRefused(lambda: Official.objects.create(name="B", wikidata_id="Q1"))

    def test_it_refuses_a_sector_as_its_own_parent(self):
        sector = Sector.objects.get(pk=self.world.energy.pk)
        sector.parent_id = sector.pk
        self.assertRefused(sector.save)

    def test_it_refuses_a_country_code_that_is_not_two_capitals(self):
        from relations.models import Country

        self.assertRefused(lambda: Country.objects.bulk_create([Country(code="t1", name="Nowhere")]))

    def test_deleting_an_event_removes_its_owned_children_but_not_its_people(self):
        w = self.world
        event = make_event("Call", "2025-10-01", {w.pakistan: "party"}, kind=Event.Kind.CALL)
        Participant.objects.create(event=event, official=w.khan)
        event.delete()
        self.assertFalse(Participant.objects.filter(event_id=event.pk).exists())
        self.assertTrue(Official.objects.filter(pk=w.khan.pk).exists())


class PledgeStatusTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_current_status_is_the_latest_change(self):
        pledge = Pledge.objects.get(pk=self.world.lng_pledge.pk)
        self.assertEqual(pledge.current_status, PledgeStatus.FULFILLED)

    def test_status_on_a_date_ignores_later_changes(self):
        import datetime as dt

        self.assertEqual(self.world.lng_pledge.status_on(dt.date(2025, 10, 1)), PledgeStatus.ANNOUNCED)

    def test_a_pledge_fulfilled_in_the_future_is_still_outstanding_today(self):
        self.assertIn(self.world.lng_pledge, Pledge.objects.outstanding())

    def test_a_fulfilled_pledge_is_not_outstanding_after_its_outcome(self):
        import datetime as dt

        later = dt.date.today() + dt.timedelta(days=60)
        self.assertNotIn(self.world.lng_pledge, Pledge.objects.outstanding(at=later))

    def test_a_history_cannot_continue_after_an_outcome(self):
        self.assertEqual(
            status_sequence_error(["announced", "fulfilled", "stalled"]),
            "“stalled” cannot follow “fulfilled”.",
        )

    def test_announced_only_opens_a_history(self):
        self.assertIsNotNone(status_sequence_error(["in_progress", "announced"]))

    def test_progress_and_stalling_may_alternate_before_an_outcome(self):
        self.assertIsNone(
            status_sequence_error(
                ["announced", "in_progress", "stalled", "in_progress", "partly_fulfilled", "fulfilled"]
            )
        )
