"""The activity chart: events per quarter or year, stacked by tone and kind, with its numbers."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from collections import defaultdict

from django.template import Context, Template
from django.test import SimpleTestCase, TestCase

from relations.activity import PeriodCount
from relations.models import Event
from relations.pictures.activity import BASE, PLOT, TOP, activity_chart
from tests.activity_rows import counts_from_events, synthetic_counts
from tests.world import build_world, make_event

SVG = "{http://www.w3.org/2000/svg}"
KINDS = {
    "visit": ("visit", "cooperation"),
    "commission_session": ("commission session", "cooperation"),
    "meeting": ("meeting", "cooperation"),
    "call": ("call", "neutral"),
    "statement": ("statement", "neutral"),
    "conflict": ("conflict", "conflict"),
}


def count(start: str, kind: str, events: int, *, year_only: bool = False) -> PeriodCount:
    name, tone = KINDS[kind]
    return PeriodCount(dt.date.fromisoformat(start), kind, name, tone, events, year_only=year_only)


def svg_of(html: str) -> ET.Element:
    """The chart's SVG, parsed as XML: it fails on anything a browser would have to guess at."""
    match = re.search(r"<svg.*</svg>", html, re.S)
    assert match, "no <svg> in the chart"
    return ET.fromstring(match.group())


def titles(svg: ET.Element) -> list[str]:
    return [t.text for t in svg.iter(f"{SVG}title")]


def percent(value: str) -> float:
    return float(value.removesuffix("%"))


def segments(svg: ET.Element) -> list[tuple[str, ET.Element]]:
    """Each kind's segment with the tone it is drawn in (from its group), in drawing order."""
    found = []
    for group in svg.iter(f"{SVG}g"):
        tone = re.search(r"tone-(\w+)", group.get("class")).group(1)
        found += [(tone, rect) for rect in group.iter(f"{SVG}rect") if "seg" in rect.get("class").split()]
    return found


def table_rows(html: str) -> list[list[str]]:
    """The numbers table's body, each cell as its text."""
    body = re.search(r"<tbody>(.*)</tbody>", html, re.S).group(1)
    return [
        [
            " ".join(re.sub(r"<[^>]+>", " ", cell).split())
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row)
        ]
        for row in re.findall(r"<tr>(.*?)</tr>", body)
    ]


