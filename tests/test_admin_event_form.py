"""One event form records a whole meeting: its countries, participants, the pledges made at it
with their parties, its sources, and its links to other events either way; the blanks a script
would fill are filled when saving; bad input saves nothing."""

from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.models import Citation, Event, EventLink, Official, Participant, Pledge, PledgeParty, Source
from tests.world import build_world

ADD = reverse("admin:relations_event_add")


def management(prefix: str, total: int, initial: int = 0) -> dict[str, str]:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def visit_form(world, fidan: Official, dar: Official, **overrides) -> dict[str, str]:
    """Türkiye's foreign minister visits Pakistan and meets its deputy prime minister; they set a
    trade target, reported by one source, as a follow-up of the 16th session. Dar's side is left
    blank, as an editor without the form's script would leave it."""
    data = {
        "title": "Hakan Fidan's visit to Islamabad",
        "slug": "",
        "kind": "visit",
        "status": "held",
        "date": "2025-11-20",
        "place": "Islamabad",
        "place_country": "PK",
        "summary": "",
        "commission": "",
        "session_number": "",
        "parent": "",
        **management("event_countries", 2),
        "event_countries-0-country": "PK",
        "event_countries-0-role": "host",
        "event_countries-1-country": "TR",
        "event_countries-1-role": "visitor",
        **management("participants", 2),
        "participants-0-official": str(fidan.pk),
        "participants-0-side": "TR",
        "participants-0-role": "guest",
        "participants-0-capacity": "Minister of Foreign Affairs",
        "participants-0-name": "",
        "participants-1-official": str(dar.pk),
        "participants-1-side": "",
        "participants-1-role": "host",
        "participants-1-capacity": "Deputy Prime Minister",
        "participants-1-name": "",
        **management("pledges", 1),
        "pledges-0-title": "Raise bilateral trade to US$5 billion a year",
        "pledges-0-parties": ["PK", "TR"],
        "pledges-0-target_amount": "5000000000",
        "pledges-0-target_currency": "usd",
        "pledges-0-target_unit": "",
        "pledges-0-target_measure": "bilateral trade per year",
        "pledges-0-due": "",
        "pledges-0-source": str(world.source.pk),
        **management("citations", 1),
        "citations-0-source": str(world.source.pk),
        "citations-0-excerpt": "The two ministers agreed to lift trade to $5 billion.",
        **management("links_out", 1),
        "links_out-0-kind": "follow_up",
        "links_out-0-to_event": str(world.session_16.pk),
        **management("links_in", 0),
    }
    data.update(overrides)
    return data


class EventFormTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.fidan = Official.objects.create(name="Hakan Fidan", nationality=cls.world.turkiye)
        cls.dar = Official.objects.create(name="Ishaq Dar", nationality=cls.world.pakistan)
        cls.superuser = User.objects.create_superuser("chief", password="x")
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_login(self.superuser)

    def record_visit(self, **overrides):
        return self.client.post(ADD, visit_form(self.world, self.fidan, self.dar, **overrides))


