"""Dates typed as people write them (`FuzzyDate.read`): the same precision rules as EDTF, a
day nobody wrote never invented, and numeric day/month forms refused rather than guessed."""

import datetime as dt

import pytest

from relations.dates import FuzzyDate, InvalidDate, Precision, parse, read_day


@pytest.mark.parametrize(
    ("text", "edtf", "shown"),
    [
        ("9 September 2025", "2025-09-09", "9 September 2025"),
        ("September 9, 2025", "2025-09-09", "9 September 2025"),
        ("9 Sept 2025", "2025-09-09", "9 September 2025"),
        ("9th of Sept. 2025", "2025-09-09", "9 September 2025"),
        ("Sept 2025", "2025-09", "September 2025"),
        ("September 2025", "2025-09", "September 2025"),
        ("8–9 September 2025", "2025-09-08/2025-09-09", "8–9 September 2025"),
        ("8-9 September 2025", "2025-09-08/2025-09-09", "8–9 September 2025"),
        ("8 to 9 September 2025", "2025-09-08/2025-09-09", "8–9 September 2025"),
        ("September 8–9, 2025", "2025-09-08/2025-09-09", "8–9 September 2025"),
        ("8 September – 2 October 2025", "2025-09-08/2025-10-02", "8 September – 2 October 2025"),
        ("30 December 2025 – 2 January 2026", "2025-12-30/2026-01-02", "30 December 2025 – 2 January 2026"),
        ("July–August 2025", "2025-07/2025-08", "July–August 2025"),
        ("2019–2021", "2019/2021", "2019–2021"),
        ("2019-2021", "2019/2021", "2019–2021"),
        ("c. 1975", "1975~", "c. 1975"),
        ("circa 1975", "1975~", "c. 1975"),
        ("c. 8–9 Sept 2025", "2025-09-08~/2025-09-09~", "c. 8–9 September 2025"),
        ("2025-07", "2025-07", "July 2025"),
        ("2025", "2025", "2025"),
        ("early 2026", "2026-01/2026-04", "January–April 2026"),
        ("mid 2026", "2026-05/2026-08", "May–August 2026"),
        ("mid-2026", "2026-05/2026-08", "May–August 2026"),
        ("late 2026", "2026-09/2026-12", "September–December 2026"),
        ("  SEPTEMBER   9,   2025 ", "2025-09-09", "9 September 2025"),
        ("8-9 SEPT 2025", "2025-09-08/2025-09-09", "8–9 September 2025"),
    ],
)
def test_it_reads_what_people_write(text, edtf, shown):
    value = FuzzyDate.read(text)
    assert (value.edtf(), value.display()) == (edtf, shown)


@pytest.mark.parametrize(
    "text",
    [
        "2025",
        "2025-07",
        "2025-07-09",
        "2025-09-08/2025-09-09",
        "c. 2025-05",
        "~2025-09-08/2025-09-10",
        "2025-09-08~/2025-09-10~",
        "1975~",
        "2025..2026",
        "2024-01/2024-03",
    ],
)
def test_every_edtf_form_reads_as_parse_reads_it(text):
    assert FuzzyDate.read(text) == parse(text)


@pytest.mark.parametrize(
    "value",
    [
        "2025-09-09",
        "2025-07",
        "1975~",
        "2025-09-08/2025-09-09",
        "2025-09-08/2025-10-02",
        "2025-12-30/2026-01-02",
        "2025-07/2025-08",
        "2025-12/2026-01",
        "2019/2021",
        "2025-09-08~/2025-09-09~",
    ],
)
def test_what_a_date_shows_reads_back_as_the_same_date(value):
    date = parse(value)
    assert FuzzyDate.read(date.display()) == date


def test_a_day_nobody_wrote_is_never_invented():
    value = FuzzyDate.read("Sept 2025")
    assert value.precision == Precision.MONTH
    assert (value.start, value.end) == (dt.date(2025, 9, 1), dt.date(2025, 9, 30))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("09/10/2025", "could be 9 October 2025 or 10 September 2025: write the month as a word"),
        ("9.10.2025", "could be 9 October 2025 or 10 September 2025"),
        ("25/12/2025", "write the month as a word, as in 25 December 2025, or use ISO: 2025-12-25"),
        ("09/2025", "write the month as a word, as in September 2025, or as 2025-09"),
        ("9 September", "has no year"),
        ("September", "has no year"),
        ("Novembre 2025", "is not a date. Write it as 9 September 2025"),
        ("31 September 2025", "is not a real date"),
        ("2025-13", "is not a real date"),
        ("8 September – 2025", "both ends of a date range must have the same precision"),
        ("9–8 September 2025", "cannot be before its start"),
        ("mid-July 2025", "early, mid and late go with a year only"),
        ("2025/2026/2027", "is not a date"),
        ("", "Enter a date"),
    ],
)
def test_it_refuses_what_it_cannot_read_saying_what_to_type(text, message):
    with pytest.raises(InvalidDate, match=message):
        FuzzyDate.read(text)


def test_a_box_that_takes_no_range_says_what_early_would_mean_and_what_to_type():
    with pytest.raises(InvalidDate) as refused:
        FuzzyDate.read("by early 2026".removeprefix("by "), ranges=False)
    assert str(refused.value) == (
        "“early 2026” would read as January–April 2026, a range, and this box takes a single date: "
        "type one month, such as April 2026, or the year, 2026."
    )


def test_a_box_that_takes_no_range_refuses_one_showing_how_it_reads():
    with pytest.raises(InvalidDate, match="not a range. “8-9 Sept 2025” reads as 8–9 September 2025"):
        FuzzyDate.read("8-9 Sept 2025", ranges=False)


def test_a_whole_day_is_read_into_a_date_and_a_month_or_year_is_refused():
    assert read_day("9 September 2025") == dt.date(2025, 9, 9)
    assert read_day("2025-09-09") == dt.date(2025, 9, 9)
    with pytest.raises(InvalidDate, match="“September 2025” is a month; this date needs the day"):
        read_day("September 2025")
    with pytest.raises(InvalidDate, match="“2025” is a year; this date needs the day"):
        read_day("2025")
    with pytest.raises(InvalidDate, match="cannot be approximate"):
        read_day("c. 9 September 2025")
