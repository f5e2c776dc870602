"""The visual timeline: a date drawn over every day it may be, each mark a link to its event, and
the events that belong together shown together, on the picture and in the list below it."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET
from itertools import combinations
from types import SimpleNamespace

from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from relations.dates import FuzzyDate
from relations.models import Commission, Country, Event, EventKind, EventLink, Official
from relations.models.event_related import timeline_rows
from relations.pictures.timeline import NARROW, WIDE, Mark, draw, visual_timeline
from tests.world import load_story, make_event

SVG = "{http://www.w3.org/2000/svg}"
SESSION_16 = "2025-pakistan-turkiye-jmc-16th-session"
JULY_VISIT = "2025-fidan-guler-visit-to-pakistan"
GULER_VISIT = "2025-yasar-guler-visit-to-pakistan"


def event(pk: int, title: str, date: str, *, tone: str = "cooperation", parent=None, links=()):
    """What the picture reads of an event, as `Event.objects.for_list()` gives it."""
    return SimpleNamespace(
        pk=pk,
        title=title,
        date=FuzzyDate.parse(date),
        kind=SimpleNamespace(tone=tone, name="visit"),
        parent_id=parent,
        link_rows=[{"id": other, "kind": kind, "out": 1} for other, kind in links],
        get_absolute_url=lambda: f"/events/e{pk}/",
    )


def drawn(events, layout=WIDE) -> ET.Element:
    return ET.fromstring(draw([Mark.of(e) for e in events], layout))


def marks(svg: ET.Element) -> dict[str, ET.Element]:
    """Each mark's link by its address."""
    return {a.get("href"): a for a in svg.iter(f"{SVG}a")}


def box(mark: ET.Element) -> tuple[float, float, float]:
    """Left, right and vertical middle of a mark's shape."""
    shape = next(e for e in mark if e.get("class") == "vtl-shape")
    if shape.tag == f"{SVG}circle":
        cx, cy, r = (float(shape.get(k)) for k in ("cx", "cy", "r"))
        return cx - r, cx + r, cy
    x, y, w, h = (float(shape.get(k)) for k in ("x", "y", "width", "height"))
    return x, x + w, y + h / 2


class Ruler:
    """Where a day falls, measured from two single-day marks (the middle of each dot is the
    middle of its day): it checks the picture against itself, not against its own code."""

    def __init__(self, svg: ET.Element, first: tuple[str, dt.date], second: tuple[str, dt.date]) -> None:
        (url_a, day_a), (url_b, day_b) = first, second
        a, b = (sum(box(marks(svg)[url])[:2]) / 2 for url in (url_a, url_b))
        self.per_day = (b - a) / (day_b - day_a).days
        self.origin = a - self.per_day * 0.5  # the left edge of day_a
        self.day_a = day_a

    def x(self, day: dt.date) -> float:
        return self.origin + (day - self.day_a).days * self.per_day