class RecordingAVisitTests(EventFormTestCase):
    def test_a_whole_visit_is_saved_from_one_form(self):
        response = self.record_visit()

        self.assertRedirects(response, reverse("admin:relations_event_changelist"))
        event = Event.objects.get(title="Hakan Fidan's visit to Islamabad")
        self.assertEqual(str(event.date), "20 November 2025")
        self.assertEqual(
            sorted(event.event_countries.values_list("country_id", "role")),
            [("PK", "host"), ("TR", "visitor")],
        )
        self.assertEqual(
            list(event.participants.values_list("official__name", "side_id", "role", "capacity")),
            [
                ("Hakan Fidan", "TR", "guest", "Minister of Foreign Affairs"),
                ("Ishaq Dar", "PK", "host", "Deputy Prime Minister"),
            ],
        )
        pledge = event.pledges.get()
        self.assertEqual(pledge.title, "Raise bilateral trade to US$5 billion a year")
        self.assertEqual(pledge.target_text, "US$5 billion: bilateral trade per year")
        self.assertEqual(
            sorted(pledge.parties.values_list("country_id", "role")), [("PK", "mutual"), ("TR", "mutual")]
        )
        self.assertEqual(list(pledge.citations.values_list("source", flat=True)), [self.world.source.pk])
        self.assertEqual(pledge.date_start, event.date_start)
        self.assertEqual(
            event.citations.get().excerpt, "The two ministers agreed to lift trade to $5 billion."
        )
        self.assertEqual(event.links_out.get().to_event, self.world.session_16)
        # Derived data is in step: the pair index knows the new event and its pledge.
        self.assertIn(event, Event.objects.for_pair("PK", "TR"))

    def test_a_member_of_the_editors_group_records_it_too(self):
        self.client.force_login(self.editor)

        response = self.record_visit()

        self.assertRedirects(response, reverse("admin:relations_event_changelist"))
        event = Event.objects.get(title="Hakan Fidan's visit to Islamabad")
        self.assertEqual(event.participants.count(), 2)
        self.assertEqual(event.pledges.get().parties.count(), 2)

    def test_an_empty_side_is_the_officials_nationality(self):
        self.record_visit()

        self.assertEqual(Participant.objects.get(official=self.dar).side_id, "PK")

    def test_a_new_event_sent_with_no_country_gets_its_participants_sides(self):
        data = visit_form(self.world, self.fidan, self.dar)
        data.update(
            {"event_countries-0-country": "", "event_countries-1-country": "", "participants-0-side": ""}
        )

        response = self.client.post(ADD, data)

        self.assertEqual(response.status_code, 302)
        event = Event.objects.get(title="Hakan Fidan's visit to Islamabad")
        # The place's country is the host; the other keeps the role its row was sent with.
        self.assertEqual(
            sorted(event.event_countries.values_list("country_id", "role")),
            [("PK", "host"), ("TR", "visitor")],
        )

    def test_a_pledge_with_no_party_ticked_binds_every_country_involved(self):
        data = visit_form(self.world, self.fidan, self.dar)
        del data["pledges-0-parties"]

        self.client.post(ADD, data)

        pledge = Pledge.objects.get(title="Raise bilateral trade to US$5 billion a year")
        self.assertEqual(sorted(pledge.parties.values_list("country_id", flat=True)), ["PK", "TR"])

    def test_ticking_one_party_binds_that_country_alone(self):
        self.record_visit(**{"pledges-0-parties": ["TR"]})

        pledge = Pledge.objects.get(title="Raise bilateral trade to US$5 billion a year")
        self.assertEqual(list(pledge.parties.values_list("country_id", flat=True)), ["TR"])


class BadInputTests(EventFormTestCase):
    def assert_nothing_saved(self, response, message: str) -> None:
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, message)
        self.assertFalse(Event.objects.filter(title="Hakan Fidan's visit to Islamabad").exists())
        self.assertFalse(Pledge.objects.filter(title__startswith="Raise bilateral trade").exists())
        self.assertFalse(Participant.objects.filter(official=self.fidan).exists())
        self.assertFalse(Source.objects.exclude(pk=self.world.source.pk).exists())

    def test_a_pledge_amount_without_currency_or_unit_saves_nothing(self):
        response = self.record_visit(**{"pledges-0-target_currency": ""})

        self.assert_nothing_saved(response, "An amount needs its currency or its unit.")

    def test_a_party_outside_the_countries_involved_is_refused(self):
        response = self.record_visit(**{"pledges-0-parties": ["PK", "IN"]})

        self.assert_nothing_saved(response, "Select a valid choice. IN is not one of the available choices.")

    def test_a_source_not_cited_for_the_event_is_refused_for_its_pledge(self):
        other = Source.objects.create(title="Elsewhere", publisher="Dawn")
        response = self.record_visit(**{"pledges-0-source": str(other.pk)})

        self.assertContains(response, "is not one of the available choices")
        self.assertFalse(Event.objects.filter(title="Hakan Fidan's visit to Islamabad").exists())

    def test_an_unreadable_date_saves_nothing(self):
        response = self.record_visit(date="next Tuesday-ish")

        self.assertEqual(response.status_code, 200)
        self.assertFalse(Event.objects.filter(title="Hakan Fidan's visit to Islamabad").exists())
        self.assertFalse(PledgeParty.objects.filter(pledge__title__startswith="Raise bilateral").exists())

    def test_a_new_event_with_no_country_and_no_participant_is_refused(self):
        data = visit_form(self.world, self.fidan, self.dar)
        data.update(
            {
                "event_countries-0-country": "",
                "event_countries-1-country": "",
                **management("participants", 0),
                **management("pledges", 0),
            }
        )

        response = self.client.post(ADD, data)

        self.assertContains(response, "An event needs at least one country.")
        self.assertFalse(Event.objects.filter(title="Hakan Fidan's visit to Islamabad").exists())


