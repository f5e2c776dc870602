"""What the article reader doubts, and says why; a pledge's due date and non-money target; one
quotation per speaker, with the speaker named. Each doubt on a realistic sentence, and not on a
sure one."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from relations.extract import extract
from relations.extract.gazetteer import Gazetteer
from relations.extract.review.article import proposals_from_json
from tests.world import load_story

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2025, 9, 9)


@pytest.fixture(scope="module")
def gazetteer(django_db_setup, django_db_blocker) -> Gazetteer:
    """What the rules look up, read once from the story; the database is left as it was found."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_story()
        found = Gazetteer.load()
        transaction.set_rollback(True)
    return found


@pytest.fixture
def read(gazetteer):
    """``extract`` against the story's names, read as of a Tuesday unless told."""

    def read(text: str, published_on: dt.date = TUESDAY):
        return extract(text, published_on, gazetteer=gazetteer)

    return read


def by_name(items, **wanted):
    [found] = [item for item in items if all(getattr(item, key) == value for key, value in wanted.items())]
    return found


# Officials ------------------------------------------------------------------------------------


def test_a_new_official_known_by_one_word_after_a_title_is_doubtful(read):
    proposals = read("Kenya and Uganda agreed on Tuesday to expand trade. President Ali said it went well.")
    ali = by_name(proposals.officials, name="Ali")
    assert (ali.official, ali.doubt) == (None, "a single word after a title")


def test_a_full_name_or_a_known_officials_surname_after_a_title_is_sure(read):
    proposals = read(
        "Pakistan and Türkiye agreed on Tuesday to expand trade. Foreign Minister Dar and Kenyan "
        "President Samuel Kiprotich welcomed it."
    )
    dar = by_name(proposals.officials, official="ishaq-dar")
    assert (dar.name, dar.office, dar.doubt) == ("Ishaq Dar", "Foreign Minister", "")
    assert by_name(proposals.officials, name="Samuel Kiprotich").doubt == ""


def test_one_word_after_a_title_is_the_person_named_in_full_before_and_sure(read):
    proposals = read("Kenyan Trade Minister Grace Nakato met Ugandan officials. Minister Nakato spoke.")
    [nakato] = proposals.officials
    assert (nakato.name, nakato.doubt) == ("Grace Nakato", "")


# Countries, place and dates of the dateline and byline ------------------------------------------


def test_a_country_only_in_the_dateline_is_doubtful_and_so_is_the_dateline_city_as_the_place(read):
    proposals = read("KUWAIT CITY, Sept 9 (KUNA) – Pakistan and Türkiye agreed on Tuesday to expand trade.")
    assert {(c.code, c.doubt) for c in proposals.countries} == {
        ("KW", "only in the dateline"),
        ("PK", ""),
        ("TR", ""),
    }
    assert (proposals.event.place, proposals.event.doubt) == ("Kuwait City", "place only in the dateline")


def test_a_country_and_a_place_the_body_names_too_are_sure(read):
    proposals = read(
        "ISLAMABAD, Sept 9 (APP) – Pakistan and Türkiye agreed on Tuesday, at talks in Islamabad, to "
        "expand trade."
    )
    assert all(country.doubt == "" for country in proposals.countries)
    assert (proposals.event.place, proposals.event.doubt) == ("Islamabad", "")


def test_the_dateline_city_is_found_after_a_byline(read):
    text = (
        "Pakistan and Türkiye agree on trade\n\nBy Staff Reporter\n\n"
        "ISLAMABAD, Sept 9 (APP) – Pakistan and Türkiye agreed on Tuesday to expand trade."
    )
    event = read(text).event
    assert (event.place, event.place_country) == ("Islamabad", "PK")
    assert event.doubt == "place only in the dateline"


def test_a_date_only_in_the_byline_is_doubtful_and_not_the_meetings_day(read):
    text = (
        "Pakistan and Türkiye agree on trade\n\nBy Staff Reporter | Published 2 September 2025\n\n"
        "Pakistan and Türkiye agreed on Tuesday to expand trade, and will meet again in March 2026."
    )
    proposals = read(text)
    assert {(d.text, d.doubt) for d in proposals.dates} == {
        ("2 September 2025", "only in the byline"),
        ("on Tuesday", ""),
        ("March 2026", ""),
    }
    assert proposals.event.date.edtf() == "2025-09-09"


# Amounts ---------------------------------------------------------------------------------------