class QuarterlyChartTests(SimpleTestCase):
    def test_every_quarter_between_the_first_and_the_last_is_on_the_axis_empty_ones_as_zero(self):
        html = activity_chart([count("2024-01-01", "visit", 1), count("2024-10-01", "call", 2)])
        svg = svg_of(html)
        self.assertEqual(
            [t for t in titles(svg) if t.startswith("2024 Q")][:4],
            ["2024 Q1: 1 event", "2024 Q2: no events", "2024 Q3: no events", "2024 Q4: 2 events"],
        )
        labels = [t.text for t in svg.iter(f"{SVG}text") if "quarter-label" in t.get("class")]
        self.assertEqual(labels, ["Q1", "Q2", "Q3", "Q4"])
        self.assertIn("events per quarter", html)

    def test_a_bar_stacks_its_tones_and_kinds_to_the_period_total(self):
        counts = [
            count("2025-07-01", "visit", 2),
            count("2025-07-01", "commission_session", 1),
            count("2025-07-01", "call", 1),
            count("2025-07-01", "conflict", 1),
        ]
        svg = svg_of(activity_chart(counts))
        drawn = segments(svg)
        self.assertEqual([tone for tone, _ in drawn], ["cooperation", "cooperation", "neutral", "conflict"])
        # Each segment sits on the one below it, from the axis up; together they are 5 events high.
        bottom = BASE
        for _, rect in drawn:
            top, height = float(rect.get("y")), float(rect.get("height"))
            self.assertAlmostEqual(top + height, bottom, places=1)
            bottom = top
        top_value = int([t.text for t in svg.iter(f"{SVG}text") if "value-label" in t.get("class")][-1])
        self.assertAlmostEqual(BASE - bottom, 5 / top_value * PLOT, places=1)
        heights = [float(rect.get("height")) for _, rect in drawn]
        self.assertAlmostEqual(heights[0], 2 * heights[1], places=1)  # two visits, one session

    def test_hover_titles_give_each_tone_with_its_kinds(self):
        counts = [
            count("2025-07-01", "visit", 1),
            count("2025-07-01", "commission_session", 1),
            count("2025-07-01", "conflict", 3),
        ]
        shown = titles(svg_of(activity_chart(counts)))
        self.assertIn("2025 Q3: 2 cooperation events (1 commission session, 1 visit)", shown)
        self.assertIn("2025 Q3: 3 conflict events (3 conflicts)", shown)
        self.assertIn("2025 Q3: 5 events", shown)

    def test_the_table_under_the_chart_holds_the_same_numbers(self):
        counts = [
            count("2024-01-01", "statement", 1),
            count("2025-07-01", "visit", 1),
            count("2025-07-01", "commission_session", 2),
            count("2025-04-01", "conflict", 4),
        ]
        html = activity_chart(counts)
        self.assertIn("<summary>Show the numbers</summary>", html)
        self.assertEqual(
            table_rows(html),
            [
                ["2024 Q1", "0", "1 1 statement", "0", "1"],
                ["2025 Q2", "0", "0", "4 4 conflicts", "4"],
                ["2025 Q3", "3 2 commission sessions, 1 visit", "0", "0", "3"],
            ],
        )
        self.assertIn(
            '<th scope="row">All</th><td data-label="Cooperation">3</td><td data-label="Neutral">1</td>'
            '<td data-label="Conflict">4</td><td data-label="Total">8</td>',
            html,
        )

    def test_the_y_axis_is_labelled_up_to_a_round_number_above_the_highest_bar(self):
        svg = svg_of(activity_chart([count("2025-01-01", "meeting", 7), count("2025-04-01", "call", 3)]))
        labels = [t.text for t in svg.iter(f"{SVG}text") if "value-label" in t.get("class")]
        self.assertEqual(labels, ["0", "2", "4", "6", "8"])
        gridlines = sorted(
            float(line.get("y1")) for line in svg.iter(f"{SVG}line") if line.get("class") == "grid"
        )
        self.assertEqual(gridlines[0], TOP)  # the top gridline, labelled 8, crowns the plot
        big = svg_of(activity_chart([count("2025-01-01", "meeting", 35_000)]))
        self.assertEqual(
            [t.text for t in big.iter(f"{SVG}text") if "value-label" in t.get("class")][-1], "40k"
        )

    def test_kinds_and_tones_are_in_the_legend(self):
        html = activity_chart([count("2025-01-01", "visit", 3), count("2025-01-01", "meeting", 1)])
        self.assertInHTML(
            '<li class="legend-tone"><span class="legend-tone-name">Cooperation</span><ul>'
            '<li><span class="swatch tone-cooperation shade-1"></span>visit</li>'
            '<li><span class="swatch tone-cooperation shade-2"></span>meeting</li></ul></li>',
            html,
        )
        self.assertNotIn("Conflict</span>", html)  # no conflict, no conflict in the legend
        self.assertNotIn("Hatched", html)

    def test_no_events_is_a_sentence_not_an_empty_chart(self):
        for counts in ([], [count("2025-01-01", "visit", 0)]):
            html = activity_chart(counts)
            self.assertHTMLEqual(html, '<p class="empty activity-empty">No events recorded.</p>')

    def test_the_chart_is_an_image_with_a_title_and_a_description_and_no_style_attribute(self):
        html = activity_chart(
            [count("2025-01-01", "visit", 3), count("2025-07-01", "conflict", 1)], title="Pakistan & Türkiye"
        )
        svg = svg_of(html)
        self.assertEqual(svg.get("role"), "img")
        title_id, desc_id = svg.get("aria-labelledby").split()
        self.assertEqual(svg.find(f"{SVG}title").get("id"), title_id)
        self.assertEqual(svg.find(f"{SVG}title").text, "Pakistan & Türkiye")
        self.assertEqual(
            svg.find(f"{SVG}desc").text,
            "4 events from 2025 Q1 to 2025 Q3: 3 cooperation, 1 conflict. "
            "The busiest quarter: 2025 Q1, with 3 events.",
        )
        self.assertIsNone(svg.get("viewBox"))  # widths in percent, text in pixels: readable when narrow
        self.assertEqual(svg.get("width"), "100%")
        self.assertNotIn("style=", html)

    def test_names_are_escaped_and_the_svg_stays_well_formed(self):
        odd = PeriodCount(dt.date(2025, 1, 1), "odd", 'talks <"&"> tea', "cooperation", 2)
        html = activity_chart([odd])
        svg = svg_of(html)
        self.assertIn('2025 Q1: 2 cooperation events (2 talks <"&"> teas)', titles(svg))
        self.assertIn("talks &lt;&quot;&amp;&quot;&gt; tea</li>", html)

    def test_two_charts_on_one_page_have_different_ids(self):
        first = svg_of(activity_chart([count("2025-01-01", "visit", 1)], title="Pakistan"))
        second = svg_of(activity_chart([count("2025-01-01", "visit", 1)], title="Türkiye"))
        self.assertNotEqual(first.get("aria-labelledby"), second.get("aria-labelledby"))
        chosen = svg_of(activity_chart([count("2025-01-01", "visit", 1)], uid='pk"tr'))
        self.assertEqual(chosen.get("aria-labelledby"), "pk-tr-title pk-tr-desc")


