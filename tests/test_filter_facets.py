"""Filters that help on the timeline and the pledge tracker: countries typed by name, the number of
results, counts beside each choice, the most active countries, and the filters in use as chips
that each remove one value; at a fixed number of queries whatever the number of rows."""

from __future__ import annotations

import re
from unittest import mock
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from relations.models import Event, EventKind, Pledge, Sector
from tests.world import build_world, bulk_events, bulk_pledges, load_story

TIMELINE = reverse("relations:timeline")
PLEDGES = reverse("relations:pledge-list")


def chip_links(response) -> dict[str, str]:
    """Each chip's text (without the ×) and the address it links to."""
    return {chip.label: chip.url for chip in response.context["facets"].chips}


def as_list(value: str | list[str] | None) -> list[str]:
    return [value] if isinstance(value, str) else list(value or [])


def query_of(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


class TypedCountryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def titles(self, url: str = TIMELINE, **params) -> list[str]:
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200, response.context["filter"].errors)
        return [row.title for row in response.context["page"].items]

    def test_a_country_typed_by_name_is_read_as_its_code(self):
        for typed in ("Pakistan", "pakistan", " PAKISTAN ", "Islamic Republic of Pakistan"):
            with self.subTest(typed=typed):
                response = self.client.get(TIMELINE, {"country": typed})
                self.assertEqual(response.context["filter"].form.cleaned_data["country"], ["PK"])
                self.assertEqual(self.titles(country=typed), self.titles(country="pk"))

    def test_case_accents_and_former_names_all_lead_to_turkiye(self):
        expected = self.titles(country="TR")
        self.assertEqual(len(expected), 2)
        for typed in ("Türkiye", "turkiye", "TÜRKIYE", "Turkey", "tr"):
            with self.subTest(typed=typed):
                self.assertEqual(self.titles(country=typed), expected)

    def test_names_and_codes_mix_and_every_country_must_take_part(self):
        self.assertEqual(self.titles(country=["Pakistan", "in"]), [self.world.conflict.title])
        self.assertEqual(
            self.titles(PLEDGES, country=["turkiye", "Pakistan"]), self.titles(PLEDGES, pair="pk-tr")
        )

    def test_a_pair_typed_by_names(self):
        for typed in ("Pakistan-Türkiye", "pakistan – turkiye", "Türkiye and Pakistan", "Turkey/PK"):
            with self.subTest(typed=typed):
                self.assertEqual(self.titles(pair=typed), self.titles(pair="pk-tr"))
        self.assertEqual(self.titles(PLEDGES, pair="India-Pakistan"), self.titles(PLEDGES, pair="in-pk"))

    def test_an_unknown_name_is_a_400_that_says_which(self):
        cases = [
            (TIMELINE, {"country": "Atlantis"}, "“Atlantis” is not a country name or code we know"),
            (TIMELINE, {"country": ["pk", "Narnia"]}, "“Narnia” is not a country name or code we know"),
            (TIMELINE, {"country": "xx"}, "“xx” is not an ISO country code (such as PK or TR)."),
            (TIMELINE, {"country": "Korean"}, "“Korean” could be North Korea or South Korea"),
            (TIMELINE, {"pair": "Pakistan-Atlantis"}, "“Atlantis” is not a country name or code we know"),
            (TIMELINE, {"pair": "Pakistan"}, "“Pakistan” is not a pair of country codes such as pk-tr."),
            (PLEDGES, {"country": "Atlantis"}, "“Atlantis” is not a country name or code we know"),
        ]
        for url, params, message in cases:
            with self.subTest(params=params):
                response = self.client.get(url, params)
                self.assertContains(response, message, status_code=400)
                self.assertContains(response, "Some filters could not be used", status_code=400)
                self.assertContains(response, '<details class="filter-panel" open>', status_code=400)

    def test_the_api_reads_codes_as_before_and_names_the_same_way(self):
        api = reverse("api:event-list")
        by_code = [row["slug"] for row in self.client.get(api, {"country": "PK"}).json()["results"]]
        by_name = [row["slug"] for row in self.client.get(api, {"country": "Pakistan"}).json()["results"]]
        self.assertEqual(len(by_code), 3)
        self.assertEqual(by_name, by_code)
        response = self.client.get(api, {"country": "Atlantis"})
        self.assertEqual(
            (response.status_code, response.json()),
            (
                400,
                {"country": ["“Atlantis” is not a country name or code we know (such as Pakistan or PK)."]},
            ),
        )

    def test_the_form_shows_chosen_countries_by_name_and_suggests_every_country(self):
        response = self.client.get(TIMELINE, {"country": ["pk", "TURKIYE"]})
        html = response.content.decode()
        inputs = re.findall(r'<input[^>]*name="country"[^>]*>', html)
        self.assertEqual(
            [re.search(r'value="([^"]*)"', tag).group(1) for tag in inputs], ["Pakistan", "Türkiye", ""]
        )
        self.assertTrue(all('list="country-names"' in tag for tag in inputs))
        self.assertContains(response, '<datalist id="country-names">', count=1)
        self.assertContains(response, '<option value="Pakistan" label="PK"></option>', html=True)
        self.assertEqual(
            html.count("<option value=", html.index("<datalist"), html.index("</datalist>")), 249
        )

    def test_typed_current_names_cost_no_query_other_names_one(self):
        with CaptureQueriesContext(connection) as by_code:
            self.client.get(TIMELINE, {"country": ["pk", "tr"]})
        with CaptureQueriesContext(connection) as by_name:
            self.client.get(TIMELINE, {"country": ["Pakistan", "türkiye"]})
        with CaptureQueriesContext(connection) as by_alias:
            self.client.get(TIMELINE, {"country": ["Islamic Republic of Pakistan", "Turkey"]})
        self.assertEqual(len(by_name), len(by_code))
        self.assertEqual(len(by_alias), len(by_code) + 1)


class ChipTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_each_chip_links_to_the_same_list_without_its_value(self):
        params = {"country": ["pk", "Türkiye"], "kind": "meeting", "from": "2025", "q": "visit"}
        response = self.client.get(TIMELINE, params)
        chips = chip_links(response)
        self.assertEqual(
            list(chips),
            ["Country: Pakistan", "Country: Türkiye", "Kind: meeting", "From: 2025", "Search: visit"],
        )
        every = {"country": ["pk", "Türkiye"], "kind": ["meeting"], "from": ["2025"], "q": ["visit"]}
        self.assertEqual(query_of(chips["Country: Pakistan"]), {**every, "country": ["Türkiye"]})
        self.assertEqual(query_of(chips["Country: Türkiye"]), {**every, "country": ["pk"]})
        self.assertEqual(query_of(chips["Kind: meeting"]), {k: v for k, v in every.items() if k != "kind"})
        self.assertContains(response, "Filters (5 active)")
        self.assertContains(response, f'<a class="chip-clear" href="{TIMELINE}">Clear all</a>', html=True)

    def test_following_a_chip_drops_its_filter_and_the_page_marker(self):
        bulk_events([(f"Talks {i}", f"2024-01-{i % 28 + 1:02d}", {"PK": "party"}) for i in range(60)])
        first = self.client.get(TIMELINE, {"country": "pk", "kind": "meeting"})
        later = self.client.get(TIMELINE + first.context["page"].next_url)
        url = chip_links(later)["Kind: meeting"]
        self.assertEqual(query_of(url), {"country": ["pk"]})
        response = self.client.get(TIMELINE + url)
        self.assertEqual(list(chip_links(response)), ["Country: Pakistan"])
        self.assertContains(response, "Filters (1 active)")

    def test_a_pair_chip_names_both_countries_and_the_pledges_have_chips_too(self):
        response = self.client.get(PLEDGES, {"pair": "tr-pk", "status": "announced", "sector": "energy"})
        chips = chip_links(response)
        self.assertEqual(
            list(chips), ["Pair: Pakistan–Türkiye", "Current status: announced", "Sector: Energy"]
        )
        self.assertEqual(
            query_of(chips["Pair: Pakistan–Türkiye"]), {"status": ["announced"], "sector": ["energy"]}
        )

    def test_no_filter_no_chips(self):
        response = self.client.get(TIMELINE)
        self.assertEqual(response.context["facets"].chips, [])
        self.assertNotContains(response, "Clear all")
        self.assertContains(response, "<summary>Filters</summary>", html=True)


class ResultCountTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def test_the_number_of_results_stands_above_the_list(self):
        for url, params, text in [
            (TIMELINE, {}, "3 events"),
            (TIMELINE, {"country": "pk"}, "3 events"),  # one country: its stored total
            (TIMELINE, {"pair": "pk-tr"}, "2 events"),  # one pair: its stored total
            (TIMELINE, {"kind": "conflict"}, "1 event"),
            (TIMELINE, {"q": "atlantis"}, "0 events"),
            (PLEDGES, {}, "2 pledges"),
            (PLEDGES, {"country": "tr", "status": "fulfilled"}, "1 pledge"),
            (PLEDGES, {"sector": "energy"}, "1 pledge"),
        ]:
            with self.subTest(url=url, params=params):
                response = self.client.get(url, params)
                self.assertContains(
                    response, f'<p class="result-count"><strong>{text}</strong></p>', html=True
                )

    def test_a_long_list_is_counted_up_to_the_sample_and_says_so(self):
        bulk_events(
            [(f"Call {i}", f"2026-02-{i % 28 + 1:02d}", {"IN": "party", "TR": "party"}) for i in range(30)]
        )
        with mock.patch("relations.facets.SAMPLE", 20):
            response = self.client.get(TIMELINE, {"kind": "meeting"})
            self.assertContains(response, "<strong>20+ events</strong>", html=True)
            self.assertContains(response, "counts of the newest 20 events")
            # One pair alone: its stored total, exact, whatever the sample.
            response = self.client.get(TIMELINE, {"pair": "in-tr"})
            self.assertContains(response, "<strong>30 events</strong>", html=True)


class FacetCountTests(TestCase):
    """On the seed story, every count beside a choice is the number of listed rows it would keep."""

    @classmethod
    def setUpTestData(cls):
        load_story()

    def listed(self, url: str, **params):
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        rows = response.context["page"].items
        self.assertLess(len(rows), 50)  # every row is on the page
        return response, rows

    def test_the_timeline_counts_agree_with_its_rows(self):
        for params in (
            {},
            {"country": "pk"},
            {"country": ["pk", "tr"]},
            {"from": "2025-05", "to": "2025-09"},
        ):
            with self.subTest(params=params):
                response, events = self.listed(TIMELINE, **params)
                facets = response.context["facets"]
                ids = {event.pk for event in events}
                self.assertEqual(facets.total.n, len(events))
                self.assertFalse(facets.total.more)
                for kind in EventKind.objects.all():
                    expected = sum(1 for e in events if e.kind_id == kind.pk or e.kind.parent_id == kind.pk)
                    self.assertEqual(facets.kinds[kind.pk].n, expected, kind.pk)
                for status, n in facets.statuses.items():
                    self.assertEqual(n.n, sum(1 for e in events if e.status == status), status)
                for sector in Sector.objects.all():
                    tagged = Event.objects.filter(
                        pk__in=ids, sectors__in=Sector.objects.subtree_ids(sector)
                    ).distinct()
                    self.assertEqual(facets.sectors[sector.pk].n, tagged.count(), sector.slug)
                for year in facets.years:
                    self.assertEqual(
                        year.count.n, sum(1 for e in events if e.date_start.year == int(year.label))
                    )
                self.assertEqual(sum(year.count.n for year in facets.years), len(events))
                chosen = set(as_list(params.get("country")))
                for link in facets.countries:
                    (code,) = set(query_of(link.url)["country"]) - chosen
                    taking_part = Event.objects.filter(pk__in=ids, event_countries__country=code.upper())
                    self.assertEqual(link.count.n, taking_part.count(), code)
                self.assertTrue(facets.countries)

    def test_counts_show_beside_each_choice_and_link_to_it(self):
        response, events = self.listed(TIMELINE)
        facets = response.context["facets"]
        meetings = facets.kinds["meeting"].n
        self.assertContains(response, f'<option value="meeting">meeting ({meetings})</option>', html=True)
        self.assertContains(
            response, f'<option value="held">held ({facets.statuses["held"].n})</option>', html=True
        )
        pakistan = next(link for link in facets.countries if link.label == "Pakistan")
        self.assertEqual(query_of(pakistan.url), {"country": ["pk"]})
        self.assertContains(
            response,
            f'<a href="?country=pk">Pakistan <span class="count">({pakistan.count})</span></a>',
            html=True,
        )
        year = facets.years[0]
        self.assertEqual(query_of(year.url), {"from": [year.label], "to": [year.label]})

    def test_a_filter_in_use_shows_no_counts_in_its_own_choices(self):
        response = self.client.get(TIMELINE, {"kind": "meeting"})
        self.assertContains(response, '<option value="visit">visit</option>', html=True)
        self.assertEqual(response.context["facets"].kinds, {})

    def test_the_pledge_counts_agree_with_its_rows(self):
        for params in ({}, {"country": "pk"}, {"status": "announced"}, {"q": "trade"}):
            with self.subTest(params=params):
                response, pledges = self.listed(PLEDGES, **params)
                facets = response.context["facets"]
                ids = {pledge.pk for pledge in pledges}
                self.assertEqual(facets.total.n, len(pledges))
                for sector in Sector.objects.all():
                    tagged = Pledge.objects.filter(pk__in=ids, sectors__in=Sector.objects.subtree_ids(sector))
                    self.assertEqual(facets.sectors[sector.pk].n, tagged.distinct().count(), sector.slug)
                chosen = set(as_list(params.get("country")))
                for link in facets.countries:
                    (code,) = set(query_of(link.url)["country"]) - chosen
                    parties = [p for p in pledges if code.upper() in {x.country_id for x in p.parties.all()}]
                    self.assertEqual(link.count.n, len(parties), code)
                if "status" not in params:
                    for status, n in facets.statuses.items():
                        listed = sum(1 for p in pledges if p.current_status == status)
                        self.assertEqual(n.n, listed, status)

    def test_counts_of_a_long_list_are_at_least_and_its_years_whole_but_the_oldest(self):
        rows = [(f"Call {i}", f"{2026 - i // 10}-03-{i % 10 + 1:02d}", {"IN": "party"}) for i in range(25)]
        bulk_events(rows, kind="call")
        with mock.patch("relations.facets.SAMPLE", 12):
            response = self.client.get(TIMELINE, {"kind": "call"})
        facets = response.context["facets"]
        self.assertEqual(str(facets.total), "12+")
        self.assertEqual([(y.label, str(y.count)) for y in facets.years], [("2026", "10"), ("2025", "2+")])
        self.assertEqual(str(next(link.count for link in facets.countries if link.label == "India")), "12+")
        self.assertContains(response, '2025 <span class="count">(2+)</span>', html=False)


