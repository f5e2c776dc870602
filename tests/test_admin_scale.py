"""Admin change lists cost the same at a million events as at a dozen: a fixed number of queries,
filters whose choices come from the small tables, the timeline's search, no count of a large list
and no page deep into it."""

from __future__ import annotations

import re
from unittest import mock, skipUnless

from django.contrib import admin
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import TestCase
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from relations.admin import changelist
from relations.models import (
    Citation,
    Commission,
    Country,
    Event,
    OfficeHeld,
    Official,
    Organization,
    Pledge,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
    Source,
)
from tests.test_admin import admin_url
from tests.world import add_full_events, build_world

# The queries of each change list with a dozen rows or more, whatever their number: session, user
# and the editor's permissions (4), the count, the page, one per prefetched relation, one per list
# filter listing a related table (a filter chosen by typing reads only its chosen record), and
# the first and last date of a date drill-down. On PostgreSQL
# the count is preceded by the estimate of the list's size.
QUERIES = {
    Citation: 6,
    Commission: 7,
    Country: 7,
    Event: 10,
    OfficeHeld: 6,
    Official: 6,
    Organization: 6,
    Pledge: 7,
    PledgeStatusChange: 6,
    Sector: 7,
    Source: 8,
}


def queries(model) -> int:
    return QUERIES[model] + (connection.vendor == "postgresql")


def paginator_text(response) -> str:
    found = re.search(r'<p class="paginator">(.*?)</p>', response.content.decode(), re.S)
    return " ".join(found.group(1).split()) if found else ""


class ScaleTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        cls.talks = add_full_events(cls.world, 12)
        cls.editor = User.objects.create_user("editor", password="x", is_staff=True)
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        for i in range(12):
            Commission.objects.create(name=f"Joint Working Group {i}", acronym=f"JWG{i}")
            Organization.objects.create(name=f"Ministry {i}", country=cls.world.pakistan)
            Sector.objects.create(name=f"Sector {i}", slug=f"sector-{i}", parent=cls.world.energy)
            Source.objects.create(title=f"Report {i}", publisher="Dawn", url=f"https://dawn.com/{i}")
            OfficeHeld.objects.create(
                official=cls.world.khan,
                title=f"Minister {i}",
                country=cls.world.pakistan,
                start=f"20{i + 10}",
            )
            Official.objects.create(name=f"Official {i}", nationality=cls.world.india)
        for pledge in Pledge.objects.filter(event__in=cls.talks):
            PledgeStatusChange.objects.create(pledge=pledge, status=PledgeStatus.ANNOUNCED, as_of="2026-02")

    def setUp(self):
        self.client.force_login(self.editor)

    def changelist(self, model, **params):
        return self.client.get(admin_url(model, "changelist"), params)


class FixedQueriesTests(ScaleTestCase):
    def test_every_change_list_costs_a_fixed_number_of_queries(self):
        for model in QUERIES:
            with self.subTest(model=model.__name__):
                self.assertGreaterEqual(model.objects.count(), 12)
                with self.assertNumQueries(queries(model)):
                    response = self.changelist(model)
                self.assertEqual(response.status_code, 200)

    def test_the_event_list_costs_the_same_searched_and_filtered(self):
        for params in (
            {"q": "guler"},
            {"countries__code__exact": "TR"},
            {"commission__id__exact": str(self.world.jmc.pk)},
            {"sectors__id__exact": str(self.world.lng.pk), "kind__exact": "commission_session"},
        ):
            # A search reads the country names it matches first (`EventQuerySet.matching`); a
            # filter chosen by typing reads its chosen record.
            typed = "countries__code__exact" in params or "commission__id__exact" in params
            expected = queries(Event) + (1 if "q" in params else 0) + typed
            with self.subTest(params=params), self.assertNumQueries(expected):
                response = self.changelist(Event, **params)
            self.assertEqual(response.status_code, 200)

    def test_below_the_top_of_the_drill_down_no_query_reads_the_dates(self):
        for params in (
            {"date_start__year": "2026"},
            {"date_start__year": "2026", "date_start__month": "2"},
            {"date_start__year": "2026", "date_start__month": "2", "date_start__day": "3"},
        ):
            with self.subTest(params=params), self.assertNumQueries(queries(Event) - 1):
                response = self.changelist(Event, **params)
            self.assertEqual(response.status_code, 200)

    def test_a_history_page_costs_the_same_however_often_the_record_changed(self):
        event, url = self.talks[0], admin_url(Event, "history", self.talks[0].pk)
        self.client.get(url)
        sectors = [self.world.lng, self.world.energy, *Sector.objects.filter(slug__startswith="sector-")]
        for i in range(8):
            event.title = f"Talks, take {i}"
            event.save()
            event.sectors.set(sectors[: i % 3 + 1])
        # Session, user, permissions (2), the event and its countries, the records' count and
        # page, the sectors of every record on the page with the events and sectors named, and
        # the history of the event's own rows (countries, participants, citations, pledges and
        # links, `relations.admin.history.RELATED_HISTORY`).
        with self.assertNumQueries(16):
            response = self.client.get(url)
        self.assertContains(response, "Talks, take 7")

        def fields(records) -> list[set[str]]:
            return [{c["field"].lower() for c in getattr(r, "history_delta_changes", [])} for r in records]

        # The fields shown changed are simple_history's own, sectors included.
        shown = fields(response.context["page_obj"])
        records = list(event.history.all())
        SimpleHistoryAdmin.set_history_delta_changes(admin.site._registry[Event], None, records)
        self.assertEqual(shown, fields(records))
        self.assertIn("sectors", shown[0])