class DrawingTests(SimpleTestCase):
    def setUp(self):
        self.first = event(1, "Call in January", "2025-01-10")
        self.last = event(2, "Call in December", "2025-12-20")

    def ruler(self, svg) -> Ruler:
        return Ruler(svg, ("/events/e1/", dt.date(2025, 1, 10)), ("/events/e2/", dt.date(2025, 12, 20)))

    def test_a_month_precision_event_is_a_band_over_the_whole_month(self):
        svg = drawn([self.first, self.last, event(3, "Public support", "2025-05")])
        ruler = self.ruler(svg)
        band = marks(svg)["/events/e3/"]
        self.assertIn("vtl-band", band.get("class"))
        left, right, _ = box(band)
        self.assertAlmostEqual(left, ruler.x(dt.date(2025, 5, 1)), delta=0.2)
        self.assertAlmostEqual(right, ruler.x(dt.date(2025, 6, 1)), delta=0.2)

    def test_a_year_precision_event_is_a_band_over_the_whole_year(self):
        svg = drawn(
            [event(1, "Call", "2024-03-10"), event(2, "Call", "2026-05-20"), event(3, "Founded", "2025")]
        )
        ruler = Ruler(svg, ("/events/e1/", dt.date(2024, 3, 10)), ("/events/e2/", dt.date(2026, 5, 20)))
        left, right, _ = box(marks(svg)["/events/e3/"])
        self.assertIn("vtl-band", marks(svg)["/events/e3/"].get("class"))
        self.assertAlmostEqual(left, ruler.x(dt.date(2025, 1, 1)), delta=0.2)
        self.assertAlmostEqual(right, ruler.x(dt.date(2026, 1, 1)), delta=0.2)

    def test_a_range_of_days_is_a_bar_over_its_days(self):
        svg = drawn([self.first, self.last, event(3, "Talks", "2025-09-08/2025-09-30")])
        ruler = self.ruler(svg)
        bar = marks(svg)["/events/e3/"]
        self.assertIn("vtl-bar", bar.get("class"))
        left, right, _ = box(bar)
        self.assertAlmostEqual(left, ruler.x(dt.date(2025, 9, 8)), delta=0.2)
        self.assertAlmostEqual(right, ruler.x(dt.date(2025, 10, 1)), delta=0.2)

    def test_a_single_day_is_a_dot_wide_enough_to_see(self):
        dot = marks(drawn([self.first, self.last]))["/events/e1/"]
        self.assertIn("vtl-dot", dot.get("class"))
        left, right, _ = box(dot)
        self.assertGreaterEqual(right - left, 8)

    def test_an_approximate_date_is_faded_and_hatched(self):
        svg = drawn([self.first, event(3, "Founding talks", "c. 2025-03"), self.last])
        approximate, exact = marks(svg)["/events/e3/"], marks(svg)["/events/e1/"]
        self.assertIn("vtl-approx", approximate.get("class"))
        self.assertNotIn("vtl-approx", exact.get("class"))
        hatch = [e for e in approximate if e.get("class") == "vtl-hatch"]
        self.assertEqual(len(hatch), 1)
        pattern = hatch[0].get("fill").removeprefix("url(#").removesuffix(")")
        self.assertIsNotNone(svg.find(f".//{SVG}pattern[@id='{pattern}']"))
        self.assertIn("c. March 2025", approximate.find(f"{SVG}title").text)

    def test_every_mark_links_to_its_event_with_a_title_giving_the_date_at_its_precision(self):
        events = [self.first, event(3, "Public support", "2025-05"), event(4, "JMC", "2025-09-08/2025-09-09")]
        svg = drawn(events)
        self.assertEqual(set(marks(svg)), {"/events/e1/", "/events/e3/", "/events/e4/"})
        titles = {url: mark.find(f"{SVG}title").text for url, mark in marks(svg).items()}
        self.assertEqual(titles["/events/e3/"], "Public support — May 2025 (visit)")
        self.assertEqual(titles["/events/e4/"], "JMC — 8–9 September 2025 (visit)")
        self.assertEqual(svg.get("role"), "img")
        title_id, desc_id = svg.get("aria-labelledby").split()
        self.assertEqual(svg.find(f"{SVG}title").get("id"), title_id)
        self.assertIn("3 events from 10 January 2025", svg.find(f"{SVG}desc").text)
        self.assertEqual(svg.find(f"{SVG}desc").get("id"), desc_id)

    def test_overlapping_marks_are_packed_into_rows_and_never_overlap(self):
        events = [
            event(1, "Visit", "2025-07-09"),
            event(2, "Meeting", "2025-07-09"),
            event(3, "Talks in July", "2025-07"),
            event(4, "Summer talks", "2025-06/2025-08"),
            event(5, "Clash", "2025-07-10", tone="conflict"),
            event(6, "Call", "2024-01-02"),
        ]
        for layout in (WIDE, NARROW):
            placed = [box(mark) for mark in marks(drawn(events, layout)).values()]
            for (l1, r1, y1), (l2, r2, y2) in combinations(placed, 2):
                with self.subTest(layout=layout.name):
                    self.assertTrue(r1 <= l2 or r2 <= l1 or y1 != y2, "two marks overlap")
            # Four sub-rows of cooperation (the 2024 call shares the first), one of conflict.
            self.assertEqual(len({y for _, _, y in placed}), 5)

    def test_related_marks_are_joined_by_a_line(self):
        events = [
            event(1, "Visit", "2025-09-08/2025-09-10"),
            event(2, "Session", "2025-09-08/2025-09-09", parent=1),
            event(3, "Earlier visit", "2025-07-09", links=[(2, "context"), (99, "context")]),
        ]
        svg = drawn(events)
        lines = [p.get("class") for p in svg.iter(f"{SVG}path")]
        self.assertEqual(
            sorted(lines), ["vtl-connector vtl-connector-context", "vtl-connector vtl-connector-part"]
        )

    def test_a_short_span_is_marked_in_months_and_a_long_one_in_years(self):
        months = [
            t.text for t in drawn([self.first, self.last]).iter(f"{SVG}text") if "tick" in t.get("class")
        ]
        self.assertIn("May 2025", months)
        years = drawn([event(1, "Old", "1975"), event(2, "New", "2025-09-08")])
        labels = [t.text for t in years.iter(f"{SVG}text") if "tick" in t.get("class")]
        self.assertIn("2000", labels)
        self.assertFalse(any(" " in label for label in labels))

    def test_the_narrow_drawing_has_fewer_ticks(self):
        def ticks(layout):
            return len(
                [
                    line
                    for line in drawn([self.first, self.last], layout).iter(f"{SVG}line")
                    if line.get("class") == "vtl-tick"
                ]
            )

        self.assertLess(ticks(NARROW), ticks(WIDE))
        self.assertLessEqual(ticks(NARROW), NARROW.max_intervals + 1)

    def test_nothing_is_drawn_for_no_events(self):
        self.assertEqual(visual_timeline([]), "")
        self.assertEqual(visual_timeline(SimpleNamespace(event=None) for _ in ()), "")

    def test_the_figure_holds_a_wide_and_a_narrow_drawing_and_a_legend_without_style_attributes(self):
        html = visual_timeline([self.first, event(3, "c", "c. 2025-03")])
        self.assertIn('class="vtl-chart vtl-wide"', html)
        self.assertIn('class="vtl-chart vtl-narrow"', html)
        for words in ("a day", "a range of days", "a month or a year", "approximate (c.)", "related events"):
            self.assertIn(words, html)
        self.assertNotIn("style=", html)