class ChangeFormTests(EventFormTestCase):
    def test_the_change_form_shows_the_events_linking_to_it(self):
        EventLink.objects.create(
            from_event=self.world.session_16, to_event=self.world.visit_july, kind="follow_up"
        )

        response = self.client.get(reverse("admin:relations_event_change", args=[self.world.visit_july.pk]))

        self.assertContains(response, "Linked from: other events are … this event")
        links_in = response.context["inline_admin_formsets"][-1].formset
        self.assertEqual(
            [form.instance.from_event for form in links_in.initial_forms], [self.world.session_16]
        )

    def test_the_pledges_made_at_it_are_listed_with_their_parties_ticked(self):
        response = self.client.get(reverse("admin:relations_event_change", args=[self.world.session_16.pk]))

        self.assertContains(response, "Pledges made here")
        self.assertContains(response, 'value="Expand bilateral trade to US$5 billion"')
        pledges = next(
            f.formset for f in response.context["inline_admin_formsets"] if f.formset.prefix == "pledges"
        )
        self.assertEqual(
            [form["parties"].value() for form in pledges.initial_forms], [["PK", "TR"], ["PK", "TR"]]
        )

    def test_the_officials_nationality_is_offered_to_the_forms_script(self):
        url = reverse("admin:relations_event_official_sides")

        response = self.client.get(url, {"official": [self.fidan.pk, self.dar.pk, "x"]})

        self.assertEqual(
            response.json(),
            {
                str(self.fidan.pk): {"id": "TR", "text": "Türkiye"},
                str(self.dar.pk): {"id": "PK", "text": "Pakistan"},
            },
        )

    def test_unticking_a_party_on_a_stored_event_removes_it_and_keeps_the_others_roles(self):
        pledge = self.world.trade_pledge
        PledgeParty.objects.filter(pledge=pledge, country="PK").update(role="pledger")
        response = self.client.get(reverse("admin:relations_event_change", args=[self.world.session_16.pk]))
        data = form_data(response)
        index = next(i for i in range(2) if data[f"pledges-{i}-id"] == str(pledge.pk))
        data[f"pledges-{index}-parties"] = ["PK"]

        response = self.client.post(
            reverse("admin:relations_event_change", args=[self.world.session_16.pk]), data
        )

        self.assertEqual(response.status_code, 302)
        self.assertEqual(list(pledge.parties.values_list("country_id", "role")), [("PK", "pledger")])

    def test_the_change_form_reads_the_same_number_of_queries_for_a_larger_meeting(self):
        event = self.world.session_16
        url = reverse("admin:relations_event_change", args=[event.pk])
        self.add_rows(event, range(2))
        self.client.get(url)  # caches what any page reads once (content types)
        few = count_queries(self.client, url)

        self.add_rows(event, range(2, 14))

        self.assertEqual(count_queries(self.client, url), few)

    def add_rows(self, event: Event, numbers) -> None:
        """A delegate, a pledge with a party and its own citation, a cited report and an earlier
        event linking here, for each number."""
        for i in numbers:
            official = Official.objects.create(name=f"Delegate {i}", nationality=self.world.turkiye)
            Participant.objects.create(event=event, official=official, side=self.world.turkiye)
            pledge = Pledge.objects.create(event=event, title=f"Pledge {i}")
            PledgeParty.objects.create(pledge=pledge, country=self.world.pakistan)
            source = Source.objects.create(title=f"Report {i}", publisher="Dawn")
            Citation.objects.create(source=source, event=event)
            Citation.objects.create(source=source, pledge=pledge)
            earlier = Event.objects.create(title=f"Earlier talks {i}", kind="meeting", date="2025-01")
            EventLink.objects.create(from_event=earlier, to_event=event, kind="context")
            EventLink.objects.create(from_event=event, to_event=earlier, kind="related")


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def form_data(response) -> dict:
    """What the change form would send back unchanged: every field's current value."""
    data = {}
    context = response.context
    adminform = context["adminform"].form
    for name, field in adminform.fields.items():
        value = adminform[name].value()
        data[name] = field.prepare_value(value) if value is not None else ""
        if isinstance(data[name], list):
            data[name] = [str(v) for v in data[name]]
    for inline in context["inline_admin_formsets"]:
        formset = inline.formset
        for key, value in formset.management_form.initial.items():
            data[f"{formset.prefix}-{key}"] = str(value)
        for form in formset.forms:
            for name, field in form.fields.items():
                value = form[name].value()
                if value is None or value is False:
                    continue
                value = field.prepare_value(value)
                if hasattr(value, "pk"):
                    value = value.pk
                data[form.add_prefix(name)] = (
                    [str(v) for v in value] if isinstance(value, list) else str(value)
                )
    return {key: ("" if value == "None" else value) for key, value in data.items()}
