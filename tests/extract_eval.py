"""Scoring the extractor against the labelled articles in ``tests/articles``: plain data, no
database, so that ``conftest`` can print the figures whichever process computed them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from relations.names import fold

ARTICLES = Path(__file__).resolve().parent / "articles"
# The categories held to a bar (recall at least 90%, wrong proposals at most 5%).
SCORED = (
    "countries",
    "officials",
    "offices",
    "dates",
    "event_date",
    "place",
    "amounts",
    "sessions",
    "statements",
    "pledge_parties",
)
REPORTED = ("sectors",)
FIGURES = pytest.StashKey[dict]()


@dataclass
class Article:
    name: str
    text: str
    published_on: str
    known: dict
    expected: dict


def articles() -> list[Article]:
    found = []
    for path in sorted(ARTICLES.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        text = path.with_suffix(".txt").read_text(encoding="utf-8")
        found.append(Article(path.stem, text, data["published_on"], data.get("known", {}), data["expected"]))
    return found


def labelled(article: Article, category: str) -> set:
    items = article.expected.get(category, [])
    if category == "offices":
        return {(fold(name), fold(office)) for name, office in (items or {}).items()}
    if category == "event_date":
        return {(items["edtf"], items["precision"])} if items else set()
    if category == "place":
        return {(fold(items["name"]), items["country"])} if items else set()
    if category == "officials":
        return {fold(name) for name in items}
    if category == "dates":
        return {(item["edtf"], item["precision"]) for item in items}
    if category == "amounts":
        return {(Decimal(item["amount"]), item["currency"]) for item in items}
    if category == "sessions":
        return {(item["number"], item.get("commission")) for item in items}
    return set(items)


def proposed(proposals, category: str) -> set:
    if category == "countries":
        return {item.code for item in proposals.countries}
    if category == "officials":
        return {fold(item.name) for item in proposals.officials}
    if category == "offices":
        return {(fold(item.name), fold(item.office)) for item in proposals.officials if item.office}
    if category == "event_date":
        date = proposals.event.date
        return {(date.edtf(), date.precision.label)} if date else set()
    if category == "place":
        event = proposals.event
        return {(fold(event.place), event.place_country)} if event.place else set()
    if category == "dates":
        return {(item.date.edtf(), item.date.precision.label) for item in proposals.dates}
    if category == "amounts":
        return {(item.amount, item.currency) for item in proposals.amounts}
    if category == "sessions":
        return {(item.number, item.commission) for item in proposals.sessions}
    return {item.slug for item in proposals.sectors}


def _speaker(words: str) -> str:
    folded = fold(words)
    return folded[4:] if folded.startswith("the ") else folded


def _starts(text: str, beginning: str) -> bool:
    return fold(text).lstrip("“\"‘' ").startswith(fold(beginning).lstrip("“\"‘' "))


def score_statements(article: Article, proposals) -> Score:
    """A labelled quotation is found by a proposal that starts with its words and names its
    speaker; a proposal that matches no label is wrong (two merged into one lose the second)."""
    labels = [
        (_speaker(item["speaker"]), item["starts_with"]) for item in article.expected.get("statements", [])
    ]
    quotes = [(_speaker(quote.speaker), quote.text) for quote in proposals.quotes]

    def matches(label, quote) -> bool:
        return label[0] == quote[0] and _starts(quote[1], label[1])

    missed = [label for label in labels if not any(matches(label, quote) for quote in quotes)]
    extra = [quote for quote in quotes if not any(matches(label, quote) for label in labels)]
    return Score(
        labelled=len(labels),
        found=len(labels) - len(missed),
        proposed=len(quotes),
        wrong=len(extra),
        missed=[str(item) for item in missed],
        extra=[str(item) for item in extra],
    )


def score_pledge_parties(article: Article, proposals) -> Score:
    """Each labelled pledge against the proposed pledge sentence that starts with the same words:
    found when the parties are the same; proposed with other parties, wrong. Sentences proposed as
    pledges that are not labelled are counted on the ``pledges`` line instead."""
    result = Score()
    for item in article.expected.get("pledge_parties", []):
        result.labelled += 1
        pledge = next((p for p in proposals.pledges if _starts(p.text, item["starts_with"])), None)
        if pledge is None:
            result.missed.append(f"{item['starts_with']!r}: no pledge")
            continue
        result.proposed += 1
        if set(pledge.countries) == set(item["parties"]):
            result.found += 1
        else:
            result.wrong += 1
            result.extra.append(f"{item['starts_with']!r}: {pledge.countries} for {item['parties']}")
    return result


def score_category(article: Article, proposals, category: str) -> Score:
    if category == "statements":
        return score_statements(article, proposals)
    if category == "pledge_parties":
        return score_pledge_parties(article, proposals)
    return score(labelled(article, category), proposed(proposals, category))


@dataclass
class Score:
    labelled: int = 0
    found: int = 0
    proposed: int = 0
    wrong: int = 0
    missed: list = field(default_factory=list)
    extra: list = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.labelled += other.labelled
        self.found += other.found
        self.proposed += other.proposed
        self.wrong += other.wrong

    @property
    def recall(self) -> float:
        return self.found / self.labelled if self.labelled else 1.0

    @property
    def wrong_share(self) -> float:
        return self.wrong / self.proposed if self.proposed else 0.0


def score(expected: set, got: set) -> Score:
    return Score(
        labelled=len(expected),
        found=len(expected & got),
        proposed=len(got),
        wrong=len(got - expected),
        missed=sorted(map(str, expected - got)),
        extra=sorted(map(str, got - expected)),
    )


def figures_lines(figures: dict) -> list[str]:
    """The table ``make test`` prints: per category, then overall."""
    lines = [
        f"Extractor on {figures['articles']} labelled articles (tests/articles), "
        f"slowest extraction {figures['slowest_ms']:.0f} ms of CPU:",
        f"  {'':<14} {'found':>9} {'recall':>7}   {'wrong':>9} {'wrong %':>7}",
    ]
    for category, row in figures["categories"].items():
        lines.append(
            f"  {category:<14} {row['found']:>4}/{row['labelled']:<4} {row['recall']:>6.1%}"
            f"   {row['wrong']:>4}/{row['proposed']:<4} {row['wrong_share']:>6.1%}"
        )
    pledges = figures["pledges"]
    lines.append(f"  pledges        {pledges['proposed']} sentences proposed, {pledges['labelled']} labelled")
    return lines


def as_row(total: Score) -> dict:
    return {
        "labelled": total.labelled,
        "found": total.found,
        "recall": total.recall,
        "proposed": total.proposed,
        "wrong": total.wrong,
        "wrong_share": total.wrong_share,
    }
