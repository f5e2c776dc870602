"""The seed article and the proposals an extractor should make from it, written out by hand, so
that the review can be tested whatever the extractor finds."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

from relations.dates import FuzzyDate
from relations.extract.proposals import (
    AmountProposal,
    CountryProposal,
    DateProposal,
    OfficialProposal,
    PledgeProposal,
    Proposals,
    QuoteProposal,
    SectorProposal,
    SessionProposal,
)
from relations.extract.review import Article

TITLE = "Pakistan, Turkiye agree on closer cooperation in defense, energy, AI at ministerial talks"
PUBLISHED_ON = dt.date(2025, 9, 9)

# The article as pasted: its headline, a blank line and the body (the seed file's "Other" label left out).
TEXT = (Path(__file__).resolve().parent / "articles" / "seed-pakistan-turkiye-jmc.txt").read_text(
    encoding="utf-8"
)

TRADE = (
    "The engagement is a sign of growing cooperation between both nations, who have resolved recently "
    "to enhance defense, economic and investment relations, and announced plans to expand bilateral "
    "trade to $5 billion."
)
ENERGY = "An agreement has been reached to enhance cooperation in renewable energy, oil, gas, and LNG sectors"
AGRICULTURE = "Agriculture, food security, and health have been identified as new areas of cooperation"
TECHNOLOGY = (
    "The Pakistani commerce ministry said special emphasis was placed on boosting cooperation in IT, "
    "e-commerce, fintech, and artificial intelligence."
)
PARTNERSHIP = "Both sides resolved to transform Pakistan–Türkiye ties into a productive economic partnership"


def span(words: str, nth: int = 0, text: str = TEXT) -> tuple[int, int]:
    """Where the ``nth`` occurrence of ``words`` is in the text."""
    start = -1
    for _ in range(nth + 1):
        start = text.index(words, start + 1)
    return start, start + len(words)


def spans(words: str) -> list[tuple[int, int]]:
    found, start = [], TEXT.find(words)
    while start != -1:
        found.append((start, start + len(words)))
        start = TEXT.find(words, start + 1)
    return found


def article(**changes) -> Article:
    values = {
        "text": TEXT,
        "published_on": PUBLISHED_ON,
        "title": TITLE,
        "publisher": "Arab News",
        "url": "https://www.arabnews.com/node/2614698",
        **changes,
    }
    return Article(**values)


def seed_proposals(*, known: bool = False) -> Proposals:
    """What the article says. ``known``: the officials and the commission are named by slug, as
    the extractor does when the seed story is loaded; otherwise by name only."""
    five_billion = AmountProposal(Decimal("5000000000"), "USD", "$5 billion", [span("$5 billion")])
    return Proposals(
        countries=[
            CountryProposal("PK", "Pakistan", spans("Pakistan")),
            CountryProposal("TR", "Türkiye", spans("Turkiye") + spans("Türkiye") + spans("Turkish")),
            CountryProposal("IN", "India", spans("India")),
        ],
        officials=[
            OfficialProposal(
                "Jam Kamal Khan",
                "jam-kamal-khan" if known else None,
                "Commerce Minister",
                "PK",
                [span("Jam Kamal Khan"), span("Khan", nth=1)],
            ),
            OfficialProposal(
                "Yaşar Güler" if known else "Yasar Guler",
                "yasar-guler" if known else None,
                "Minister of National Defense",
                "TR",
                [span("Yaşar Güler"), span("Güler", nth=1)],
            ),
            OfficialProposal(
                "Hakan Fidan",
                "hakan-fidan" if known else None,
                "Foreign Minister",
                "TR",
                [span("Hakan Fidan")],
            ),
        ],
        dates=[
            DateProposal("on Tuesday", FuzzyDate.parse("2025-09-09"), [span("on Tuesday")]),
            DateProposal("in May", FuzzyDate.parse("2025-05"), [span("in May")]),
            DateProposal("in July", FuzzyDate.parse("2025-07"), [span("in July")]),
        ],
        sessions=[
            SessionProposal(
                16,
                "pakistan-turkiye-jmc" if known else None,
                "Pakistan–Türkiye Joint Ministerial Commission" if known else "Joint Ministerial Commission",
                ["PK", "TR"],
                [span("joint ministerial commission’s 16th meeting")],
            )
        ],
        amounts=[five_billion],
        sectors=[
            SectorProposal("renewable-energy", "Renewable energy", [span("renewable energy")]),
            SectorProposal("lng", "LNG", [span("LNG")]),
            SectorProposal("ai", "Artificial intelligence", [span("artificial intelligence")]),
        ],
        pledges=[
            PledgeProposal(TRADE, ["trade-and-investment"], five_billion, ["PK", "TR"], [span(TRADE)]),
            PledgeProposal(ENERGY, ["renewable-energy", "oil", "gas", "lng"], None, [], [span(ENERGY)]),
            PledgeProposal(
                AGRICULTURE, ["agriculture", "food-security", "health"], None, [], [span(AGRICULTURE)]
            ),
            PledgeProposal(
                TECHNOLOGY, ["it", "e-commerce", "fintech", "ai"], None, ["PK", "TR"], [span(TECHNOLOGY)]
            ),
        ],
        quotes=[
            QuoteProposal(ENERGY, "the commerce ministry", None, [span(ENERGY)]),
            QuoteProposal(AGRICULTURE, "the statement", None, [span(AGRICULTURE)]),
            QuoteProposal(PARTNERSHIP, "the statement", None, [span(PARTNERSHIP)]),
        ],
    )
