"""Offices that ended on a day nobody reported: never shown or counted as current, and an office's
dates checked against the events where its holder is recorded in it (model, admin, API, pages,
CSV and backups)."""

import datetime as dt
import io
import json

from django.contrib.auth.models import Group, User
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.urls import reverse
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from relations.backup import backup_write
from relations.dates import FuzzyDate
from relations.models import EventCountry, OfficeHeld, Official, Participant
from relations.models.people import offices_ruled_out
from tests.world import build_world, make_event

GULER_AT_JMC = (
    "Yaşar Güler is recorded as “Minister of National Defence” at “16th session of the "
    "Pakistan–Türkiye Joint Ministerial Commission” (8–9 September 2025), outside the dates of "
    "this office (June 2023 – 2024)."
)


def add_office(official: Official, title: str, start: str, end: str | None = None, **fields) -> OfficeHeld:
    return OfficeHeld.objects.create(official=official, title=title, start=start, end=end, **fields)


def office(title: str, start: str | None, end: str | None = None, *, end_unknown: bool = False) -> OfficeHeld:
    return OfficeHeld(title=title, start=start, end=end, end_unknown=end_unknown)


def admin_form_data(response) -> dict:
    """What the admin change form in ``response`` posts back as it is, inlines included."""
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        forms += [*inline.formset.forms, inline.formset.management_form]
    data = {}
    for form in forms:
        for bound in form:
            value = bound.field.prepare_value(bound.value())
            if value not in (None, False):
                data[bound.html_name] = "on" if value is True else value
    return data


class EndedOfficeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = w = build_world()
        cls.imran = Official.objects.create(name="Imran Khan", nationality=w.pakistan)
        cls.former = add_office(cls.imran, "Prime Minister", "2018-08", country=w.pakistan, end_unknown=True)
        cls.shehbaz = Official.objects.create(name="Shehbaz Sharif", nationality=w.pakistan)
        add_office(cls.shehbaz, "Prime Minister", "2024-03", country=w.pakistan)
        cls.council = make_event(
            "Pakistan–Türkiye High-Level Strategic Cooperation Council",
            "2020-02-14",
            {w.pakistan: EventCountry.Role.HOST, w.turkiye: EventCountry.Role.VISITOR},
        )
        Participant.objects.create(
            event=cls.council, official=cls.imran, side=w.pakistan, capacity="Prime Minister"
        )
        # Güler came to the 16th JMC as defence minister, as the report styles it (in lower case).
        w.session_16.participants.filter(official=w.guler).update(capacity="minister of national defence")
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.token = Token.objects.create(user=cls.editor)

    def api(self) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {self.token.key}")
        return client

    # Model ---------------------------------------------------------------------------------------

    def test_an_office_ended_on_a_day_nobody_reported_is_held_on_no_day(self):
        for day in (None, dt.date(2019, 1, 1)):
            with self.subTest(day=day):
                serving = OfficeHeld.objects.serving(on=day).filter(title="Prime Minister")
                self.assertNotIn(self.former, serving)
        self.assertEqual(
            [o.official for o in OfficeHeld.objects.serving().filter(title="Prime Minister")], [self.shehbaz]
        )

    def test_the_database_refuses_an_end_date_on_an_office_ended_on_an_unknown_day(self):
        self.former.end = "2022-04"
        with self.assertRaises(IntegrityError), transaction.atomic():
            self.former.save()

    def test_an_event_rules_out_an_office_only_where_none_of_its_possible_days_fits(self):
        minister = office("Minister of Foreign Affairs", "2023-06", "2024-03")
        today = dt.date(2026, 1, 15)
        cases = {
            ("Minister of Foreign Affairs", "2023-06-01"): [],
            ("Minister of Foreign Affairs", "2023"): [],  # the year overlaps the office
            ("Minister of Foreign Affairs", "2024-03"): [],
            ("Minister of Foreign Affairs", "2023-05"): [minister],
            ("MINISTER OF FOREIGN AFFAIRS", "2024-04-01"): [minister],  # titles are folded
            ("Minister of Foreign Affairs", "c. 2024-04"): [],  # approximate: March to May
            ("Foreign Minister", "2030"): [],  # names no office on file
        }
        for (capacity, date), expected in cases.items():
            with self.subTest(capacity=capacity, date=date):
                self.assertEqual(
                    offices_ruled_out(capacity, FuzzyDate.parse(date), [minister], today=today), expected
                )
        former = office("Prime Minister", "2018-08", end_unknown=True)
        for date, expected in (
            ("2025-12", []),
            ("2026-01-15", []),
            ("2026-01-16", [former]),
            ("2018-07", [former]),
        ):
            with self.subTest(date=date):
                self.assertEqual(
                    offices_ruled_out("Prime Minister", FuzzyDate.parse(date), [former], today=today),
                    expected,
                )
        first, second = office("Prime Minister", "2013", "2017"), office("Prime Minister", "2022", "2023")
        terms = [first, second]
        self.assertEqual(offices_ruled_out("Prime Minister", FuzzyDate.parse("2019"), terms), terms)
        self.assertEqual(offices_ruled_out("Prime Minister", FuzzyDate.parse("2022-05"), terms), [])

    # Pages and CSV -------------------------------------------------------------------------------

    def test_the_officials_of_a_country_show_only_the_current_prime_minister_as_current(self):
        with self.assertNumQueries(4):
            response = self.client.get(reverse("relations:official-list"), {"country": "pk"})
        current = {o.name: [held.title for held in o.current_offices] for o in response.context["page"]}
        self.assertEqual(
            current, {"Imran Khan": [], "Jam Kamal Khan": [], "Shehbaz Sharif": ["Prime Minister"]}
        )
        self.assertContains(response, "Prime Minister", count=1)

    def test_the_country_page_lists_a_former_prime_minister_without_a_current_office(self):
        response = self.client.get(reverse("relations:country-detail", args=["pk"]))
        self.assertContains(
            response,
            '<li><a href="/officials/imran-khan/">Imran Khan</a> '
            '<span class="role">no current office recorded</span></li>',
            html=True,
        )
        self.assertContains(
            response,
            '<li><a href="/officials/shehbaz-sharif/">Shehbaz Sharif</a> '
            '<span class="role">Prime Minister</span></li>',
            html=True,
        )

    def test_the_officials_page_says_the_office_ended_on_a_day_nobody_reported(self):
        response = self.client.get(self.imran.get_absolute_url())
        self.assertContains(response, "ended (date unknown)")
        self.assertNotContains(response, "present")

    def test_the_officials_csv_says_the_office_ended_on_a_day_nobody_reported(self):
        response = self.client.get(reverse("api:official-list"), {"format": "csv", "country": "PK"})
        body = b"".join(response.streaming_content).decode()
        self.assertIn('imran-khan,Imran Khan,PK,,,"Prime Minister (2018-08..ended, date unknown)"\r\n', body)
        self.assertIn("shehbaz-sharif,Shehbaz Sharif,PK,,,Prime Minister (2024-03..)", body)

    def test_a_backup_keeps_the_mark(self):
        stream = io.StringIO()
        backup_write(stream)
        rows = [json.loads(line) for line in stream.getvalue().splitlines()]
        office = next(
            r for r in rows if r.get("model") == "relations.officeheld" and r["pk"] == self.former.pk
        )
        self.assertIs(office["fields"]["end_unknown"], True)

    # Admin ---------------------------------------------------------------------------------------

    def admin_change(self, obj, **changes):
        """Post the admin change form of ``obj`` as it is, but for ``changes`` (``None`` clears)."""
        self.client.force_login(self.editor)
        url = reverse(f"admin:relations_{obj._meta.model_name}_change", args=[obj.pk])
        data = admin_form_data(self.client.get(url))
        for name, value in changes.items():
            data.pop(name, None) if value is None else data.update({name: value})
        return self.client.post(url, data)

    def test_an_editor_marks_an_office_ended_on_a_day_nobody_reported(self):
        office = self.world.guler.offices.get()
        response = self.admin_change(self.world.guler, **{"offices-0-end_unknown": "on"})
        self.assertEqual(response.status_code, 302)
        office.refresh_from_db()
        self.assertIs(office.end_unknown, True)
        page = self.client.get(reverse("admin:relations_officeheld_changelist"))
        self.assertContains(page, "ended (date unknown)")

    def test_the_admin_refuses_an_end_date_on_an_office_ended_on_an_unknown_day(self):
        response = self.admin_change(self.imran, **{"offices-0-end": "2022-04"})
        self.assertContains(response, "An office with an end date has not ended on an unknown day")
        self.former.refresh_from_db()
        self.assertIsNone(self.former.end)

    def test_the_admin_refuses_an_office_end_that_an_event_held_in_it_rules_out(self):
        response = self.admin_change(self.world.guler, **{"offices-0-end": "2024"})
        self.assertContains(response, GULER_AT_JMC)
        alone = self.admin_change(self.world.guler.offices.get(), end="2024")
        self.assertContains(alone, GULER_AT_JMC)
        self.assertIsNone(self.world.guler.offices.get().end)

    def test_the_admin_refuses_an_event_date_that_rules_out_a_participants_office(self):
        response = self.admin_change(self.council, date="2017")
        self.assertContains(
            response,
            "Imran Khan cannot have come as “Prime Minister” on 2017: "
            "that office is recorded for August 2018 – ended (date unknown).",
        )
        self.assertEqual(
            str(Official.objects.get(pk=self.imran.pk).participations.get().event.date), "14 February 2020"
        )

    # API -----------------------------------------------------------------------------------------

    def test_the_api_reads_the_mark_and_takes_it_back_as_it_is(self):
        url = reverse("api:official-detail", args=["imran-khan"])
        record = self.client.get(url).json()
        self.assertEqual(
            record["offices"],
            [
                {
                    "title": "Prime Minister",
                    "organization": None,
                    "country": "PK",
                    "start": {
                        "edtf": "2018-08",
                        "start": "2018-08-01",
                        "end": "2018-08-31",
                        "precision": "month",
                        "approximate": False,
                        "display": "August 2018",
                    },  # fmt: skip
                    "end": None,
                    "end_unknown": True,
                    "citations": [],
                }
            ],
        )
        self.assertEqual(self.api().put(url, record, format="json").status_code, 200)
        self.assertIs(OfficeHeld.objects.get(official=self.imran).end_unknown, True)

    def test_the_api_refuses_an_end_date_on_an_office_ended_on_an_unknown_day(self):
        offices = [{"title": "Prime Minister", "start": "2018-08", "end": "2022-04", "end_unknown": True}]
        response = self.api().patch(
            reverse("api:official-detail", args=["imran-khan"]), {"offices": offices}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(),
            {
                "offices": {
                    "0": {
                        "end_unknown": [
                            "An office with an end date has not ended on an unknown day: "
                            "clear the end or “ended, date unknown”."
                        ]
                    }
                }
            },
        )

    def test_the_api_refuses_an_office_end_that_an_event_held_in_it_rules_out(self):
        url = reverse("api:official-detail", args=["yasar-guler"])
        office = {"title": "Minister of National Defence", "country": "TR", "start": "2023-06"}
        response = self.api().patch(url, {"offices": [office | {"end": "2024"}]}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.json(), {"offices": {"0": {"non_field_errors": [GULER_AT_JMC]}}})
        self.assertEqual(
            self.api().patch(url, {"offices": [office | {"end": "2025-09"}]}, format="json").status_code, 200
        )

    def test_the_api_refuses_a_participant_in_an_office_the_event_date_rules_out(self):
        w = self.world
        later = (dt.date.today() + dt.timedelta(days=60)).isoformat()
        event = {
            "title": "Pakistan–Türkiye talks",
            "kind": "meeting",
            "status": "announced",
            "date": later,
            "countries": [{"country": "PK", "role": "host"}, {"country": "TR", "role": "visitor"}],
            "participants": [
                {"official": "shehbaz-sharif", "side": "PK", "capacity": "Prime Minister"},
                {"official": "imran-khan", "side": "PK", "capacity": "prime minister"},
            ],
        }
        response = self.api().post(reverse("api:event-list"), event, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(
            response.json(),
            {
                "participants": {
                    "1": {
                        "capacity": [
                            f"Imran Khan cannot have come as “prime minister” on {FuzzyDate.parse(later)}: "
                            "that office is recorded for August 2018 – ended (date unknown)."
                        ]
                    }
                }
            },
        )
        moved = self.api().patch(
            reverse("api:event-detail", args=[w.session_16.slug]), {"date": "2023-05"}, format="json"
        )
        self.assertEqual(moved.status_code, 400)
        self.assertEqual(
            moved.json(),
            {
                "date": [
                    "Yaşar Güler cannot have come as “minister of national defence” on May 2023: "
                    "that office is recorded for June 2023 – present."
                ]
            },
        )

    def test_the_schema_describes_the_mark(self):
        schema = self.client.get(reverse("api:schema"), {"format": "json"}).json()
        field = schema["components"]["schemas"]["Office"]["properties"]["end_unknown"]
        self.assertEqual(field["type"], "boolean")