def test_an_amount_with_no_pledge_in_its_sentence_is_doubtful(read):
    proposals = read(
        "Trade between Pakistan and Türkiye reached $1.4 billion last year. "
        "Pakistan said it would contribute $200 million to a joint fund."
    )
    assert {(a.text, a.doubt) for a in proposals.amounts} == {
        ("$1.4 billion", "no pledge in its sentence"),
        ("$200 million", ""),
    }
    [pledge] = proposals.pledges
    assert (pledge.target.text, pledge.target.doubt) == ("$200 million", "")


def test_a_deals_value_or_an_amount_in_a_describing_clause_is_a_doubtful_target(read):
    worth = read("Dar said Pakistan would import Azerbaijani gas under a deal worth $2.1 billion.")
    assert worth.pledges[0].target.doubt == "the value of a deal, not a sum pledged"
    clause = read(
        "Czechia and Poland agreed that their companies would bid together for contracts in the two "
        "programmes, which analysts put at CZK 407 billion."
    )
    assert clause.pledges[0].target.doubt == "no pledge verb for this amount"
    offered = read("The EU also offered €45 million over four years, and India pledged to open its market.")
    assert offered.pledges[0].target.doubt == ""


# Sessions --------------------------------------------------------------------------------------


def test_a_session_of_an_unnamed_series_or_of_a_later_meeting_is_doubtful(read):
    proposals = read(
        "The foreign ministers of Türkiye, Azerbaijan and Pakistan met on Tuesday for their sixth "
        "trilateral meeting. They agreed to meet for a seventh time in Baku next year."
    )
    assert [(s.number, s.doubt) for s in proposals.sessions] == [
        (6, "the series is a guess"),
        (7, "another meeting of the series"),
    ]


def test_a_numbered_session_of_a_known_commission_is_sure(read):
    proposals = read(
        "The joint ministerial commission’s 16th meeting was co-chaired by Pakistan and Türkiye on Tuesday."
    )
    [session] = proposals.sessions
    assert (session.number, session.commission, session.doubt) == (16, "pakistan-turkiye-jmc", "")


# Pledges ---------------------------------------------------------------------------------------


def test_a_pledge_dated_to_an_earlier_meeting_is_doubtful(read):
    proposals = read(
        "Germany and Vietnam agreed on Tuesday to build a wind farm. "
        "Vietnam agreed in December 2022 to cut its reliance on coal. "
        "The ministers last met in Hanoi in May 2024, and agreed to meet again in Berlin."
    )
    assert [p.doubt for p in proposals.pledges] == [
        "",
        "made before this meeting (December 2022)",
        "made before this meeting (May 2024)",
    ]


def test_a_pledge_carries_its_due_date_as_written_and_read(read):
    proposals = read(
        "Pakistan and Türkiye agreed on Tuesday to finish the road by 2026. "
        "Pakistan pledged to open five border posts within three years. "
        "Türkiye will build a solar park by early 2026. "
        "Both sides will also open a trade office in March 2026. "
        "Both sides pledged to expand trade."
    )
    assert [(p.due_text, p.due) for p in proposals.pledges] == [
        ("by 2026", "2026"),
        ("within three years", "2028-09"),
        ("by early 2026", "2026"),
        ("March 2026", "2026-03"),
        ("", ""),
    ]


def test_a_date_from_which_a_pledge_starts_or_a_past_date_is_not_its_due_date(read):
    proposals = read("Both sides agreed to cut tariffs from 1 January 2026, as they had promised in 2019.")
    assert (proposals.pledges[0].due_text, proposals.pledges[0].due) == ("", "")


def test_a_pledge_carries_a_target_that_is_not_money(read):
    proposals = read(
        "Türkiye pledged to offer 5,000 scholarships to Pakistani students. "
        "The two sides aim to achieve a 50% rise in trade by 2027. "
        "Pakistan will build 10 MW of solar capacity. "
        "Türkiye will build 1.2 GW of wind farms. "
        "Türkiye will train 200 Pakistani engineers. "
        "Both sides agreed to cut duties on 60% of tariff lines. "
        "Both sides agreed to expand trade."
    )
    targets = [(p.target_value, p.target_unit, p.target_measure, p.target_text) for p in proposals.pledges]
    assert targets == [
        (Decimal(5000), "units", "scholarships", "5,000 scholarships"),
        (Decimal(50), "percent", "rise in trade", "50% rise in trade"),
        (Decimal(10), "megawatts", "capacity", "10 MW"),
        (Decimal(1200), "megawatts", "capacity", "1.2 GW"),
        (Decimal(200), "people", "Pakistani engineers", "200 Pakistani engineers"),
        (Decimal(60), "percent", "tariff lines", "60% of tariff lines"),
        (None, "", "", ""),
    ]


