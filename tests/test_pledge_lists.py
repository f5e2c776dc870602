"""The pledge tracker at scale: the event's date copied onto pledges and their parties, the
stored counts per country and pair, capped counts, and the plans that read indexes."""

from io import StringIO
from unittest import mock, skipUnless

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import F
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from relations.models import EventCountry, Pledge, PledgeParty, PledgeStatus, PledgeStatusChange
from relations.models.totals import PledgeCountryTotal, PledgePairTotal
from tests.world import build_world, bulk_events, bulk_pledges


def record(pledge: Pledge, status: str, as_of: str) -> PledgeStatusChange:
    return PledgeStatusChange.objects.create(pledge=pledge, status=status, as_of=as_of)


class KeptInStepTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def assertDatesAndTotalsInStep(self) -> None:
        """Every pledge and party row has its event's date; every stored total its count."""
        self.assertFalse(Pledge.objects.exclude(date_start=F("event__date_start")).exists())
        self.assertFalse(PledgeParty.objects.exclude(date_start=F("pledge__event__date_start")).exists())
        for totals in (PledgeCountryTotal, PledgePairTotal):
            rows = totals.objects.filter(pledges__gt=0).values_list(*totals.key_attnames(), "pledges")
            self.assertEqual({tuple(row[:-1]): row[-1] for row in rows}, totals.count_rows(None))


class ModelWritesTests(KeptInStepTestCase):
    def test_a_new_pledge_and_its_parties_copy_the_event_s_date(self):
        pledge = Pledge.objects.create(event=self.world.visit_july, title="Visit again")
        party = PledgeParty.objects.create(pledge=pledge, country=self.world.pakistan)
        self.assertEqual(pledge.date_start, self.world.visit_july.date_start)
        self.assertEqual(party.date_start, self.world.visit_july.date_start)
        self.assertDatesAndTotalsInStep()

    def test_a_pledge_moved_to_another_event_takes_its_date_to_its_parties(self):
        pledge = self.world.trade_pledge
        pledge.event = self.world.conflict
        pledge.save()
        self.assertEqual(pledge.date_start, self.world.conflict.date_start)
        self.assertDatesAndTotalsInStep()

    def test_an_event_s_new_date_reaches_its_pledges_and_their_parties(self):
        event = self.world.session_16
        event.date = "2025-10"
        event.save()
        self.assertEqual(
            set(PledgeParty.objects.filter(pledge__event=event).values_list("date_start", flat=True)),
            {event.date_start},
        )
        self.assertDatesAndTotalsInStep()

    def test_countries_added_through_the_pledge_are_dated_and_counted(self):
        pledge = Pledge.objects.create(event=self.world.conflict, title="Talk again")
        pledge.countries.add(self.world.india, self.world.pakistan)
        self.assertDatesAndTotalsInStep()
        self.assertEqual(
            Pledge.objects.stored_status_totals("in", "pk")[-1], (None, 1)
        )  # no status yet, counted apart
        pledge.countries.remove(self.world.india)
        self.assertDatesAndTotalsInStep()

    def test_status_changes_party_changes_and_deletes_keep_the_counts(self):
        w = self.world
        pledge = w.trade_pledge
        record(pledge, "in_progress", "2025-11")
        self.assertDatesAndTotalsInStep()
        party = pledge.parties.get(country=w.turkiye)
        party.country = w.india
        party.save()
        self.assertDatesAndTotalsInStep()
        party.delete()
        self.assertDatesAndTotalsInStep()
        pledge.delete()
        self.assertDatesAndTotalsInStep()
        Pledge.objects.filter(pk=w.lng_pledge.pk).delete()
        self.assertDatesAndTotalsInStep()
        self.assertEqual(
            dict(Pledge.objects.stored_status_totals("pk", "tr")), {status: 0 for status in PledgeStatus}
        )