class EventFilterTests(ScaleTestCase):
    def choices(self, response, title: str) -> list[str]:
        spec = next(spec for spec in response.context["cl"].filter_specs if spec.title == title)
        return [choice["display"] for choice in spec.choices(response.context["cl"])]

    def test_the_filters_offer_every_sector_and_countries_and_commissions_by_typing(self):
        response = self.changelist(Event)
        # Countries and commissions are typed: no link per row of their tables.
        self.assertEqual(self.choices(response, "countries"), ["All"])
        self.assertEqual(self.choices(response, "commission"), ["All"])
        self.assertGreater(Country.objects.count(), 200)
        self.assertIn("Sector 3", self.choices(response, "sectors"))

    def test_each_filter_lists_the_events_it_names(self):
        world = self.world
        for params, expected in (
            ({"countries__code__exact": "IN"}, {world.conflict}),
            ({"countries__code__exact": "JP"}, set()),
            ({"commission__id__exact": str(world.jmc.pk)}, {world.session_16}),
            (
                {"sectors__id__exact": str(world.lng.pk), "kind__exact": "commission_session"},
                {world.session_16},
            ),
            ({"kind__exact": "visit"}, {world.visit_july}),
            ({"status__exact": "held", "countries__code__exact": "IN"}, {world.conflict}),
        ):
            with self.subTest(params=params):
                response = self.changelist(Event, **params)
                self.assertEqual(set(response.context["cl"].result_list), expected)

    def test_an_event_in_several_chosen_rows_is_listed_once(self):
        response = self.changelist(Event, countries__code__exact="PK")
        listed = list(response.context["cl"].result_list)
        self.assertEqual(len(listed), len(set(listed)))
        # The twelve talks and the three events of the world.
        self.assertEqual(response.context["cl"].result_count, 15)


class EventSearchTests(ScaleTestCase):
    def found(self, term: str) -> set[Event]:
        return set(self.changelist(Event, q=term).context["cl"].result_list)

    def test_search_finds_an_event_by_a_participant_name_without_accents_or_case(self):
        for term in ("yasar", "YAŞAR", "Yaşar Güler", "jam kamal"):
            with self.subTest(term=term):
                self.assertIn(self.world.session_16, self.found(term))
                self.assertNotIn(self.world.conflict, self.found(term))

    def test_search_finds_an_event_by_a_country_name_it_does_not_contain(self):
        # "Turkey" is a former name of Türkiye; no title says it.
        found = self.found("turkey")
        self.assertIn(self.world.visit_july, found)
        self.assertNotIn(self.world.conflict, found)

    def test_search_finds_an_event_by_its_title_and_lists_it_once(self):
        response = self.changelist(Event, q="armed conflict")
        self.assertEqual(list(response.context["cl"].result_list), [self.world.conflict])
        self.assertContains(response, "1 result")

    def test_the_event_autocomplete_uses_the_same_search(self):
        response = self.client.get(
            reverse("admin:autocomplete"),
            {
                "app_label": "relations",
                "model_name": "pledgereaffirmation",
                "field_name": "event",
                "term": "turkey",
            },
        )
        self.assertIn(self.world.visit_july.pk, [int(r["id"]) for r in response.json()["results"]])