def test_a_figure_outside_the_commitments_clause_is_no_target(read):
    proposals = read(
        "The ministers said they would work with neighbours on the war in Sudan, which has driven "
        "4 million refugees abroad, and would meet again in 2026."
    )
    assert proposals.pledges[0].target_value is None


# Quotations ------------------------------------------------------------------------------------


def test_two_speakers_give_two_quotations_each_with_its_speaker_named(read):
    text = (
        "Kenyan Trade Minister Grace Nakato met Ugandan Foreign Minister Joseph Okello on Tuesday.\n"
        "“We will finish the railway,” Nakato said. “It is our road to the sea,” Okello told reporters."
    )
    quotes = read(text).quotes
    assert [(q.text, q.speaker, q.speaker_name, q.doubt) for q in quotes] == [
        ("We will finish the railway", "Nakato", "Grace Nakato", ""),
        ("It is our road to the sea", "Okello", "Joseph Okello", ""),
    ]


def test_a_quotation_that_goes_on_keeps_its_speaker_and_he_is_the_person_named_before(read):
    text = (
        "Kenyan Trade Minister Grace Nakato met Ugandan Foreign Minister Joseph Okello on Tuesday.\n"
        "“We will finish the railway,” Nakato said. “It will be done by 2030.” Okello said: “We agree.”\n"
        "Uganda's president, Yoweri Kato, welcomed the deal. “It is a good day,” he said."
    )
    quotes = read(text).quotes
    assert [(q.text, q.speaker, q.speaker_name) for q in quotes] == [
        ("We will finish the railway", "Nakato", "Grace Nakato"),
        ("It will be done by 2030.", "Nakato", "Grace Nakato"),
        ("We agree.", "Okello", "Joseph Okello"),
        ("It is a good day", "he", "Yoweri Kato"),
    ]


def test_a_quotation_without_a_speaker_says_so(read):
    [quote] = read("Talks ended on Tuesday.\n“A new chapter has opened for both countries.”").quotes
    assert (quote.speaker, quote.doubt) == ("", "no speaker named")


def test_a_known_speaker_named_family_name_first_is_named_in_full(read):
    text = "Chinese Vice Premier Zhao Renfeng met US officials.\n“The talks were candid,” Zhao said."
    [quote] = read(text).quotes
    assert (quote.speaker, quote.speaker_name) == ("Zhao", "Zhao Renfeng")


# Countries by their adjective --------------------------------------------------------------------


def test_turkish_is_turkiye_and_turkmen_is_turkmenistan(read):
    proposals = read("Turkish and Turkmen officials agreed on Tuesday to expand gas trade.")
    assert [c.code for c in proposals.countries] == ["TR", "TM"]
    proposals = read("Turkish Foreign Minister Hakan Fidan met Turkmen officials.")
    fidan = by_name(proposals.officials, official="hakan-fidan")
    assert fidan.country == "TR"


# What travels to the review page and back ---------------------------------------------------------


def test_doubts_due_dates_and_targets_survive_the_review_pages_signed_value(read):
    text = (
        "Pakistan and Türkiye agree on trade\n\nBy Staff Reporter | Published 2 September 2025\n\n"
        "Trade reached $1.4 billion last year. President Ali said Türkiye would fund 5,000 "
        "scholarships by 2026 under a deal worth $20 million. “We agree,” he said."
    )
    proposals = read(text)
    back = proposals_from_json(proposals.as_json())
    for name in ("countries", "officials", "dates", "sessions", "amounts", "sectors", "pledges", "quotes"):
        doubts = [item.doubt for item in getattr(proposals, name)]
        assert [item.doubt for item in getattr(back, name)] == doubts
    assert back.pledges == proposals.pledges
    assert back.quotes == proposals.quotes
    pledge = back.pledges[0]  # the second is “We agree”
    assert (pledge.due, pledge.target_value, pledge.target_unit) == ("2026", Decimal(5000), "units")
    assert pledge.target.doubt == "the value of a deal, not a sum pledged"
    assert {d.doubt for d in back.dates} == {"only in the byline", ""}
    assert {a.doubt for a in back.amounts} == {"no pledge in its sentence", ""}
    assert [o.doubt for o in back.officials] == ["a single word after a title"]
