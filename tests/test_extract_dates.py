"""The extractor's date rules: precision as written, years read against the publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from relations.extract.dates import find_dates
from relations.extract.text import Document

TUESDAY = dt.date(2025, 9, 9)  # the seed article's publication date


def dates(text: str, published_on: dt.date = TUESDAY) -> list[tuple[str, str, str]]:
    found = find_dates(text, published_on, Document(text).sentences)
    return [(item.text, item.date.edtf(), item.date.precision.label) for item in found]


def test_a_weekday_in_the_past_tense_is_the_latest_such_day_on_or_before_publication():
    assert dates("Officials on Tuesday pledged to deepen ties.") == [("on Tuesday", "2025-09-09", "day")]
    assert dates("The talks ended on Monday.") == [("on Monday", "2025-09-08", "day")]
    assert dates("The talks ended on Wednesday.") == [("on Wednesday", "2025-09-03", "day")]


def test_a_weekday_in_the_future_tense_is_the_next_such_day():
    assert dates("The ministers will meet on Thursday.") == [("on Thursday", "2025-09-11", "day")]
    assert dates("They met last Tuesday.") == [("last Tuesday", "2025-09-02", "day")]
    assert dates("They meet next Tuesday.") == [("next Tuesday", "2025-09-16", "day")]


def test_a_month_is_a_month_never_a_day():
    assert dates("They visited Pakistan in July.") == [("in July", "2025-07", "month")]
    [(_, _, precision)] = dates("Its skirmish with India in May.")
    assert precision == "month"


def test_a_month_in_the_past_after_the_publication_month_is_last_year():
    assert dates("The previous round, in November, was postponed.") == [("in November", "2024-11", "month")]


def test_a_month_in_the_future_is_the_next_one():
    assert dates("The next session is scheduled for April.") == [("for April", "2026-04", "month")]
    assert dates("A summit is planned for June.", dt.date(2025, 3, 14)) == [("for June", "2025-06", "month")]
    assert dates("They agreed to open a crossing by December.", dt.date(2025, 11, 21))[0][1] == "2025-12"


def test_the_last_verb_before_a_date_gives_its_tense():
    text = "Its share is to be financed by a loan that was signed in May."
    assert dates(text, dt.date(2025, 10, 17)) == [("in May", "2025-05", "month")]
    text = "Egypt pledged to open a free zone near the canal in March."
    assert dates(text, dt.date(2025, 8, 18)) == [("in March", "2026-03", "month")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("It was founded in 1975.", ("in 1975", "1975", "year")),
        ("It was signed on 9 September 2025.", ("9 September 2025", "2025-09-09", "day")),
        ("It was signed on September 9, 2025.", ("September 9, 2025", "2025-09-09", "day")),
        ("It was signed on September 9.", ("September 9", "2025-09-09", "day")),
        ("A goal set in March 2024.", ("March 2024", "2024-03", "month")),
        ("The talks ran from 8-9 September 2025.", ("8-9 September 2025", "2025-09-08/2025-09-09", "day")),
        ("The meeting, held from 14 to 16 October,", ("14 to 16 October", "2024-10-14/2024-10-16", "day")),
        ("Trade grew last year.", ("last year", "2024", "year")),
        ("Trade will grow next year.", ("next year", "2026", "year")),
        ("Prices rose after the 2023 harvest.", ("after the 2023", "2023", "year")),
    ],
)
def test_written_dates_keep_the_precision_they_are_written_with(text, expected):
    assert dates(text) == [expected]


def test_may_the_verb_and_march_the_verb_are_not_months():
    assert dates("Prices may rise. Thousands march to the capital.") == []


def test_numbers_that_are_not_years_are_left_alone():
    assert dates("Exports reached 2025 million tonnes, up in 2025 billion terms.") == []
    assert dates("Trade of $2,030 a head.") == []