class EventDateDrillDownTests(ScaleTestCase):
    def links(self, response) -> list[str]:
        return [choice["title"] for choice in response.context["cl"].date_drilldown["choices"]]

    def test_the_years_run_from_the_first_event_to_the_last(self):
        self.assertEqual(self.links(self.changelist(Event)), ["2025", "2026"])

    def test_a_year_offers_its_months_and_a_month_its_days(self):
        self.assertEqual(len(self.links(self.changelist(Event, date_start__year="2026"))), 12)
        days = self.links(self.changelist(Event, date_start__year="2026", date_start__month="2"))
        self.assertEqual((days[0], len(days)), ("1 February", 28))

    def test_a_chosen_month_lists_its_events(self):
        response = self.changelist(Event, date_start__year="2025", date_start__month="7")
        self.assertEqual(list(response.context["cl"].result_list), [self.world.visit_july])
        self.assertContains(response, "&lsaquo; 2025")

    def test_a_search_keeps_the_drill_down(self):
        response = self.changelist(Event, q="turkey", date_start__year="2025")
        listed = set(response.context["cl"].result_list)
        self.assertEqual(listed, {self.world.session_16, self.world.visit_july})


class ExactCountTests(ScaleTestCase):
    def test_a_small_list_shows_its_exact_count(self):
        response = self.changelist(Event)
        self.assertEqual(response.context["cl"].result_count, 15)
        self.assertIn("15 events", paginator_text(response))
        self.assertNotContains(response, "about")
        self.assertNotContains(response, "pages can be opened")


@mock.patch("relations.admin.changelist.estimated_size", return_value=1_003_734)
class EstimatedCountTests(ScaleTestCase):
    """A list the database estimates at a million rows, as the event list at scale."""

    def test_the_list_shows_its_size_as_approximate(self, estimate):
        response = self.changelist(Event)
        self.assertIn("about 1,000,000 events", paginator_text(response))
        self.assertContains(response, "about 1,000,000 results")

    def test_only_the_first_pages_are_linked_and_the_page_says_so(self, estimate):
        response = self.changelist(Event)
        text = paginator_text(response)
        self.assertIn(f"?p={changelist.MAX_PAGES}", response.content.decode())
        self.assertNotIn(f"?p={changelist.MAX_PAGES + 1}", response.content.decode())
        self.assertIn("…", text)
        self.assertContains(response, f"Only the first {changelist.MAX_PAGES} pages can be opened")

    def test_a_page_past_the_last_reachable_one_opens_the_last_reachable_one(self, estimate):
        response = self.changelist(Event, p="5000")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["cl"].page_num, changelist.MAX_PAGES)
        self.assertContains(response, f'<span class="this-page">{changelist.MAX_PAGES}</span>', html=True)

    def test_a_page_before_the_first_is_still_an_error(self, estimate):
        response = self.changelist(Event, p="0")
        self.assertRedirects(response, admin_url(Event, "changelist") + "?e=1", fetch_redirect_response=False)


@skipUnless(connection.vendor == "postgresql", "PostgreSQL's estimates")
class PostgresEstimateTests(ScaleTestCase):
    """The estimates themselves, with the threshold lowered so that a dozen rows count as many."""

    def test_a_filtered_list_above_the_threshold_shows_the_planners_estimate(self):
        with mock.patch.object(changelist, "ESTIMATE_FROM", 1):
            response = self.changelist(Event, kind__exact="meeting")
        self.assertIn("about ", paginator_text(response))

    def test_a_whole_table_above_the_threshold_shows_its_analysed_size(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE relations_event")
        with mock.patch.object(changelist, "ESTIMATE_FROM", 1):
            response = self.changelist(Event)
        self.assertIn("about 15 events", paginator_text(response))

    def test_below_the_threshold_the_count_is_exact(self):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE relations_event")
        response = self.changelist(Event)
        self.assertIn("15 events", paginator_text(response))
        self.assertNotIn("about", paginator_text(response))
