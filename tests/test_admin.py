"""Editors enter and correct every record in admin; bad input shows an error and writes nothing."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.test import TestCase
from django.urls import reverse

from relations.models import (
    ArticleDraft,
    Citation,
    Country,
    Event,
    Observation,
    OfficeHeld,
    Organization,
    Pledge,
    PledgeStatusChange,
)
from tests.world import build_world

REGISTERED = sorted(
    (model for model in admin.site._registry if model._meta.app_label == "relations"),
    key=lambda model: model.__name__,
)


def admin_url(model, action: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{action}", args=args)


def inline_management(prefix: str, total: int = 0, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


class EditorTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        Organization.objects.create(name="Ministry of Commerce", country=cls.world.pakistan)
        Citation.objects.create(source=cls.world.source, event=cls.world.session_16, excerpt="16th meeting")
        instructors = Pledge.objects.create(
            event=cls.world.session_16, title="Train instructors", target_amount=80, target_unit="people"
        )
        Observation.objects.create(
            pledge=instructors, period="2025", value=20, unit="people", source=cls.world.source
        )
        ArticleDraft.objects.create(user=cls.editor, title="An article pasted", article={}, proposals={})

    def setUp(self):
        self.client.force_login(self.editor)


class EveryAdminPageOpensTests(EditorTestCase):
    def test_the_admin_index_lists_the_tracker_records(self):
        response = self.client.get(reverse("admin:index"))
        self.assertContains(response, "Diplomatic relations")
        self.assertContains(response, "Events")
        self.assertNotContains(response, "Users")

    def test_every_changelist_opens_with_its_rows(self):
        for model in REGISTERED:
            with self.subTest(model=model.__name__):
                response = self.client.get(admin_url(model, "changelist"))
                self.assertEqual(response.status_code, 200)
                self.assertGreater(response.context["cl"].result_count, 0)

    def test_every_add_page_opens(self):
        for model in REGISTERED:
            if model is Country:
                continue  # the ISO list is complete; see the test on countries below
            if model is ArticleDraft:
                continue  # made by pasting an article ("Add from article"), not typed
            with self.subTest(model=model.__name__):
                response = self.client.get(admin_url(model, "add"))
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "<form", msg_prefix=model.__name__)

    def test_every_change_page_and_its_history_open(self):
        for model in REGISTERED:
            obj = model.objects.order_by("pk").first()
            with self.subTest(model=model.__name__):
                response = self.client.get(admin_url(model, "change", obj.pk))
                self.assertContains(response, str(obj)[:20])
                response = self.client.get(admin_url(model, "history", obj.pk))
                self.assertEqual(response.status_code, 200)

    def test_dates_show_as_one_box_with_their_precision(self):
        response = self.client.get(admin_url(Event, "change", self.world.session_16.pk))
        self.assertContains(response, 'name="date" value="2025-09-08/2025-09-09"')
        response = self.client.get(admin_url(Event, "change", self.world.visit_july.pk))
        self.assertContains(response, 'name="date" value="2025-07"')

    def test_event_list_shows_dates_by_precision(self):
        response = self.client.get(admin_url(Event, "changelist"))
        self.assertContains(response, "8–9 September 2025")
        self.assertContains(response, "July 2025")
        self.assertNotContains(response, "1 July 2025")

    def test_editors_add_names_to_countries_but_never_add_or_delete_a_country(self):
        turkiye = self.world.turkiye
        self.assertEqual(self.client.get(admin_url(turkiye.__class__, "add")).status_code, 403)
        self.assertEqual(self.client.get(admin_url(turkiye.__class__, "delete", "TR")).status_code, 403)
        self.assertContains(
            self.client.get(admin_url(turkiye.__class__, "change", "TR")), "Add another Country name"
        )

    def test_editors_cannot_manage_users(self):
        response = self.client.get(reverse("admin:auth_user_changelist"))
        self.assertEqual(response.status_code, 403)


class AdminSearchTests(EditorTestCase):
    def test_officials_are_found_without_accents_through_aliases(self):
        for term in ("yasar guler", "Yaşar", "GÜLER"):
            with self.subTest(term=term):
                response = self.client.get(admin_url(self.world.guler.__class__, "changelist"), {"q": term})
                self.assertEqual(list(response.context["cl"].result_list), [self.world.guler])

    def test_countries_are_found_through_former_names(self):
        response = self.client.get(admin_url(self.world.turkiye.__class__, "changelist"), {"q": "turkey"})
        self.assertEqual([c.code for c in response.context["cl"].result_list], ["TR"])

    def test_events_are_found_through_a_country_alias(self):
        response = self.client.get(admin_url(Event, "changelist"), {"q": "Turkiye"})
        self.assertEqual(
            set(response.context["cl"].result_list), {self.world.session_16, self.world.visit_july}
        )

    def test_country_autocomplete_goes_through_aliases(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "relations",
                "model_name": "event",
                "field_name": "place_country",
                "term": "Turkiye",
            },
        )
        self.assertEqual([r["id"] for r in response.json()["results"]], ["TR"])

    def test_official_autocomplete_finds_a_transliteration(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "relations",
                "model_name": "participant",
                "field_name": "official",
                "term": "guler",
            },
        )
        self.assertEqual(
            [r["text"] for r in response.json()["results"]],
            ["Yaşar Güler — Minister of National Defence, Türkiye (2023–) · events 2025"],
        )


def event_form(world, **overrides) -> dict[str, str]:
    data = {
        "title": "Dar and Fidan meet in Ankara",
        "slug": "",
        "kind": "meeting",
        "status": "held",
        "date": "2025-11",
        "place": "Ankara",
        "place_country": "TR",
        "summary": "",
        "commission": "",
        "session_number": "",
        "parent": "",
        **inline_management("event_countries", total=2),
        "event_countries-0-country": "PK",
        "event_countries-0-role": "visitor",
        "event_countries-1-country": "TR",
        "event_countries-1-role": "host",
        **inline_management("participants", total=2),
        "participants-0-official": str(world.guler.pk),
        "participants-0-name": "",
        "participants-0-side": "TR",
        "participants-0-role": "host",
        "participants-0-capacity": "Minister of National Defence",
        "participants-1-official": "",
        "participants-1-name": "Ishaq Dar",
        "participants-1-side": "PK",
        "participants-1-role": "guest",
        "participants-1-capacity": "Deputy Prime Minister",
        **inline_management("citations"),
        **inline_management("links_out"),
    }
    data.update(overrides)
    return data


class AdminEntryTests(EditorTestCase):
    def test_an_editor_creates_an_event_with_two_countries_and_two_participants(self):
        response = self.client.post(admin_url(Event, "add"), event_form(self.world))
        self.assertRedirects(response, admin_url(Event, "changelist"))
        event = Event.objects.get(title="Dar and Fidan meet in Ankara")
        self.assertEqual(str(event.date), "November 2025")
        self.assertEqual(
            {(ec.country_id, ec.role) for ec in event.event_countries.all()},
            {("PK", "visitor"), ("TR", "host")},
        )
        self.assertEqual({str(p) for p in event.participants.all()}, {"Yaşar Güler", "Ishaq Dar"})
        self.assertEqual(event.history.first().history_user, self.editor)

    def assertNothingWritten(self, response, message: str):
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertFalse(Event.objects.filter(title="Dar and Fidan meet in Ankara").exists())

    def test_an_impossible_date_shows_an_error_and_writes_nothing(self):
        for text, message in (
            ("2025-13", "is not a real date"),
            ("Novembre 2025", "is not a date"),
            ("09/11/2025", "write the month as a word"),
            ("2025-09-09/2025-09-08", "cannot be before its start"),
            ("", "This field is required"),
        ):
            with self.subTest(text=text):
                response = self.client.post(admin_url(Event, "add"), event_form(self.world, date=text))
                self.assertNothingWritten(response, message)

    def test_a_participant_with_no_official_and_no_name_is_refused(self):
        response = self.client.post(
            admin_url(Event, "add"), event_form(self.world, **{"participants-1-name": ""})
        )
        self.assertNothingWritten(response, "Choose an official or type a name.")

    def test_a_country_listed_twice_is_refused(self):
        response = self.client.post(
            admin_url(Event, "add"), event_form(self.world, **{"event_countries-1-country": "PK"})
        )
        self.assertNothingWritten(response, "Please correct the duplicate data")

    def test_a_taken_session_number_is_refused(self):
        response = self.client.post(
            admin_url(Event, "add"),
            event_form(self.world, commission=str(self.world.jmc.pk), session_number="16"),
        )
        self.assertNothingWritten(response, "This commission already has a session with this number.")

    def test_a_session_number_without_commission_is_refused(self):
        response = self.client.post(admin_url(Event, "add"), event_form(self.world, session_number="3"))
        self.assertNothingWritten(response, "A session number needs a commission.")

    def test_an_unknown_country_code_is_refused(self):
        response = self.client.post(
            admin_url(Event, "add"), event_form(self.world, **{"event_countries-0-country": "XX"})
        )
        self.assertNothingWritten(response, "Select a valid choice")

    def test_a_single_date_box_refuses_a_range(self):
        office = OfficeHeld.objects.get(official=self.world.guler)
        response = self.client.post(
            admin_url(OfficeHeld, "change", office.pk),
            {
                "official": office.official_id,
                "title": office.title,
                "organization": "",
                "country": "TR",
                "start": "2023-06/2023-07",
                "end": "",
                **inline_management("citations"),
            },
        )
        self.assertContains(response, "Enter a single date here, not a range.")
        office.refresh_from_db()
        self.assertEqual(str(office.start), "June 2023")

    def test_an_unknown_currency_is_refused(self):
        pledge = self.world.trade_pledge
        response = self.client.post(
            admin_url(Pledge, "change", pledge.pk), self.pledge_form(target_currency="DOL")
        )
        self.assertContains(response, "is not an ISO 4217 currency code")
        pledge.refresh_from_db()
        self.assertEqual(pledge.target_currency, "USD")

    def test_an_amount_without_currency_is_refused(self):
        response = self.client.post(
            admin_url(Pledge, "change", self.world.trade_pledge.pk), self.pledge_form(target_currency="")
        )
        self.assertContains(response, "An amount needs its currency or its unit.")

    def test_a_status_after_an_outcome_is_refused(self):
        pledge = self.world.lng_pledge
        data = self.pledge_form(pledge=pledge, target_amount="", target_currency="")
        data.update(
            {
                "status_changes-TOTAL_FORMS": str(pledge.status_changes.count() + 1),
                f"status_changes-{pledge.status_changes.count()}-as_of": "2099",
                f"status_changes-{pledge.status_changes.count()}-status": "stalled",
                f"status_changes-{pledge.status_changes.count()}-note": "",
            }
        )
        response = self.client.post(admin_url(Pledge, "change", pledge.pk), data)
        self.assertContains(response, "“stalled” cannot follow “fulfilled”.")
        self.assertEqual(PledgeStatusChange.objects.filter(pledge=pledge).count(), 2)

    def test_an_editor_records_a_status_change_with_a_month_date(self):
        pledge = self.world.trade_pledge
        data = self.pledge_form()
        n = pledge.status_changes.count()
        data.update(
            {
                "status_changes-TOTAL_FORMS": str(n + 1),
                f"status_changes-{n}-as_of": "2026-01",
                f"status_changes-{n}-status": "in_progress",
                f"status_changes-{n}-note": "talks",
            }
        )
        response = self.client.post(admin_url(Pledge, "change", pledge.pk), data)
        self.assertRedirects(response, admin_url(Pledge, "changelist"))
        self.assertEqual(str(pledge.status_changes.latest("as_of_start").as_of), "January 2026")

    def pledge_form(self, pledge=None, **overrides) -> dict[str, str]:
        pledge = pledge or self.world.trade_pledge
        data = {
            "event": str(pledge.event_id),
            "title": pledge.title,
            "wording": pledge.wording,
            "target_amount": "5000000000",
            "target_currency": "USD",
            "target_measure": "",
            "baseline_amount": "",
            "baseline_note": "",
            "due": "",
            **inline_management("parties", total=pledge.parties.count(), initial=pledge.parties.count()),
            **inline_management("reaffirmations"),
            **inline_management("citations"),
            **inline_management("observations"),
        }
        for i, party in enumerate(pledge.parties.all()):
            data.update(
                {
                    f"parties-{i}-id": str(party.pk),
                    f"parties-{i}-pledge": str(pledge.pk),
                    f"parties-{i}-country": party.country_id,
                    f"parties-{i}-role": party.role,
                }
            )
        changes = list(pledge.status_changes.order_by("as_of_start", "pk"))
        data.update(inline_management("status_changes", total=len(changes), initial=len(changes)))
        for i, change in enumerate(changes):
            data.update(
                {
                    f"status_changes-{i}-id": str(change.pk),
                    f"status_changes-{i}-pledge": str(pledge.pk),
                    f"status_changes-{i}-as_of": change.as_of.edtf(),
                    f"status_changes-{i}-status": change.status,
                    f"status_changes-{i}-note": change.note,
                }
            )
        data.update(overrides)
        return data


@pytest.mark.django_db
def test_the_local_admin_account_gets_a_random_password_printed_once():
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("create_local_admin", stdout=out)
    password = out.getvalue().split("with password ")[1].split()[0]
    assert User.objects.get(username="admin").check_password(password)
    again = StringIO()
    call_command("create_local_admin", stdout=again)
    assert password not in again.getvalue()
    assert User.objects.filter(username="admin").count() == 1


class PledgeListTests(EditorTestCase):
    def test_pledges_are_filtered_by_their_current_status_only(self):
        url = admin_url(Pledge, "changelist")
        announced = self.client.get(url, {"current_status": "announced"}).context["cl"].result_list
        fulfilled = self.client.get(url, {"current_status": "fulfilled"}).context["cl"].result_list
        # The LNG pledge was announced, then fulfilled: it counts as fulfilled only.
        self.assertEqual(list(announced), [self.world.trade_pledge])
        self.assertEqual(list(fulfilled), [self.world.lng_pledge])

    def test_the_pledge_list_shows_status_and_target_in_the_house_style(self):
        response = self.client.get(admin_url(Pledge, "changelist"))
        self.assertContains(response, '<td class="field-target">US$5 billion</td>', html=True)
        self.assertContains(response, "fulfilled")