class AdminAndAPIWritesTests(KeptInStepTestCase):
    def setUp(self):
        self.boss = User.objects.create_superuser("boss", password="x")
        self.client.force_login(self.boss)

    def test_a_pledge_added_in_admin_is_dated_and_counted(self):
        w = self.world
        data = {
            "event": str(w.conflict.pk),
            "title": "Keep the ceasefire",
            "wording": "",
            "target_amount": "",
            "target_currency": "",
            "target_measure": "",
            "baseline_amount": "",
            "baseline_note": "",
            "due": "",
        }
        for prefix, rows in {"parties": 2, "status_changes": 1, "reaffirmations": 0, "citations": 0}.items():
            data |= {
                f"{prefix}-TOTAL_FORMS": str(rows),
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        data |= {"parties-0-country": "IN", "parties-0-role": "mutual"}
        data |= {"parties-1-country": "PK", "parties-1-role": "mutual"}
        data |= {"status_changes-0-as_of": "2025-05", "status_changes-0-status": "announced"}
        response = self.client.post(reverse("admin:relations_pledge_add"), data)
        self.assertEqual(response.status_code, 302, response.content.decode()[:2000])
        pledge = Pledge.objects.get(title="Keep the ceasefire")
        self.assertEqual(pledge.date_start, w.conflict.date_start)
        self.assertEqual(dict(Pledge.objects.stored_status_totals("in", "pk"))[PledgeStatus.ANNOUNCED], 1)
        self.assertDatesAndTotalsInStep()

    def test_a_pledge_written_through_the_api_is_dated_and_counted(self):
        api = APIClient()
        api.force_login(self.boss)
        w = self.world
        # A pledge binds countries that took part: India is among the visit's here.
        EventCountry.objects.create(event=w.visit_july, country=w.india, role=EventCountry.Role.SUPPORTER)
        payload = {
            "event": w.visit_july.slug,
            "title": "Open a consulate",
            "parties": [{"country": "TR", "role": "pledger"}, {"country": "IN", "role": "beneficiary"}],
            "status_history": [{"status": "announced", "as_of": "2025-07"}],
        }
        response = api.post(reverse("api:pledge-list"), payload, format="json")
        self.assertEqual(response.status_code, 201, response.data)
        pledge = Pledge.objects.get(pk=response.data["id"])
        self.assertEqual(pledge.date_start, w.visit_july.date_start)
        self.assertEqual(dict(Pledge.objects.stored_status_totals("in", "tr"))[PledgeStatus.ANNOUNCED], 1)
        response = api.patch(
            reverse("api:pledge-detail", args=[pledge.pk]),
            {"event": w.conflict.slug, "parties": [{"country": "IN", "role": "mutual"}]},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.data)
        self.assertEqual(PledgeParty.objects.get(pledge=pledge).date_start, w.conflict.date_start)
        self.assertEqual(dict(Pledge.objects.stored_status_totals("in", "tr"))[PledgeStatus.ANNOUNCED], 0)
        self.assertDatesAndTotalsInStep()


class GeneratedDataTests(KeptInStepTestCase):
    def test_generated_pledges_and_parties_carry_their_event_s_date_and_are_counted(self):
        call_command("generate_demo", events=600, seed=3, quiet=True, stdout=StringIO())
        self.assertGreater(PledgeParty.objects.count(), 20)
        self.assertDatesAndTotalsInStep()


class ListTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        # 60 pledges of Pakistan and India at 60 events, one a day; every third one stalled.
        events = bulk_events(
            [(f"Talks {i}", f"2024-{i // 28 + 1:02d}-{i % 28 + 1:02d}", {w.india: "host"}) for i in range(60)]
        )
        bulk_pledges(
            [
                (
                    event,
                    f"Pledge {i}",
                    [w.india, w.pakistan],
                    [("announced" if i % 3 else "stalled", "2024-06")],
                )
                for i, event in enumerate(events)
            ]
        )

    def get(self, **params):
        response = self.client.get(reverse("relations:pledge-list"), params)
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_pair_s_counts_are_exact_and_link_to_each_status(self):
        response = self.get(pair="pk-in")
        totals = dict(response.context["totals"])
        self.assertEqual((totals[PledgeStatus.ANNOUNCED], totals[PledgeStatus.STALLED]), (40, 20))
        self.assertIsNone(response.context["cap"])
        self.assertContains(
            response,
            '<a href="?pair=pk-in&amp;status=announced"><strong>40</strong> announced</a>',
            html=True,
        )

    def test_counts_over_other_filters_stop_at_the_cap_and_say_so(self):
        with mock.patch("relations.filters.STATUS_COUNT_CAP", 30):
            response = self.get(country="in", q="pledge")
        totals = dict(response.context["totals"])
        self.assertEqual((totals[PledgeStatus.ANNOUNCED], totals[PledgeStatus.STALLED]), (31, 20))
        self.assertContains(response, "<strong>30+</strong> announced", html=True)
        self.assertContains(response, "<strong>20</strong> stalled", html=True)

    def test_two_pages_of_a_status_and_a_country_follow_each_other_newest_first(self):
        first = self.get(country="in", status="announced").context["page"]
        self.assertEqual(len(first.items), 40)
        self.assertIsNone(first.next_url)
        first = self.get(country="pk", q="pledge").context["page"]
        self.assertEqual([p.title for p in first.items[:2]], ["Pledge 59", "Pledge 58"])
        second = self.client.get(reverse("relations:pledge-list") + first.next_url).context["page"]
        self.assertEqual([p.title for p in second.items], [f"Pledge {i}" for i in range(9, -1, -1)])

    def test_a_country_s_list_costs_the_same_with_more_pledges(self):
        # The form's sector and commission choices, the stored counts, the rows with their
        # parties, and one statement for the other counts (relations/facets.py).
        with self.assertNumQueries(5):
            self.get(country="in")
        # With a search: the country names that match, looked up for the rows and the counts.
        with self.assertNumQueries(7):
            self.get(country="in", q="pledge")


@skipUnless(connection.vendor == "postgresql", "the plans are PostgreSQL's")
class PlanTests(TestCase):
    """On PostgreSQL, a page of the list walks an index in order: no Sort node."""

    @classmethod
    def setUpTestData(cls):
        ListTests.setUpTestData.__func__(cls)

    def plan(self, pledges) -> str:
        sql, params = pledges.query.sql_with_params()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("SET LOCAL enable_sort = off")
            cursor.execute(f"EXPLAIN {sql}", params)
            return "\n".join(row[0] for row in cursor.fetchall())

    def test_a_country_s_page_reads_its_party_rows_in_date_order(self):
        pledges = Pledge.objects.involving("in")[:51]
        plan = self.plan(pledges)
        self.assertIn("pledge_party_timeline", plan)
        self.assertNotIn("Sort", plan)
        plan = self.plan(Pledge.objects.involving("in", "pk").newest_first()[:51])
        self.assertIn("pledge_party_timeline", plan)
        self.assertNotIn("Sort", plan)

    def test_every_pledge_s_page_reads_the_newest_first_index(self):
        plan = self.plan(Pledge.objects.newest_first()[:51])
        self.assertIn("pledge_newest", plan)
        self.assertNotIn("Sort", plan)
        plan = self.plan(Pledge.objects.filter(current_status="stalled")[:51])
        self.assertIn("pledge_status_newest", plan)
        self.assertNotIn("Sort", plan)
