"""The extractor on the seed article: what the issue says it must find there."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest

from relations.extract import extract
from relations.services import seed_load

pytestmark = pytest.mark.django_db

SEED_ARTICLE = Path(__file__).resolve().parent / "articles" / "seed-pakistan-turkiye-jmc.txt"


@pytest.fixture
def seed_article() -> str:
    # The seed article without its first line ("Other"), a category label, not part of the text.
    return SEED_ARTICLE.read_text(encoding="utf-8")


@pytest.fixture
def proposals(seed_article):
    seed_load()
    return extract(seed_article, dt.date(2025, 9, 9))


def test_the_seed_article_names_pakistan_turkiye_and_india(proposals, seed_article):
    assert [country.code for country in proposals.countries] == ["PK", "TR", "IN"]
    turkiye = proposals.countries[1]
    assert {seed_article[start:end] for start, end in turkiye.spans} == {"Turkiye", "Türkiye", "Turkish"}


def test_the_seed_article_names_its_three_known_officials_with_their_offices(proposals):
    found = {(o.official, o.office, o.country) for o in proposals.officials}
    assert found == {
        ("jam-kamal-khan", "Commerce Minister", "PK"),
        ("yasar-guler", "Minister of National Defense", "TR"),
        ("hakan-fidan", "Foreign Minister", "TR"),
    }


def test_surnames_alone_are_the_officials_named_before(proposals, seed_article):
    khan = next(o for o in proposals.officials if o.official == "jam-kamal-khan")
    guler = next(o for o in proposals.officials if o.official == "yasar-guler")
    assert [seed_article[s:e] for s, e in khan.spans] == ["Jam Kamal Khan", "Khan"]
    assert [seed_article[s:e] for s, e in guler.spans] == ["Yaşar Güler", "Güler"]


def test_the_seed_article_gives_tuesday_as_a_day_and_july_and_may_as_months(proposals):
    dates = {(d.text, d.date.edtf(), d.date.precision.label) for d in proposals.dates}
    assert dates == {
        ("on Tuesday", "2025-09-09", "day"),
        ("in July", "2025-07", "month"),
        ("in May", "2025-05", "month"),
    }


def test_the_seed_article_describes_the_16th_session_of_the_known_jmc(proposals):
    [session] = proposals.sessions
    assert (session.number, session.commission) == (16, "pakistan-turkiye-jmc")
    assert session.name == "Pakistan–Türkiye Joint Ministerial Commission"
    assert session.countries == ["PK", "TR"]


def test_the_seed_article_sets_a_us_5_billion_trade_target(proposals):
    [amount] = proposals.amounts
    assert (amount.amount, amount.currency, amount.text) == (Decimal(5_000_000_000), "USD", "$5 billion")
    [pledge] = [p for p in proposals.pledges if p.target]
    assert pledge.target.amount == Decimal(5_000_000_000)
    assert "trade-and-investment" in pledge.sectors
    assert pledge.countries == ["PK", "TR"]


def test_the_energy_agreement_is_a_pledge_with_its_four_sectors(proposals):
    pledge = next(p for p in proposals.pledges if "An agreement has been reached" in p.text)
    assert pledge.sectors == ["renewable-energy", "oil", "gas", "lng"]


def test_quotes_carry_who_said_them(proposals):
    speakers = [(q.speaker, " ".join(q.text.split()[:2])) for q in proposals.quotes]
    assert speakers == [
        ("the commerce ministry", "An agreement"),
        ("the statement", "Agriculture, food"),
        ("the statement", "Both sides"),
        ("Pakistan’s foreign office", "deepening strategic"),
    ]


def test_the_seed_article_costs_a_fixed_number_of_queries(seed_article, django_assert_num_queries):
    seed_load()
    with django_assert_num_queries(7):
        extract(seed_article, dt.date(2025, 9, 9))