class QueryCountTests(TestCase):
    """The timeline and the pledge tracker cost a fixed number of queries at any size."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def grow(self, n: int, name: str) -> None:
        """``n`` more events between Pakistan and Türkiye, a third of them on LNG, each with a
        pledge."""
        w = self.world
        pair = {w.pakistan: "host", w.turkiye: "visitor"}
        events = bulk_events([(f"{name} {i}", f"2024-{i % 12 + 1:02d}-01", pair) for i in range(n)])
        Event.sectors.through.objects.bulk_create(
            Event.sectors.through(event_id=event.pk, sector_id=w.lng.pk) for event in events[::3]
        )
        bulk_pledges(
            [
                (event, f"Pledge {i}", [w.pakistan, w.turkiye], [("announced", "2024")])
                for i, event in enumerate(events)
            ]
        )

    # (page, params, queries): the rows (and their parties), the form's choices, the counts.
    CASES = [
        (TIMELINE, {}, 5),
        (TIMELINE, {"country": "Pakistan"}, 5),
        (TIMELINE, {"pair": "pk-tr", "kind": "meeting"}, 6),
        (TIMELINE, {"country": ["Turkey", "pk"], "sector": "energy", "from": "2024"}, 8),
        (TIMELINE, {"q": "talks"}, 6),
        (PLEDGES, {}, 5),
        (PLEDGES, {"country": "tr"}, 5),
        (PLEDGES, {"pair": "pk-tr", "status": "announced"}, 6),
        (PLEDGES, {"sector": "energy", "q": "pledge"}, 10),
    ]

    def assert_costs(self) -> None:
        for url, params, queries in self.CASES:
            with self.subTest(url=url, params=params), self.assertNumQueries(queries):
                response = self.client.get(url, params)
                self.assertEqual(response.status_code, 200)

    def test_the_pages_cost_the_same_with_ten_times_the_rows(self):
        self.grow(60, "Talks")
        self.assert_costs()
        self.grow(600, "Calls")
        self.assert_costs()
        response = self.client.get(TIMELINE, {"pair": "pk-tr"})
        self.assertContains(response, "<strong>662 events</strong>", html=True)


class ChoiceLabelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()

    def test_kinds_and_sectors_are_listed_as_their_records_name_them(self):
        """Read without model instances, each choice is still labelled as its record shows it
        (a sub-kind under its kind with a dash), in the field's own order, with its count."""
        self.assertTrue(Sector.objects.exists())
        for url in (TIMELINE, PLEDGES):
            form = self.client.get(url).context["filter"].form
            for name in ("kind", "sector") if url == TIMELINE else ("sector",):
                with self.subTest(url=url, field=name):
                    field = form.fields[name]
                    shown = [
                        (value, re.sub(r" \(\d[\d,]*\+?\)$", "", str(label)))
                        for value, label in field.widget.choices
                    ]
                    expected = [("", field.empty_label)] + [
                        (record.slug, field.label_from_instance(record)) for record in field.queryset
                    ]
                    self.assertEqual(shown, expected)
