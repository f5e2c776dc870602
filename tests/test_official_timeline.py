"""An official's events attended are read from their participant rows, which carry the event's
date and are indexed for it; the date stays in step with the event whatever path writes it."""

import datetime as dt

from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.models import QuerySet
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import Event, Participant
from tests.world import build_world, empty_inlines, make_event


def dates(event: Event) -> dict[str, str]:
    """The event's participants, by official's slug or typed name, with the date each carries."""
    return {
        slug or name: day.isoformat()
        for slug, name, day in Participant.objects.filter(event=event).values_list(
            "official__slug", "name", "date_start"
        )
    }


def stale_rows() -> list[int]:
    """Participants whose copy of the date is not their event's."""
    return [
        row.pk
        for row in Participant.objects.select_related("event")
        if row.date_start != row.event.date_start
    ]


def change_session_in_admin(client, event: Event, *, date: str):
    """Post the admin's change form of the 16th JMC session with a new date, Güler's role changed
    in the participants inline, Khan kept as he was and a delegate typed in."""
    khan, guler = event.participants.order_by("official__slug")
    data = {
        "title": event.title, "slug": event.slug, "kind": event.kind_id, "status": event.status,
        "date": date, "place": event.place, "place_country": event.place_country_id, "summary": "",
        "commission": event.commission_id, "session_number": event.session_number, "parent": "",
        "participants-TOTAL_FORMS": "3", "participants-INITIAL_FORMS": "2",
        "participants-MIN_NUM_FORMS": "0", "participants-MAX_NUM_FORMS": "1000",
        "participants-0-id": str(khan.pk), "participants-0-event": str(event.pk),
        "participants-0-official": str(khan.official_id), "participants-0-name": "",
        "participants-0-side": "PK", "participants-0-role": khan.role, "participants-0-capacity": "",
        "participants-1-id": str(guler.pk), "participants-1-event": str(event.pk),
        "participants-1-official": str(guler.official_id), "participants-1-name": "",
        "participants-1-side": "TR", "participants-1-role": "guest", "participants-1-capacity": "",
        "participants-2-name": "A Turkish delegate", "participants-2-side": "TR",
        "participants-2-role": "delegate", "participants-2-capacity": "",
    }  # fmt: skip
    data |= empty_inlines("event_countries", "citations", "links_out")
    return client.post(reverse("admin:relations_event_change", args=[event.pk]), data)


class ParticipantsKeepTheDateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.editor = User.objects.create_user("editor")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.admin = User.objects.create_superuser("root", password="x")

    def test_every_participant_carries_its_events_date(self):
        self.assertEqual(
            dates(self.world.session_16), {"jam-kamal-khan": "2025-09-08", "yasar-guler": "2025-09-08"}
        )
        self.assertEqual(stale_rows(), [])

    def test_a_new_date_is_copied_into_the_participants(self):
        event = Event.objects.get(pk=self.world.session_16.pk)
        event.date = "2024-03-02"
        event.save()
        self.assertEqual(dates(event), {"jam-kamal-khan": "2024-03-02", "yasar-guler": "2024-03-02"})

    def test_a_participant_moved_to_another_event_takes_that_events_date(self):
        w = self.world
        guler = Participant.objects.get(event=w.session_16, official=w.guler)
        guler.event = w.visit_july
        guler.save()
        self.assertEqual(dates(w.visit_july), {"yasar-guler": "2025-07-01"})
        khan = Participant.objects.get(event=w.session_16, official=w.khan)
        khan.event_id = w.conflict.pk  # by id: the event is not at hand
        khan.save()
        self.assertEqual(dates(w.conflict), {"jam-kamal-khan": "2025-05-07"})
        self.assertEqual(stale_rows(), [])

    def test_a_new_role_writes_the_row_and_its_history_only(self):
        guler = Participant.objects.get(event=self.world.session_16, official=self.world.guler)
        guler.role = Participant.Role.GUEST
        # The row, its history and the event's last change (touched.py); no look-up of its date.
        with self.assertNumQueries(3):
            guler.save()
        self.assertEqual(stale_rows(), [])

    def test_the_date_is_not_kept_in_the_participants_history(self):
        guler = Participant.objects.get(event=self.world.session_16, official=self.world.guler)
        self.assertNotIn("date_start", {f.name for f in guler.history.model._meta.fields})

    def test_participants_changed_with_the_date_in_the_admin_carry_the_new_date(self):
        self.client.force_login(self.admin)
        response = change_session_in_admin(self.client, self.world.session_16, date="2024-02-01")
        self.assertEqual(response.status_code, 302, response.content[:2000])
        self.assertEqual(
            dates(self.world.session_16),
            {"jam-kamal-khan": "2024-02-01", "yasar-guler": "2024-02-01", "A Turkish delegate": "2024-02-01"},
        )
        self.assertEqual(stale_rows(), [])

    def test_participants_and_dates_written_through_the_api_carry_the_date(self):
        client = APIClient()
        client.force_authenticate(self.editor)
        url = reverse("api:event-detail", args=[self.world.session_16.slug])
        participants = [
            {"official": "yasar-guler", "side": "TR", "role": "co_chair"},
            {"name": "A Pakistani delegate", "side": "PK", "role": "delegate"},
        ]
        response = client.patch(url, {"participants": participants, "date": "2023-11"}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(
            dates(self.world.session_16), {"yasar-guler": "2023-11-01", "A Pakistani delegate": "2023-11-01"}
        )
        created = client.post(
            reverse("api:event-list"),
            {
                "title": "Defence talks",
                "kind": "meeting",
                "date": "2026-02-03",
                "countries": [{"country": "TR", "role": "party"}, {"country": "PK", "role": "party"}],
                "participants": participants,
            },
            format="json",
        )
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(
            dates(Event.objects.get(slug=created.json()["slug"])),
            {"yasar-guler": "2026-02-03", "A Pakistani delegate": "2026-02-03"},
        )
        self.assertEqual(stale_rows(), [])


class OfficialTimelineTests(TestCase):
    """An official's page lists the events attended newest first, ties broken by the newest
    participation, in keyset pages read through the index."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        for i in range(55):
            # Three calls a month, so that several share a date.
            event = make_event(f"Call {i:02d}", f"2024-{i % 12 + 1:02d}", {w.turkiye: "party"})
            Participant.objects.create(event=event, official=w.guler, side=w.turkiye, role="speaker")

    def expected(self) -> list[str]:
        attended = Participant.objects.filter(official=self.world.guler)
        return list(attended.order_by("-event__date_start", "-pk").values_list("event__slug", flat=True))

    def test_the_page_pages_through_the_events_attended_newest_first(self):
        url = self.world.guler.get_absolute_url()
        first = self.client.get(url)
        second = self.client.get(url + first.context["page"].next_url)
        self.assertIsNone(second.context["page"].next_url)
        seen = [p.event.slug for p in first.context["page"].items + second.context["page"].items]
        self.assertEqual(seen, self.expected())
        self.assertEqual(len(seen), 56)  # the 16th session and the 55 calls
        self.assertEqual(seen[0], self.world.session_16.slug)
        days = [p.date_start for p in first.context["page"].items + second.context["page"].items]
        self.assertEqual(days, sorted(days, reverse=True))
        self.assertEqual(days[-1], dt.date(2024, 1, 1))

    def test_the_page_reads_the_date_carried_by_the_participant(self):
        w = self.world
        # Past Event's own update(), which moves the copies too: only the event's date changes.
        QuerySet.update(Event.objects.filter(pk=w.session_16.pk), date_start=dt.date(1990, 1, 1))
        first = self.client.get(w.guler.get_absolute_url())
        self.assertEqual(first.context["page"].items[0].event, w.session_16)

    def test_the_pages_query_reads_the_officials_timeline_index(self):
        if connection.vendor != "postgresql":
            self.skipTest("the plan is PostgreSQL's")
        url = self.world.guler.get_absolute_url()
        with CaptureQueriesContext(connection) as first:
            next_url = self.client.get(url).context["page"].next_url
        with CaptureQueriesContext(connection) as second:
            self.client.get(url + next_url)
        for queries in (first, second):
            # The page of the timeline (51 rows: 50 and one to know there are more), not the
            # summary's count and its first and latest event.
            (sql,) = [
                q["sql"]
                for q in queries
                if 'FROM "relations_participant"' in q["sql"] and "LIMIT 51" in q["sql"]
            ]
            with connection.cursor() as cursor:
                # A table this small is read whole and sorted; with both off, a sort remains
                # only if no index gives the order.
                cursor.execute("SET LOCAL enable_seqscan = off")
                cursor.execute("SET LOCAL enable_sort = off")
                cursor.execute("EXPLAIN " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            self.assertIn("participant_official_timeline", plan)
            # The rows are not sorted; a side's name as of the event's date is looked up by a
            # subplan of its own, which may order that country's few former names.
            self.assertNotIn("Sort", plan.split("SubPlan")[0])
