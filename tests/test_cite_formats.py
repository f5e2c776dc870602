"""How a record is cited, built from records without a page: plain text, BibTeX and CSL-JSON."""

import datetime as dt
import json

import bibtexparser
from bibtexparser.middlewares import LatexDecodingMiddleware
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from django.test import SimpleTestCase

from relations.citing import (
    Citable,
    CitedSource,
    bibtex,
    bibtex_escape,
    csl_items,
    csl_json,
    plain_text,
    source_text,
)
from relations.dates import FuzzyDate

ACCESSED = dt.date(2026, 12, 6)
MONTHLY = CitedSource(
    key="dtt-source-7",
    title="Pakistan, Türkiye agree on closer cooperation",
    publisher="Arab News",
    published_on=FuzzyDate.parse("2025-07"),
    url="https://www.arabnews.com/node/2614698",
    kind="newspaper",
    language="en",
)
STATEMENT = CitedSource(
    key="dtt-source-8",
    title="Joint declaration",
    publisher="Ministry of Foreign Affairs of Türkiye",
    published_on=FuzzyDate.parse("c.2025"),
    url="",
    kind="official",
)
AWKWARD = 'Trade & energy_talks: "50% more" for $5 {bn} #1 ~ ^ \\ in Türkiye'
RECORD = Citable(
    key="dtt-event-12",
    kind="event",
    title=AWKWARD,
    url="https://tracker.example/events/id/12/",
    changed=dt.date(2026, 12, 3),
    sources=[MONTHLY, STATEMENT],
)


def parse_bibtex(text: str):
    """Entries with their LaTeX read back as text (pylatexenc writes \\textasciicircum as "ˆ")."""
    return bibtexparser.parse_string(text, append_middleware=[LatexDecodingMiddleware()])


class PlainTextTests(SimpleTestCase):
    def test_it_names_the_record_the_tracker_its_permanent_url_and_both_days(self):
        self.assertEqual(
            plain_text(RECORD, ACCESSED),
            f"“{AWKWARD}.” Diplomatic Ties Tracker, event record, last changed 3 December 2026. "
            "https://tracker.example/events/id/12/. Accessed 6 December 2026.",
        )

    def test_a_month_dated_source_is_cited_as_the_month(self):
        self.assertEqual(
            source_text(MONTHLY),
            "Arab News. “Pakistan, Türkiye agree on closer cooperation.” July 2025. "
            "https://www.arabnews.com/node/2614698",
        )

    def test_an_approximate_year_is_marked_and_a_source_without_url_has_none(self):
        self.assertEqual(
            source_text(STATEMENT), "Ministry of Foreign Affairs of Türkiye. “Joint declaration.” c. 2025."
        )


class BibTeXTests(SimpleTestCase):
    def test_every_special_character_is_escaped_and_the_rest_stays_utf8(self):
        self.assertEqual(
            bibtex_escape(AWKWARD),
            r'Trade \& energy\_talks: "50\% more" for \$5 \{bn\} \#1 \textasciitilde{} '
            r"\textasciicircum{} \textbackslash{} in Türkiye",
        )

    def test_the_entries_parse_and_read_back_as_written(self):
        text = bibtex(RECORD, ACCESSED)
        library = parse_bibtex(text)
        self.assertEqual(library.failed_blocks, [])
        record, monthly, statement = library.entries
        # Dates and URLs are read by biber, not typeset: compare them as written.
        raw_record, raw_monthly, raw_statement = bibtexparser.parse_string(text).entries
        self.assertEqual((record.entry_type, record.key), ("online", "dtt-event-12"))
        self.assertEqual(record["title"].strip("{}").replace("ˆ", "^"), AWKWARD)
        self.assertEqual(record["organization"], "Diplomatic Ties Tracker")
        self.assertEqual(raw_record["url"], "https://tracker.example/events/id/12/")
        self.assertEqual(raw_record["urldate"], "2026-12-06")
        self.assertEqual(raw_record["date"], "2026-12-03")
        self.assertEqual((monthly.entry_type, monthly.key), ("article", "dtt-source-7"))
        self.assertEqual(monthly["journaltitle"], "Arab News")
        self.assertEqual(raw_monthly["date"], "2025-07")  # the month, no day made up
        self.assertEqual((statement.entry_type, statement.key), ("misc", "dtt-source-8"))
        self.assertEqual(raw_statement["date"], "2025~")
        self.assertNotIn("url", statement.fields_dict)

    def test_braces_in_a_url_cannot_break_the_entry(self):
        odd = Citable("dtt-pledge-3", "pledge", "Odd", "https://x.example/a{b}c d", dt.date(2026, 1, 1))
        library = bibtexparser.parse_string(bibtex(odd, ACCESSED))  # a url is read verbatim
        self.assertEqual(library.failed_blocks, [])
        self.assertEqual(library.entries[0]["url"], "https://x.example/a%7Bb%7Dc%20d")


class CSLJSONTests(SimpleTestCase):
    def test_dates_keep_their_precision(self):
        record, monthly, statement = csl_items(RECORD, ACCESSED)
        self.assertEqual(record["issued"], {"date-parts": [[2026, 12, 3]]})
        self.assertEqual(record["accessed"], {"date-parts": [[2026, 12, 6]]})
        self.assertEqual(record["container-title"], "Diplomatic Ties Tracker")
        self.assertEqual(record["URL"], "https://tracker.example/events/id/12/")
        self.assertEqual(monthly["type"], "article-newspaper")
        self.assertEqual(monthly["issued"], {"date-parts": [[2025, 7]]})
        self.assertEqual(statement["issued"], {"date-parts": [[2025]], "circa": True})
        self.assertEqual(statement["publisher"], "Ministry of Foreign Affairs of Türkiye")

    def test_a_range_has_both_ends(self):
        ranged = CitedSource(
            "dtt-source-9", "Talks", "APP", FuzzyDate.parse("2025-09-08/2025-09-09"), "", "wire"
        )
        item = csl_items(Citable("k", "event", "t", "u", ACCESSED, [ranged]), ACCESSED)[1]
        self.assertEqual(item["issued"], {"date-parts": [[2025, 9, 8], [2025, 9, 9]]})

    def test_citeproc_renders_it_with_a_bundled_style(self):
        items = json.loads(csl_json(RECORD, ACCESSED))
        style = CitationStylesStyle("harvard-cite-them-right", validate=False)
        bibliography = CitationStylesBibliography(style, CiteProcJSON(items), formatter.plain)
        for item in items:
            bibliography.register(Citation([CitationItem(item["id"])]))
        rendered = [str(entry) for entry in bibliography.bibliography()]
        self.assertEqual(len(rendered), 3)
        page = next(entry for entry in rendered if "tracker.example" in entry)
        self.assertIn("Diplomatic Ties Tracker", page)
        self.assertIn("(Accessed: December 6, 2026)", page)
        article = next(entry for entry in rendered if entry.startswith("Arab News"))
        self.assertIn("(2025)", article)
        self.assertIn("July", article)
