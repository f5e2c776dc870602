"""Mistakes caught before they are saved: errors where the record would be false (never saved),
warnings an editor reads and may accept (saved once ticked), in admin and in the API."""

from __future__ import annotations

import re

from django.contrib.auth.models import User
from django.test import TestCase
from rest_framework.test import APIClient

from relations.consistency import (
    EventValues,
    Level,
    OtherEvent,
    Person,
    duplicate_findings,
    event_findings,
    office_findings,
    party_findings,
    place_findings,
    side_findings,
    similar_titles,
)
from relations.dates import FuzzyDate
from relations.models import Country, Event, OfficeHeld, Official, Participant, Pledge, PledgeParty
from tests.test_admin import EditorTestCase, admin_url, event_form, inline_management
from tests.world import build_world

ACCEPT = "accept_warnings"


def digest_in(response) -> str:
    found = re.search(rf'name="{ACCEPT}" id="id_{ACCEPT}" value="([0-9a-f]+)"', response.content.decode())
    return found.group(1) if found else ""


class PlainValueChecksTests(TestCase):
    """The checks on plain values, as the API and the article review call them."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.us = Country.objects.get(code="US")

    def test_a_place_outside_the_countries_involved_is_a_warning(self):
        w = self.world
        (finding,) = place_findings(
            place="New York", place_country=self.us, countries=[w.pakistan, w.turkiye]
        )
        self.assertEqual(finding.level, Level.WARNING)
        self.assertIn(
            "The place (New York, United States) is not among the countries involved", finding.message
        )
        self.assertIn("sidelines of the UN", finding.message)
        self.assertEqual(place_findings(place="Ankara", place_country="TR", countries=["PK", "TR"]), [])

    def test_a_side_outside_the_countries_involved_is_an_error_on_that_row(self):
        w = self.world
        people = [Person(w.guler, side=w.turkiye), Person(None, name="Ishaq Dar", side=w.india)]
        (finding,) = side_findings(participants=people, countries=[w.pakistan, w.turkiye])
        self.assertEqual(
            (finding.level, finding.rows, finding.row, finding.field),
            (Level.ERROR, "participants", 1, "side"),
        )
        self.assertIn("Ishaq Dar spoke for India, which is not among the countries involved", finding.message)

    def test_a_capacity_naming_an_office_not_held_then_is_an_error(self):
        w = self.world
        offices = {w.guler.pk: list(OfficeHeld.objects.filter(official=w.guler))}
        person = Person(w.guler, side=w.turkiye, capacity="minister of national defence")
        (finding,) = office_findings(participants=[person], date=FuzzyDate.parse("2019-05"), offices=offices)
        self.assertEqual(finding.level, Level.ERROR)
        self.assertIn("cannot have come as", finding.message)
        self.assertEqual(
            office_findings(participants=[person], date=FuzzyDate.parse("2025-05"), offices=offices), []
        )

    def test_a_capacity_naming_no_office_on_file_when_none_was_held_is_a_warning(self):
        w = self.world
        offices = {w.guler.pk: list(OfficeHeld.objects.filter(official=w.guler))}
        person = Person(w.guler, side=w.turkiye, capacity="Chief of the General Staff")
        (finding,) = office_findings(participants=[person], date=FuzzyDate.parse("2019"), offices=offices)
        self.assertEqual(finding.level, Level.WARNING)
        self.assertIn(
            "held none of the offices on file then (Minister of National Defence, June 2023", finding.message
        )
        # Held an office then: the capacity may be another styling of it.
        self.assertEqual(
            office_findings(participants=[person], date=FuzzyDate.parse("2025"), offices=offices), []
        )

    def test_a_pledge_party_outside_its_events_countries_is_an_error(self):
        w = self.world
        (finding,) = party_findings(
            parties=[w.turkiye, w.india], event_title="JMC", event_countries=[w.pakistan, w.turkiye]
        )
        self.assertEqual((finding.level, finding.row), (Level.ERROR, 1))
        self.assertIn("India is not among the countries of “JMC” (Pakistan, Türkiye)", finding.message)

    def test_titles_of_the_same_event_are_similar_and_others_are_not(self):
        pk_tr = ["PK", "TR"]
        for a, b, similar in (
            ("16th session of the Pakistan–Türkiye JMC", "JMC, 16th session", True),
            ("Dar and Fidan meet in Ankara", "Fidan meets Dar", True),
            ("Pakistan–Türkiye trade talks", "Pakistani and Turkish trade talks", True),
            ("Pakistan–Türkiye trade talks", "Pakistan–Türkiye LNG deal signed", False),
            ("Pakistan–Turkey JMC", "Türkiye and Pakistan sign a defence accord", False),
        ):
            with self.subTest(a=a, b=b):
                self.assertEqual(similar_titles(a, b, ignore=pk_tr), similar)

    def test_a_duplicate_needs_the_same_countries_and_overlapping_dates(self):
        other = OtherEvent(
            "session", "JMC, 16th session", FuzzyDate.parse("2025-09"), frozenset({"PK", "TR"})
        )
        title, day = "16th JMC session", FuzzyDate.parse("2025-09-09")
        (finding,) = duplicate_findings(title=title, date=day, countries=["PK", "TR"], others=[other])
        self.assertEqual((finding.level, finding.record), (Level.WARNING, "session"))
        self.assertEqual(
            duplicate_findings(title=title, date=day, countries=["PK", "TR", "AZ"], others=[other]), []
        )
        later = FuzzyDate.parse("2025-10-01")
        self.assertEqual(
            duplicate_findings(title=title, date=later, countries=["PK", "TR"], others=[other]), []
        )

    def test_the_checks_cost_the_same_queries_for_two_or_twenty_participants(self):
        w = self.world
        officials = [Official.objects.create(name=f"Official {i}", nationality=w.turkiye) for i in range(20)]
        for official in officials:
            OfficeHeld.objects.create(official=official, title="Ambassador", start="2026-01")

        def values(n: int) -> EventValues:
            return EventValues(
                title="Talks in Ankara",
                date=FuzzyDate.parse("2025-09-08"),
                countries=[w.pakistan, w.turkiye],
                participants=[Person(o, side=w.turkiye, capacity="Envoy") for o in officials[:n]],
                place_country=w.turkiye,
                commission=w.jmc,
                session_number=17,
                pk=w.visit_july.pk,  # the 16th session overlaps it: a candidate, not a duplicate
            )

        with self.assertNumQueries(5):  # session, pledges' parties, offices, candidates, their countries
            event_findings(values(2))
        with self.assertNumQueries(5):
            findings = event_findings(values(20))
        # Each came as an envoy in 2025, before the one office on file began.
        self.assertEqual([f.level for f in findings], [Level.WARNING] * 20)


class EventFormTestCase(EditorTestCase):
    def post_event(self, **overrides):
        return self.client.post(admin_url(Event, "add"), event_form(self.world, **overrides))

    def change_form(self, event: Event, **overrides) -> dict[str, str]:
        data = event_form(self.world, title=event.title, slug=event.slug, place=event.place)
        data.update({"place_country": event.place_country_id or "", "date": event.date.edtf()})
        countries = list(event.event_countries.all())
        data.update(inline_management("event_countries", total=len(countries), initial=len(countries)))
        for i, row in enumerate(countries):
            data.update(
                {
                    f"event_countries-{i}-id": str(row.pk),
                    f"event_countries-{i}-event": str(event.pk),
                    f"event_countries-{i}-country": row.country_id,
                    f"event_countries-{i}-role": row.role,
                }
            )
        people = list(event.participants.all())
        data.update(inline_management("participants", total=len(people), initial=len(people)))
        for i, person in enumerate(people):
            data.update(
                {
                    f"participants-{i}-id": str(person.pk),
                    f"participants-{i}-event": str(event.pk),
                    f"participants-{i}-official": str(person.official_id or ""),
                    f"participants-{i}-name": person.name,
                    f"participants-{i}-side": person.side_id or "",
                    f"participants-{i}-role": person.role,
                    f"participants-{i}-capacity": person.capacity,
                }
            )
        data.update(overrides)
        return data


def inline_forms(response, model) -> list:
    """The rows of the inline of ``model`` on the page shown, wherever it stands."""
    return next(
        i.formset.forms for i in response.context["inline_admin_formsets"] if i.formset.model is model
    )


class AdminWarningsTests(EventFormTestCase):
    """Warnings stop the first save and show; ticked, the next submit saves."""

    def test_a_plain_event_saves_without_a_warning(self):
        response = self.post_event()
        self.assertEqual(response.status_code, 302)

    def test_a_place_abroad_is_shown_as_a_warning_and_nothing_is_saved(self):
        response = self.post_event(place="New York", place_country="US")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Check before saving")
        self.assertContains(
            response, "The place (New York, United States) is not among the countries involved"
        )
        self.assertContains(response, "I have checked this warning: save anyway")
        self.assertNotContains(response, "Please correct the error")
        self.assertFalse(Event.objects.filter(title="Dar and Fidan meet in Ankara").exists())

    def test_ticked_the_warning_is_accepted_and_the_event_saved(self):
        digest = digest_in(self.post_event(place="New York", place_country="US"))
        response = self.post_event(place="New York", place_country="US", **{ACCEPT: digest})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Event.objects.get(title="Dar and Fidan meet in Ankara").place_country_id, "US")

    def test_a_tick_given_for_other_warnings_does_not_save(self):
        digest = digest_in(self.post_event(place="New York", place_country="US"))
        response = self.post_event(place="Geneva", place_country="CH", **{ACCEPT: digest})
        self.assertContains(response, "The place (Geneva, Switzerland)")
        self.assertFalse(Event.objects.filter(title="Dar and Fidan meet in Ankara").exists())

    def test_an_accepted_warning_is_not_raised_again_by_an_edit_elsewhere(self):
        digest = digest_in(self.post_event(place="New York", place_country="US"))
        self.post_event(place="New York", place_country="US", **{ACCEPT: digest})
        event = Event.objects.get(title="Dar and Fidan meet in Ankara")
        data = self.change_form(event, summary="They met at the UN.")
        response = self.client.post(admin_url(Event, "change", event.pk), data)
        self.assertEqual(response.status_code, 302)
        event.refresh_from_db()
        self.assertEqual(event.summary, "They met at the UN.")

    def test_a_duplicate_event_is_named_and_linked(self):
        w = self.world
        response = self.post_event(
            title="Pakistan–Türkiye Joint Ministerial Commission, 16th session",
            date="2025-09-09",
            place="Islamabad",
            place_country="PK",
        )
        self.assertContains(response, "This may be an event already recorded: “16th session of the")
        self.assertContains(response, f'<a href="{admin_url(Event, "change", w.session_16.pk)}">Open it</a>')
        self.assertEqual(Event.objects.filter(title__contains="16th").count(), 1)

    def test_a_different_event_the_same_week_is_no_duplicate(self):
        response = self.post_event(
            title="Pakistan and Türkiye sign an LNG deal", date="2025-09-09", place_country="PK"
        )
        self.assertEqual(response.status_code, 302)

    def test_an_official_in_an_office_not_on_file_then_is_a_warning(self):
        response = self.post_event(
            date="2019-11", **{"participants-0-capacity": "Chief of the General Staff"}
        )
        self.assertContains(response, "Yaşar Güler came as “Chief of the General Staff” on November 2019")
        self.assertFalse(Event.objects.filter(title="Dar and Fidan meet in Ankara").exists())


class AdminErrorsTests(EventFormTestCase):
    """Errors are shown where they belong and never saved, ticked or not."""

    def test_a_side_outside_the_countries_is_shown_on_its_row_and_never_saved(self):
        for extra in ({}, {ACCEPT: "anything"}):
            with self.subTest(ticked=bool(extra)):
                response = self.post_event(**{"participants-1-side": "IN"}, **extra)
                self.assertContains(response, "Please correct the error")
                self.assertContains(
                    response, "Ishaq Dar spoke for India, which is not among the countries involved"
                )
                self.assertEqual(inline_forms(response, Participant)[1].errors.keys(), {"side"})
                self.assertFalse(Event.objects.filter(title="Dar and Fidan meet in Ankara").exists())

    def test_a_taken_session_number_names_and_links_the_session(self):
        w = self.world
        response = self.post_event(commission=str(w.jmc.pk), session_number="16")
        self.assertContains(
            response, "This commission already has a session with this number. It is “16th session"
        )
        self.assertContains(response, f'<a href="{admin_url(Event, "change", w.session_16.pk)}">Open it</a>')
        self.assertNotContains(response, "Please correct the duplicate")

    def test_removing_a_country_a_pledge_binds_is_refused(self):
        event = self.world.session_16
        data = self.change_form(event, **{"event_countries-1-DELETE": "on"})
        response = self.client.post(admin_url(Event, "change", event.pk), data)
        self.assertContains(response, "Türkiye is a party to “Expand bilateral trade to US$5 billion”")
        self.assertEqual(event.event_countries.count(), 2)

    def test_a_pledge_party_outside_its_events_countries_is_refused(self):
        pledge = self.world.trade_pledge
        data = self.pledge_form(pledge, **{"parties-1-country": "IN"})
        response = self.client.post(admin_url(Pledge, "change", pledge.pk), data)
        self.assertContains(response, "India is not among the countries of “16th session")
        self.assertEqual(set(pledge.parties.values_list("country", flat=True)), {"PK", "TR"})

    def pledge_form(self, pledge: Pledge, **overrides) -> dict[str, str]:
        from tests.test_admin import AdminEntryTests

        return AdminEntryTests.pledge_form(self, pledge, **overrides)


class SuperuserSeesTheSameTests(AdminWarningsTests):
    """What an Editors member sees above, a superuser sees too."""

    def setUp(self):
        self.client.force_login(User.objects.create_superuser("root", password="x"))


class APIChecksTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.user = User.objects.create_superuser("api", password="x")

    def setUp(self):
        self.client = APIClient()
        self.client.force_authenticate(self.user)

    def event(self, **fields) -> dict:
        return {
            "title": "Dar and Fidan meet in Ankara",
            "kind": "meeting",
            "date": "2025-11",
            "countries": [{"country": "PK", "role": "visitor"}, {"country": "TR", "role": "host"}],
            "participants": [{"name": "Ishaq Dar", "side": "PK", "role": "guest"}],
            **fields,
        }

    def test_a_side_outside_the_countries_is_a_400_on_that_row(self):
        response = self.client.post(
            "/api/events/", self.event(participants=[{"name": "Ishaq Dar", "side": "IN"}]), format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Ishaq Dar spoke for India", response.json()["participants"]["0"]["side"][0])
        self.assertFalse(Event.objects.filter(title="Dar and Fidan meet in Ankara").exists())

    def test_a_taken_session_number_names_the_session(self):
        response = self.client.post(
            "/api/events/", self.event(commission=self.world.jmc.slug, session_number=16), format="json"
        )
        self.assertEqual(response.status_code, 400)
        message = response.json()["session_number"][0]
        self.assertIn("It is “16th session of the Pakistan–Türkiye Joint Ministerial Commission”", message)
        self.assertIn(f"/api/events/{self.world.session_16.slug}/", message)

    def test_a_place_abroad_is_no_error_in_the_api(self):
        response = self.client.post(
            "/api/events/", self.event(place="New York", place_country="US"), format="json"
        )
        self.assertEqual(response.status_code, 201)

    def test_a_pledge_party_outside_its_events_countries_is_a_400(self):
        response = self.client.post(
            "/api/pledges/",
            {
                "event": self.world.session_16.slug,
                "title": "Open a consulate",
                "parties": [{"country": "TR", "role": "pledger"}, {"country": "IN", "role": "beneficiary"}],
            },
            format="json",
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("India is not among the countries of", response.json()["parties"]["1"]["country"][0])
        self.assertFalse(Pledge.objects.filter(title="Open a consulate").exists())

    def test_removing_a_country_a_pledge_binds_is_a_400(self):
        event = self.world.session_16
        response = self.client.patch(
            f"/api/events/{event.slug}/", {"countries": [{"country": "PK", "role": "host"}]}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        messages = response.json()["countries"]
        self.assertTrue(any("Türkiye is a party to “Expand bilateral trade" in m for m in messages), messages)
        self.assertEqual(PledgeParty.objects.filter(pledge__event=event, country="TR").count(), 2)
