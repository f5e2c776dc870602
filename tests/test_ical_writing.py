"""The calendars' events are written by `relations.ical` itself, not by the icalendar package:
the same escaping and line folding, byte for byte, whatever the text."""

from __future__ import annotations

import icalendar
from django.test import SimpleTestCase
from icalendar.parser.string import _escape_char, _foldline

from relations import ical

TEXTS = [
    "",
    "Short",
    "Talks; trade, energy\\security",
    "Line one\nline two\r\nline three\rfour \\N five",
    "x" * 73 + "\\" + "y" * 200,
    "x" * 72 + "\\\\" + "y" * 200,
    "x" * 73 + "^" + "y" * 80,
    ("ab\\" * 60) + ("c^" * 40),
    "Türkiye – Pakistan: “16th JMC session” " * 5,
    "a" * 74,
    "a" * 75,
    "a" * 148,
    "a" * 149,
]


class WritingTests(SimpleTestCase):
    def test_text_is_escaped_as_the_package_escapes_it(self):
        for value in TEXTS:
            with self.subTest(value=value):
                self.assertEqual(ical.text(value), _escape_char(value))

    def test_long_lines_are_folded_as_the_package_folds_them(self):
        for value in TEXTS:
            for name in ("DESCRIPTION", "SUMMARY", "X"):
                line = f"{name}:{_escape_char(value)}"
                with self.subTest(line=line):
                    self.assertEqual(ical.fold(line), _foldline(line))

    def test_a_property_line_is_what_the_package_writes(self):
        for value in TEXTS:
            entry = icalendar.Event()
            entry.add("description", value)
            written = entry.to_ical().decode()
            with self.subTest(value=value):
                self.assertIn("\r\n" + ical.fold(f"DESCRIPTION:{ical.text(value)}") + "\r\n", written)