class NestedRowsTests(SimpleTestCase):
    def test_a_child_sits_under_its_parent_when_both_are_listed(self):
        visit = event(1, "Visit", "2025-09-08/2025-09-10")
        session = event(2, "Session", "2025-09-08/2025-09-09", parent=1)
        other = event(3, "Call", "2025-07-09", parent=77)
        for e in (visit, session, other):
            e.family_rows, e.link_rows, e.date_start = [], [], e.date.start
        rows = timeline_rows([session, visit, other])
        self.assertEqual([row.event.pk for row in rows], [1, 3])
        self.assertEqual([child.event.pk for child in rows[0].children], [2])


class PicturePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()
        cls.session = Event.objects.get(slug=SESSION_16)

    def picture(self, response) -> str:
        html = response.content.decode()
        start = html.index('<svg class="vtl-chart vtl-wide"')
        return html[start : html.index("</svg>", start) + 6]

    def test_the_ties_page_draws_the_16th_session_and_the_july_visit_joined(self):
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        svg = ET.fromstring(self.picture(response))
        links = marks(svg)
        session, visit = links[f"/events/{SESSION_16}/"], links[f"/events/{JULY_VISIT}/"]
        self.assertIn("8–9 September 2025", session.find(f"{SVG}title").text)
        self.assertIn("9 July 2025", visit.find(f"{SVG}title").text)
        self.assertEqual(len([p for p in svg.iter(f"{SVG}path") if "context" in p.get("class")]), 2)
        self.assertIn("vtl-band", links["/events/2025-turkiye-support-for-pakistan/"].get("class"))

    def test_the_list_says_what_each_event_is_context_for_with_its_dates(self):
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        self.assertContains(
            response,
            f'Context for: <a href="/events/{SESSION_16}/">16th session of the Pakistan–Türkiye Joint '
            'Ministerial Commission <span class="related-when">(<time datetime="2025-09-08">8</time>–'
            '<time datetime="2025-09-09">9 September 2025</time>)</span></a>',
            html=True,
        )
        self.assertContains(response, "In the context of:", count=2)

    def test_a_session_held_during_a_visit_is_listed_under_it(self):
        response = self.client.get(reverse("relations:ties", args=["pk-tr"]))
        html = response.content.decode()
        visit = html.index(f'href="/events/{GULER_VISIT}/"')
        children = html.index('<ol class="event-children"', visit)
        self.assertLess(children, html.index(f'<a href="/events/{SESSION_16}/">16th', visit))
        self.assertNotContains(response, "Part of:")

    def test_each_page_with_a_list_of_events_opens_with_the_picture(self):
        guler = Official.objects.get(slug="yasar-guler")
        jmc = Commission.objects.get(slug="pakistan-turkiye-jmc")
        for url in (
            reverse("relations:ties", args=["pk-tr"]),
            reverse("relations:country-detail", args=["tr"]),
            reverse("relations:commission-detail", args=[jmc.slug]),
            reverse("relations:official-detail", args=[guler.slug]),
            reverse("relations:timeline") + "?country=tr",
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                svg = ET.fromstring(self.picture(response))
                self.assertIn(f"/events/{SESSION_16}/", marks(svg))
                html = response.content.decode()
                # Above the list (the summary at the top of the page may link the session too).
                self.assertLess(
                    html.index('<figure class="vtl">'), html.rindex(f'<a href="/events/{SESSION_16}/"')
                )

    def test_a_page_without_events_draws_no_picture(self):
        response = self.client.get(reverse("relations:ties", args=["ar-br"]))
        self.assertNotContains(response, "<svg")

    def test_the_event_page_names_parent_children_and_links_with_their_dates(self):
        response = self.client.get(reverse("relations:event-detail", args=[SESSION_16]))
        self.assertContains(response, "Part of</dt>")
        self.assertContains(response, '<time datetime="2025-09-10">10 September 2025</time>', html=True)
        self.assertContains(response, '(<time datetime="2025-05">May 2025</time>)', html=True)
        self.assertContains(response, '(<time datetime="2025-07-09">9 July 2025</time>)', html=True)
        visit = self.client.get(reverse("relations:event-detail", args=[GULER_VISIT]))
        self.assertContains(visit, "Includes:")
        self.assertContains(visit, '<time datetime="2025-09-08">8</time>', html=True)

    def test_lists_read_related_events_in_their_own_query(self):
        with self.assertNumQueries(1):
            related = {e.slug: e.related_events for e in Event.objects.for_list()}
        session = {(r.relation.label, r.slug, str(r.date)) for r in related[SESSION_16]}
        self.assertEqual(
            session,
            {
                ("Part of", GULER_VISIT, "8–10 September 2025"),
                ("In the context of", JULY_VISIT, "9 July 2025"),
                ("In the context of", "2025-turkiye-support-for-pakistan", "May 2025"),
            },
        )

    def test_linked_and_nested_rows_cost_no_query_of_their_own(self):
        kind = EventKind.objects.get(pk="meeting")
        visit = Event.objects.get(slug=GULER_VISIT)
        pakistan, turkiye = Country.objects.get(code="PK"), Country.objects.get(code="TR")
        for i in range(30):
            countries = {pakistan: "host", turkiye: "visitor"}
            child = make_event(f"Meeting {i}", "2025-09-09", countries, kind=kind, parent=visit)
            EventLink.objects.create(from_event=child, to_event=self.session, kind=EventLink.Kind.FOLLOW_UP)
        for url, queries in (
            (reverse("relations:ties", args=["pk-tr"]), 12),
            (reverse("relations:country-detail", args=["pk"]), 11),
        ):
            with self.subTest(url=url):
                with self.assertNumQueries(queries):
                    response = self.client.get(url)
                self.assertContains(response, "Followed up by:", count=30)
                follow_ups = response.content.decode().count('class="vtl-connector vtl-connector-follow_up"')
                self.assertEqual(follow_ups, 60)  # in the wide drawing and the narrow one
