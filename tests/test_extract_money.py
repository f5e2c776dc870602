"""The extractor's money rules: scale applied, currency as written, never converted."""

from __future__ import annotations

from decimal import Decimal

import pytest

from relations.extract.money import find_amounts
from relations.extract.text import Document


def amounts(text: str, mentions: list[tuple[str, int]] = ()) -> list[tuple[Decimal, str]]:
    found = find_amounts(text, sentences=Document(text).sentences, mentions=list(mentions))
    return [(item.amount, item.currency) for item in found]


@pytest.mark.parametrize(
    ("text", "amount", "currency"),
    [
        ("plans to expand trade to $5 billion.", "5000000000", "USD"),
        ("a target of US$5 billion", "5000000000", "USD"),
        ("a loan of €300 million", "300000000", "EUR"),
        ("pledged ¥10 trillion", "10000000000000", "JPY"),
        ("valued at CZK 407 billion", "407000000000", "CZK"),
        ("valued at 407 billion CZK", "407000000000", "CZK"),
        ("Britain will provide £2bn", "2000000000", "GBP"),
        ("worth $1.4bn", "1400000000", "USD"),
        ("5 billion dollars", "5000000000", "USD"),
        ("60 billion zlotys", "60000000000", "PLN"),
        ("a US$35 million program", "35000000", "USD"),
        ("R$ 4.5 billion", "4500000000", "BRL"),
        ("€500m", "500000000", "EUR"),
        ("Rs 45,000 crore", "450000000000", ""),
        ("180 billion baht", "180000000000", "THB"),
    ],
)
def test_amounts_are_scaled_and_keep_their_currency(text, amount, currency):
    assert amounts(text) == [(Decimal(amount), currency)]


def test_amounts_are_whole_decimals_when_they_are_whole():
    [(amount, _)] = amounts("$5.25 billion")
    assert str(amount) == "5250000000"


def test_the_yen_sign_is_the_yuan_when_the_text_speaks_of_yuan():
    assert amounts("projects worth ¥8.5 billion in yuan loans") == [(Decimal(8_500_000_000), "CNY")]
    text = "A loan of ¥20 billion was agreed. Beijing said the yuan loans would follow."
    assert amounts(text) == [(Decimal(20_000_000_000), "CNY")]


def test_rupees_are_those_of_the_country_named_in_their_sentence():
    text = "Pakistan will contribute Rs 120 billion. India said it would add Rs 50 billion."
    mentions = [("PK", 0), ("IN", text.index("India"))]
    assert amounts(text, mentions) == [(Decimal(120_000_000_000), "PKR"), (Decimal(50_000_000_000), "INR")]


def test_rupees_with_no_country_to_go_by_leave_the_currency_to_the_editor():
    assert amounts("It will cost Rs 50 billion.") == [(Decimal(50_000_000_000), "")]
    text = "It will cost Rs 50 billion. Pakistan and India differ."
    assert amounts(text, [("PK", text.index("Pakistan")), ("IN", text.index("India"))]) == [
        (Decimal(50_000_000_000), "")
    ]


def test_of_two_rupee_countries_in_a_sentence_the_one_named_last_before_the_amount_wins():
    text = "Pakistan and India each pledged Rs 50 billion."
    assert amounts(text, [("PK", 0), ("IN", text.index("India"))]) == [(Decimal(50_000_000_000), "INR")]


def test_a_shared_currency_word_takes_the_country_named_last_before_it():
    text = "Kenya said it would give KSh 52 billion, and Uganda pledged 1.1 trillion shillings."
    mentions = [("KE", 0), ("UG", text.index("Uganda"))]
    assert amounts(text, mentions) == [
        (Decimal(52_000_000_000), "KES"),
        (Decimal(1_100_000_000_000), "UGX"),
    ]
    text = "Cairo will issue bonds worth 50 billion Egyptian pounds."
    assert amounts(text, [("EG", text.index("Egyptian"))]) == [(Decimal(50_000_000_000), "EGP")]


def test_dollars_and_pounds_without_a_country_of_their_own_are_usd_and_gbp():
    assert amounts("It costs 3 million pounds and 2 million dollars.") == [
        (Decimal(3_000_000), "GBP"),
        (Decimal(2_000_000), "USD"),
    ]


def test_numbers_without_a_currency_are_not_money():
    text = "2.2 million tonnes, 50,000 barrels a day, 4 million refugees, the 2025 JMC, 60 percent."
    assert amounts(text) == []


def test_a_three_letter_word_that_is_no_currency_is_not_one():
    assert amounts("the 16 JMC sessions and 5 NATO members") == []
