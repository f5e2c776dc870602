"""What the review starts from, guessed from the proposals: a session's title and its
commission's kind, a pledge's title, and which recorded pledge a proposed one is."""

from __future__ import annotations

import re

from django.utils.text import Truncator

from relations.extract.proposals import PledgeProposal
from relations.models import Commission, Pledge, Sector
from relations.names import fold


def ordinal(number: int) -> str:
    """16 -> "16th", 21 -> "21st", 112 -> "112th"."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def commission_kind(name: str) -> str:
    """The kind of commission a name suggests: "Joint Ministerial Commission" is one."""
    folded = fold(name)
    for words, kind in (
        ("ministerial", Commission.Kind.JOINT_MINISTERIAL),
        ("strategic dialogue", Commission.Kind.STRATEGIC_DIALOGUE),
        ("summit", Commission.Kind.ANNUAL_SUMMIT),
        ("council", Commission.Kind.HIGH_LEVEL_COUNCIL),
        ("joint", Commission.Kind.JOINT),
    ):
        if words in folded:
            return kind
    return Commission.Kind.OTHER


def pledge_title(proposal: PledgeProposal, sectors: list[Sector]) -> str:
    """A short title to start from: the sectors it names, else the start of its sentence."""
    if sectors:
        # "Renewable energy" reads "renewable energy" inside a title; "LNG" and "IT" stay.
        names = [
            name if name[:2].isupper() else name[:1].lower() + name[1:] for name in (s.name for s in sectors)
        ]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
        return f"Cooperation in {listed}"
    return Truncator(" ".join(proposal.text.split()).strip('“”"')).chars(100)


def same_pledge(pledges: list[Pledge], proposal: PledgeProposal, sectors: list[Sector]) -> Pledge | None:
    """Which of the recorded session's ``pledges`` (sectors prefetched) this proposal most likely
    is: one with the same target if it names an amount; else, among those without a target, the
    one sharing most sectors (at least half of the shorter list), or else the one whose title's
    words the proposal mostly uses (60% of them)."""
    target = proposal.target
    if target is not None:
        same = (
            p for p in pledges if (p.target_amount, p.target_currency) == (target.amount, target.currency)
        )
        return next(same, None)
    pledges = [pledge for pledge in pledges if pledge.target_amount is None]
    proposed = {sector.pk for sector in sectors}
    best, best_share = None, 0.0
    for pledge in pledges:
        theirs = {sector.pk for sector in pledge.sectors.all()}
        if proposed and theirs:
            share = len(proposed & theirs) / min(len(proposed), len(theirs))
            if share >= 0.5 and share > best_share:
                best, best_share = pledge, share
    if best is None:
        said = set(_words(proposal.text))
        for pledge in pledges:
            title = _words(pledge.title)
            share = sum(word in said for word in title) / len(title) if title else 0
            if share >= 0.6 and share > best_share:
                best, best_share = pledge, share
    return best


def _words(text: str) -> list[str]:
    """The words of ``text`` that carry meaning: folded, four letters or more."""
    return [word for word in re.findall(r"\w+", fold(text)) if len(word) >= 4]
