import datetime as dt

import pytest

from relations.dates import FuzzyDate, InvalidDate, Precision, parse, parse_bound


def d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


class TestParsing:
    def test_a_year_covers_the_whole_year(self):
        value = parse("1975")
        assert (value.start, value.end, value.precision) == (d("1975-01-01"), d("1975-12-31"), Precision.YEAR)

    def test_a_month_covers_the_whole_month(self):
        value = parse("2024-02")
        assert (value.start, value.end, value.precision) == (
            d("2024-02-01"),
            d("2024-02-29"),
            Precision.MONTH,
        )

    def test_a_day_is_one_day(self):
        value = parse("2025-07-09")
        assert (value.start, value.end, value.precision) == (d("2025-07-09"), d("2025-07-09"), Precision.DAY)

    def test_a_day_range_keeps_both_ends(self):
        value = parse("2025-09-08/2025-09-09")
        assert (value.start, value.end, value.is_range) == (d("2025-09-08"), d("2025-09-09"), True)

    def test_a_month_range_ends_on_the_last_day_of_its_last_month(self):
        assert parse("2025-07/2025-08").end == d("2025-08-31")

    @pytest.mark.parametrize("text", ["c. 1975", "~1975", "1975~", "circa 1975"])
    def test_approximate_markers_are_understood(self, text):
        value = parse(text)
        assert value.approximate and value.precision == Precision.YEAR

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("", "Enter a date"),
            ("July 2025", "is not a date"),
            ("2025-13", "not a real date"),
            ("2025-02-30", "not a real date"),
            ("2025-09-09/2025-09-08", "cannot be before its start"),
            ("2025-09/2025-09-10", "same precision"),
            ("2025/2026/2027", "is not a date"),
            ("25-07", "is not a date"),
        ],
    )
    def test_it_refuses_what_is_not_a_date_with_a_clear_message(self, text, message):
        with pytest.raises(InvalidDate, match=message):
            parse(text)

    def test_a_month_precision_date_cannot_carry_a_day(self):
        with pytest.raises(InvalidDate, match="month-precision date cannot carry a day"):
            FuzzyDate(d("2025-07-15"), d("2025-07-31"), Precision.MONTH)

    def test_a_year_precision_date_cannot_carry_a_month(self):
        with pytest.raises(InvalidDate, match="cannot carry a month or day"):
            FuzzyDate(d("1975-03-01"), d("1975-12-31"), Precision.YEAR)

    def test_it_refuses_an_end_before_its_start(self):
        with pytest.raises(InvalidDate, match="before its start"):
            FuzzyDate(d("2025-09-09"), d("2025-09-08"), Precision.DAY)


class TestDisplay:
    @pytest.mark.parametrize(
        ("text", "shown"),
        [
            ("2025-07", "July 2025"),
            ("2025-07-09", "9 July 2025"),
            ("1975", "1975"),
            ("c. 1975", "c. 1975"),
            ("2025-09-08/2025-09-09", "8–9 September 2025"),
            ("2025-05-07/2025-05-10", "7–10 May 2025"),
            ("2025-08-30/2025-09-02", "30 August – 2 September 2025"),
            ("2024-12-30/2025-01-02", "30 December 2024 – 2 January 2025"),
            ("2025-05/2025-06", "May–June 2025"),
            ("2019/2021", "2019–2021"),
        ],
    )
    def test_it_shows_only_what_was_reported(self, text, shown):
        assert parse(text).display() == shown

    def test_a_month_is_never_shown_as_its_first_day(self):
        assert "1 July" not in str(parse("2025-07"))


class TestEdtf:
    @pytest.mark.parametrize(
        ("text", "edtf"),
        [
            ("2025", "2025"),
            ("2025-07", "2025-07"),
            ("2025-07-09", "2025-07-09"),
            ("2025-09-08/2025-09-09", "2025-09-08/2025-09-09"),
            ("2025-05/2025-06", "2025-05/2025-06"),
            ("c. 1975", "1975~"),
        ],
    )
    def test_it_writes_extended_date_time_format(self, text, edtf):
        assert parse(text).edtf() == edtf

    @pytest.mark.parametrize(
        "text", ["2025", "2025-07", "2025-07-09", "2025-09-08/2025-09-09", "1975~", "2025-09-08~/2025-09-10~"]
    )
    def test_edtf_reads_back_to_the_same_value(self, text):
        value = parse(text)
        assert parse(value.edtf()) == value


class TestOrderingAndOverlap:
    def test_values_sort_by_their_first_possible_day(self):
        values = [parse(t) for t in ("2025-09-08/2025-09-09", "2025", "2025-07", "2025-07-09")]
        assert [v.edtf() for v in sorted(values, key=lambda v: v.start)] == [
            "2025",
            "2025-07",
            "2025-07-09",
            "2025-09-08/2025-09-09",
        ]

    def test_a_month_matches_a_day_inside_it(self):
        assert parse("2025-07").overlaps(d("2025-07-15"), None)

    def test_a_month_does_not_match_a_later_month(self):
        assert not parse("2025-07").overlaps(d("2025-08-01"), None)

    def test_a_range_matches_a_window_that_touches_its_last_day(self):
        assert parse("2025-09-08/2025-09-09").overlaps(d("2025-09-09"), d("2025-12-31"))

    def test_filter_bounds_take_the_first_day_of_from_and_the_last_day_of_to(self):
        assert parse_bound("2025-07", end=False) == d("2025-07-01")
        assert parse_bound("2025-07", end=True) == d("2025-07-31")
        assert parse_bound("2025", end=True) == d("2025-12-31")

    def test_a_filter_bound_must_be_a_single_date(self):
        with pytest.raises(InvalidDate, match="single date"):
            parse_bound("2025-07/2025-08", end=False)
