"""Timeline rows from stored heads (relations/rows.py): every list page is the same bytes as the
template engine wrote it row by row, on the first read and on later ones; a head is never shown
stale; the first read after a write stores what it rendered in one statement."""

import re
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.db import DatabaseError, connection
from django.template import Context, Engine
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import mark_safe

from relations import rows
from relations.models import Event, EventRecord, Official, Pledge, PledgeParty, PledgeReaffirmation
from tests.world import bulk_events, load_story, make_event

REFERENCE = Engine(
    dirs=[Path(__file__).parent / "replaced_templates"],
    libraries={"tracker": "relations.templatetags.tracker"},
).get_template("_event_row.html")
SESSION_16 = "2025-pakistan-turkiye-jmc-16th-session"
GULER_VISIT = "2025-yasar-guler-visit-to-pakistan"
PAGES = [
    reverse("relations:home"),
    reverse("relations:timeline"),
    reverse("relations:timeline") + "?country=pk",
    reverse("relations:ties", args=["pk-tr"]),
    reverse("relations:country-detail", args=["tr"]),
    reverse("relations:search") + "?q=pakistan",
]


def reference_rows(listed, between="") -> str:
    """The rows as the whole-row template wrote them (tests/replaced_templates/_event_row.html)."""
    return mark_safe(
        "".join(
            REFERENCE.render(
                Context(
                    {
                        "event": row.event,
                        "related": row.related,
                        "again": row.again,
                        "children": row.children,
                        "between": between,
                    }
                )
            )
            for row in listed
        )
    )


def without_nonces(html: bytes) -> bytes:
    return re.sub(rb'nonce="[^"]*"', b'nonce=""', html)


class RowsAsTheTemplateWroteThemTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()
        session = Event.objects.get(slug=SESSION_16)
        visit = Event.objects.get(slug=GULER_VISIT)
        tr = session.event_countries.get(country_id="TR").country
        pk = session.event_countries.get(country_id="PK").country
        # A title and a place that must be escaped, nested under the visit, with a pledge only
        # one of the pair is party to (the pair's row says "none between").
        odd = make_event(
            'Talks on "Q&A" <script>',
            "2025-09-09",
            {pk: "host", tr: "visitor"},
            parent=visit,
            place="Rawalpindi & Islamabad",
        )
        pledge = Pledge.objects.create(event=odd, title="A one-sided pledge")
        PledgeParty.objects.create(pledge=pledge, country=pk)
        PledgeReaffirmation.objects.create(pledge=pledge, event=session, note="Again.")

    def pages_with_reference_rows(self) -> dict[str, bytes]:
        with mock.patch.object(rows, "rows_html", side_effect=reference_rows):
            return {url: without_nonces(self.client.get(url).content) for url in PAGES}

    def test_every_page_is_the_bytes_the_template_wrote_before_and_after_its_heads_are_stored(self):
        expected = self.pages_with_reference_rows()
        EventRecord.objects.all().delete()
        for read in ("first", "later"):
            for url in PAGES:
                with self.subTest(url=url, read=read), self.captureOnCommitCallbacks(execute=True):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    self.assertEqual(without_nonces(response.content), expected[url])
        # Some heads stored, others not (written since): each row read its own way.
        EventRecord.objects.filter(event__in=Event.objects.order_by("pk")[::2]).delete()
        for url in PAGES:
            with self.subTest(url=url, read="mixed"), self.captureOnCommitCallbacks(execute=True):
                self.assertEqual(without_nonces(self.client.get(url).content), expected[url])
        page = self.client.get(reverse("relations:ties", args=["pk-tr"])).content.decode()
        # What the reference shows is there to compare: nesting, links, pledges again, counts.
        for text in (
            "event-children",
            "In the context of",
            "Pledged again:",
            "none between",
            "&quot;Q&amp;A&quot; &lt;script&gt;",
        ):
            self.assertIn(text, page)

    def test_a_row_with_a_stored_head_reads_nothing_the_head_shows(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(reverse("relations:timeline"))
        changed = Event.objects.get(slug=SESSION_16)
        changed.title = "Changed since"
        changed.save()
        read = {event.slug: event for event in Event.objects.for_list()}
        unrelated = read["2025-india-pakistan-conflict"]
        self.assertIsNone(unrelated.country_rows)
        self.assertIsNone(unrelated.has_source)
        self.assertTrue(read[SESSION_16].country_rows)
        self.assertIsNotNone(read[SESSION_16].has_source)

    def test_the_heads_read_are_the_stored_ones(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(reverse("relations:timeline"))
        session = Event.objects.get(slug=SESSION_16)
        record = EventRecord.objects.get(event=session)
        self.assertEqual(record.row_stamp, session.updated_at)
        self.assertEqual(record.row_html, rows.render_head(Event.objects.listed().get(pk=session.pk)))
        # A marked head with the event's stamp and the current format is what the page shows.
        EventRecord.objects.filter(pk=record.pk).update(
            row_html=record.row_html.replace("16th", "MARKED 16th")
        )
        self.assertContains(self.client.get(reverse("relations:timeline")), "MARKED 16th")
        # The same head from another format is not.
        EventRecord.objects.filter(pk=record.pk).update(row_format=rows.FORMAT + 1)
        self.assertNotContains(self.client.get(reverse("relations:timeline")), "MARKED 16th")


class StaleHeadsTests(TestCase):
    """Every write that changes a head moves the event's stamp: the page never shows the old one."""

    @classmethod
    def setUpTestData(cls):
        load_story()

    def setUp(self):
        rows.rebuild()

    def timeline(self) -> str:
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.get(reverse("relations:timeline")).content.decode()

    def test_an_edited_title(self):
        event = Event.objects.get(slug=SESSION_16)
        event.title = "The sixteenth session, renamed"
        event.save()
        self.assertIn("The sixteenth session, renamed", self.timeline())

    def test_an_official_renamed(self):
        official = Official.objects.filter(participations__isnull=False).first()
        official.name = "Renamed Official"
        official.save()
        self.assertIn("Renamed Official", self.timeline())
        self.assertEqual(rows.differences(), [])

    def test_a_queryset_update_of_an_event(self):
        Event.objects.filter(slug=SESSION_16).update(place="Somewhere Else")
        self.assertIn("Somewhere Else", self.timeline())

    def test_a_deleted_source_citation_brings_back_the_unsourced_badge(self):
        event = Event.objects.get(slug=SESSION_16)
        self.assertNotIn("unsourced", self.row(self.timeline(), event.slug))
        for citation in event.citations.all():
            citation.delete()
        self.assertIn("unsourced", self.row(self.timeline(), event.slug))

    @staticmethod
    def row(html: str, slug: str) -> str:
        start = html.rindex(
            '<li class="event-row', 0, html.index(f'<h3 class="event-title"><a href="/events/{slug}/"')
        )
        return html[start : html.index("</li>", start)]


class StoringTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_story()

    def test_the_first_read_after_many_changes_stores_them_in_one_statement(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.get(reverse("relations:timeline"))
        tr_pk = {"PK": "host", "TR": "visitor"}
        bulk_events([(f"Review {i}", f"2026-01-{i % 28 + 1:02d}", tr_pk) for i in range(30)])
        with CaptureQueriesContext(connection) as queries, self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(reverse("relations:timeline"))
        self.assertContains(response, "Review 29")
        inserts = [q for q in queries if "INSERT" in q["sql"] and "eventrecord" in q["sql"]]
        self.assertEqual(len(inserts), 1)
        self.assertEqual(EventRecord.objects.exclude(row_stamp=None).count(), Event.objects.count())
        # Read again, nothing more is stored.
        with CaptureQueriesContext(connection) as queries, self.captureOnCommitCallbacks(execute=True):
            self.client.get(reverse("relations:timeline"))
        self.assertFalse([q for q in queries if "INSERT" in q["sql"]])

    def test_a_failed_store_still_answers_and_is_logged(self):
        with (
            mock.patch.object(rows, "store", side_effect=DatabaseError("disk full")),
            self.assertLogs("relations.rows", "WARNING"),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.get(reverse("relations:timeline"))
        self.assertContains(response, "16th")
        self.assertFalse(EventRecord.objects.exclude(row_stamp=None).exists())

    def test_rebuild_derived_stores_every_head_and_check_reports_a_tampered_one(self):
        call_command("rebuild_derived", verbosity=0)
        self.assertEqual(EventRecord.objects.exclude(row_stamp=None).count(), Event.objects.count())
        self.assertEqual(rows.differences(), [])
        session = Event.objects.get(slug=SESSION_16)
        EventRecord.objects.filter(event=session).update(row_html="<li>wrong</li>")
        self.assertEqual(
            rows.differences(),
            [f"EventRecord: event {session.pk}'s stored timeline row differs from its rendering"],
        )