class LongSpanTests(SimpleTestCase):
    def test_six_years_of_quarters_stay_quarters_and_more_are_drawn_by_year(self):
        six_years = activity_chart([count("2020-01-01", "visit", 1), count("2025-10-01", "visit", 1)])
        self.assertIn("events per quarter", six_years)
        self.assertEqual(len(re.findall(r'class="slot"', six_years)), 24)
        longer = activity_chart([count("2020-01-01", "visit", 1), count("2026-01-01", "visit", 1)])
        self.assertIn("events per year", longer)
        self.assertEqual(
            [t for t in titles(svg_of(longer)) if re.fullmatch(r"\d{4}: [\w ]+", t)],
            [
                "2020: 1 event",
                "2021: no events",
                "2022: no events",
                "2023: no events",
                "2024: no events",
                "2025: no events",
                "2026: 1 event",
            ],
        )

    def test_yearly_bars_add_up_the_quarters_and_the_table_lists_years(self):
        counts = synthetic_counts(2016, 2025)
        html = activity_chart(counts)
        per_year: dict[int, int] = defaultdict(int)
        for c in counts:
            per_year[c.start.year] += c.events
        shown = titles(svg_of(html))
        for year, events in per_year.items():
            self.assertIn(f"{year}: {events:,} events", shown)
        self.assertEqual([row[0] for row in table_rows(html)], [str(y) for y in range(2016, 2026)])
        self.assertEqual([int(row[-1]) for row in table_rows(html)], [per_year[y] for y in range(2016, 2026)])

    def test_a_long_span_labels_round_years_and_hides_some_on_narrow_screens(self):
        svg = svg_of(activity_chart(synthetic_counts(1986, 2025)))
        labels = {t.text: t.get("class") for t in svg.iter(f"{SVG}text") if "year-label" in t.get("class")}
        self.assertEqual(list(labels), ["1990", "1995", "2000", "2005", "2010", "2015", "2020", "2025"])
        self.assertIn("minor", labels["1995"])
        self.assertNotIn("minor", labels["2000"])


