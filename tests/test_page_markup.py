"""What the stylesheet needs from every page's HTML: the colour-scheme declaration, the column
labels that turn a table into cards on a phone, and text that does not run together when it is read
without the stylesheet (a reader view, a feed, a copy into plain text)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from django.test import TestCase
from django.urls import reverse

from tests.world import build_world

COLOR_SCHEME = '<meta name="color-scheme" content="light dark">'


class TableCells(HTMLParser):
    """Every table's column headings and, row by row, each cell's tag and data-label."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[dict] = []
        self.in_head = False
        self.heading: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"headings": [], "rows": []})
        elif tag == "thead":
            self.in_head = True
        elif tag == "tr" and not self.in_head and self.tables:
            self.tables[-1]["rows"].append([])
        elif tag == "th" and self.in_head:
            self.heading = []
        elif tag in ("td", "th") and self.tables and self.tables[-1]["rows"]:
            self.tables[-1]["rows"][-1].append((tag, attrs.get("data-label")))

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_head = False
        elif tag == "th" and self.heading is not None:
            self.tables[-1]["headings"].append("".join(self.heading).strip())
            self.heading = None

    def handle_data(self, data):
        if self.heading is not None:
            self.heading.append(data)


def text_without_styles(html: str) -> str:
    """The text of the page's tables and fact lists as a reader without the stylesheet gets it:
    tags dropped, nothing added."""
    blocks = re.findall(r"<(?:table|dl)\b.*?</(?:table|dl)>", html, flags=re.S)
    return "\n".join(re.sub(r"<[^>]+>", "", block) for block in blocks)


class PageMarkupTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()
        w = cls.world
        cls.pages = {
            "home": reverse("relations:home"),
            "timeline": reverse("relations:timeline"),
            "ties": reverse("relations:ties", args=["pk-tr"]),
            "country": reverse("relations:country-detail", args=["pk"]),
            "countries": reverse("relations:country-list"),
            "commissions": reverse("relations:commission-list"),
            "commission": w.jmc.get_absolute_url(),
            "officials": reverse("relations:official-list"),
            "official": w.guler.get_absolute_url(),
            "pledges": reverse("relations:pledge-list"),
            "pledge": w.trade_pledge.get_absolute_url(),
            "event": w.session_16.get_absolute_url(),
        }

    def test_every_page_declares_that_it_follows_the_reader_s_colour_scheme(self):
        for name, path in {**self.pages, "404": "/no-such-page/"}.items():
            with self.subTest(name):
                response = self.client.get(path)
                self.assertContains(response, COLOR_SCHEME, status_code=404 if name == "404" else 200)

    def test_every_table_cell_carries_its_column_s_heading_for_the_phone_layout(self):
        tables_seen = 0
        for name, path in self.pages.items():
            parser = TableCells()
            parser.feed(self.client.get(path).content.decode())
            for table in parser.tables:
                tables_seen += 1
                with self.subTest(name, columns=table["headings"]):
                    self.assertTrue(table["rows"], "a table without rows")
                    for row in table["rows"]:
                        self.assertEqual(len(row), len(table["headings"]))
                        for (tag, label), heading in zip(row, table["headings"], strict=True):
                            # A row's own heading (<th scope="row">) is the card's title.
                            self.assertEqual(label, None if tag == "th" else heading)
        # commissions, countries, officials, two on an official's page, participants, pledges, and
        # the activity chart's numbers on the pair's and the country's pages, and a pledge's progress
        self.assertEqual(tables_seen, 10)

    def test_a_year_is_never_glued_to_a_word_when_read_without_the_stylesheet(self):
        commission = text_without_styles(self.client.get(self.pages["commission"]).content.decode())
        self.assertRegex(commission, r"Founded\s+1975")
        self.assertRegex(commission, r"Date\s+8–9 September 2025")
        commissions = text_without_styles(self.client.get(self.pages["commissions"]).content.decode())
        self.assertRegex(commissions, r"September 2025\s+Islamabad")
        pledges = text_without_styles(self.client.get(self.pages["pledges"]).content.decode())
        self.assertRegex(pledges, r"Commission\s+8–9 September 2025")
        for name, text in (("commission", commission), ("commissions", commissions), ("pledges", pledges)):
            with self.subTest(name):
                self.assertIsNone(re.search(r"[^\W\d_]\d|\d(?!st|nd|rd|th)[^\W\d_]{2,}", text))
