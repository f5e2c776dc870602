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
# The categories the issue sets a bar for (recall at least 90%, wrong proposals at most 10%).
SCORED = ("countries", "officials", "dates", "amounts")
REPORTED = ("sessions", "sectors")
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
    if category == "officials":
        return {fold(name) for name in items}
    if category == "dates":
        return {(item["edtf"], item["precision"]) for item in items}
    if category == "amounts":
        return {(Decimal(item["amount"]), item["currency"]) for item in items}
    if category == "sessions":
        return {(item["number"], item.get("commission") or item.get("name")) for item in items}
    return set(items)


def proposed(proposals, category: str) -> set:
    if category == "countries":
        return {item.code for item in proposals.countries}
    if category == "officials":
        return {fold(item.name) for item in proposals.officials}
    if category == "dates":
        return {(item.date.edtf(), item.date.precision.label) for item in proposals.dates}
    if category == "amounts":
        return {(item.amount, item.currency) for item in proposals.amounts}
    if category == "sessions":
        return {(item.number, item.commission or item.name) for item in proposals.sessions}
    return {item.slug for item in proposals.sectors}


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
        f"  {'':<10} {'found':>9} {'recall':>7}   {'wrong':>9} {'wrong %':>7}",
    ]
    for category, row in figures["categories"].items():
        lines.append(
            f"  {category:<10} {row['found']:>4}/{row['labelled']:<4} {row['recall']:>6.1%}"
            f"   {row['wrong']:>4}/{row['proposed']:<4} {row['wrong_share']:>6.1%}"
        )
    pledges = figures["pledges"]
    lines.append(f"  pledges    {pledges['proposed']} sentences proposed, {pledges['labelled']} labelled")
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