class YearOnlyTests(SimpleTestCase):
    counts = [
        count("2019-01-01", "visit", 4, year_only=True),
        count("2019-07-01", "call", 1),
        count("2020-04-01", "meeting", 2),
    ]

    def test_a_year_only_count_is_a_hatched_band_over_the_whole_year_not_in_its_first_quarter(self):
        svg = svg_of(activity_chart(self.counts))
        bands = [g for g in svg.iter(f"{SVG}g") if "year-only" in g.get("class")]
        self.assertEqual(len(bands), 1)
        band = bands[0]
        self.assertEqual(
            band.find(f"{SVG}title").text,
            "2019, only the year known (drawn over its four quarters): 4 cooperation events (4 visits)",
        )
        segment, hatch = band.findall(f"{SVG}rect")
        self.assertRegex(hatch.get("fill"), r"^url\(#activity-\w+-hatch\)$")
        self.assertEqual((hatch.get("x"), hatch.get("width")), (segment.get("x"), segment.get("width")))
        # The axis runs 2019 Q1 to 2020 Q2: six slots. The band covers the first four, all of 2019.
        q1 = [r for r in svg.iter(f"{SVG}rect") if r.get("class") == "slot"][0]
        slot = percent(q1.get("width"))
        self.assertLess(percent(segment.get("x")) - percent(q1.get("x")), slot / 2)
        self.assertGreater(percent(segment.get("width")), 3.5 * slot)
        # Four events over four quarters: one event high in each, and the 2019 Q3 call stands on it.
        call = next(rect for tone, rect in segments(svg) if tone == "neutral")
        self.assertAlmostEqual(
            float(call.get("y")) + float(call.get("height")), float(segment.get("y")), places=1
        )
        self.assertAlmostEqual(float(segment.get("height")), float(call.get("height")), places=1)

    def test_the_quarters_say_what_lies_under_them_and_the_table_keeps_the_year_apart(self):
        html = activity_chart(self.counts)
        shown = titles(svg_of(html))
        self.assertIn("2019 Q1: no events, and 4 events dated only to 2019", shown)
        self.assertIn("2019 Q3: 1 event, and 4 events dated only to 2019", shown)
        self.assertEqual(
            table_rows(html),
            [
                ["2019 only the year known", "4 4 visits", "0", "0", "4"],
                ["2019 Q3", "0", "1 1 call", "0", "1"],
                ["2020 Q2", "2 2 meetings", "0", "0", "2"],
            ],
        )
        self.assertIn("Hatched: dated only to a year, drawn as a band spread over its four quarters", html)

    def test_a_year_only_count_stretches_the_axis_over_its_whole_year(self):
        html = activity_chart([count("2021-01-01", "statement", 1, year_only=True)])
        slots = [t for t in titles(svg_of(html)) if re.match(r"2021 Q\d: ", t)]
        self.assertEqual(len(slots), 4)
        self.assertIn("1 event from 2021 Q1 to 2021 Q4", html)

    def test_by_year_a_year_only_count_is_a_hatched_segment_at_the_foot_of_its_year(self):
        counts = [count("2010-01-01", "visit", 2), count("2019-01-01", "visit", 3, year_only=True)]
        html = activity_chart(counts)
        svg = svg_of(html)
        shown = titles(svg)
        self.assertIn("2019: 3 events, 3 of them dated only to the year", shown)
        self.assertIn("2019, only the year known: 3 cooperation events (3 visits)", shown)
        band = next(g for g in svg.iter(f"{SVG}g") if "year-only" in g.get("class"))
        segment = band.find(f"{SVG}rect")
        slot = next(r for r in svg.iter(f"{SVG}rect") if r.get("class") == "slot")
        self.assertLess(percent(segment.get("width")), percent(slot.get("width")))
        self.assertAlmostEqual(float(segment.get("y")) + float(segment.get("height")), BASE, places=1)
        self.assertIn("drawn as a segment of the year’s bar", html)
        self.assertEqual([row[0] for row in table_rows(html)], ["2010", "2019 only the year known"])


class TemplateTagTests(SimpleTestCase):
    def render(self, source: str, **context) -> str:
        return Template("{% load activity_pictures %}" + source).render(Context(context))

    def test_the_tag_draws_the_chart_from_the_counts_it_is_given(self):
        html = self.render(
            '{% activity_chart activity title="Events between Pakistan and Türkiye" %}',
            activity=[count("2025-07-01", "visit", 2)],
        )
        self.assertEqual(svg_of(html).find(f"{SVG}title").text, "Events between Pakistan and Türkiye")
        self.assertIn("2025 Q3: 2 cooperation events (2 visits)", html)

    def test_the_tag_says_so_when_there_is_nothing_to_draw(self):
        for activity in ([], None):
            self.assertInHTML(
                "<p class='empty activity-empty'>No events recorded.</p>",
                self.render("{% activity_chart activity %}", activity=activity),
            )


class FromEventsTests(TestCase):
    """The chart over counts made from real events (as the stored totals will hold them)."""

    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        make_event("Talks at some point in 2024", "2024", {w.pakistan: "party", w.turkiye: "party"})

    def test_a_pairs_events_become_quarters_and_a_year_only_band(self):
        events = Event.objects.for_pair("PK", "TR").select_related("kind")
        html = activity_chart(counts_from_events(events), title="Pakistan and Türkiye")
        shown = titles(svg_of(html))
        self.assertIn("2025 Q3: 2 cooperation events (1 commission session, 1 visit)", shown)
        self.assertIn(
            "2024, only the year known (drawn over its four quarters): 1 cooperation event (1 meeting)", shown
        )
        self.assertIn("2024 Q1: no events, and 1 event dated only to 2024", shown)
        self.assertIn("2025 Q2: no events", shown)  # the May conflict is India's and Pakistan's
