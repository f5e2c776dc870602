"""The article as the review shows it: every proposal marked where it was found, and the
sentences that become citation excerpts."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from relations.extract.proposals import Proposals
from relations.extract.text import sentences
from relations.models.targets import money_text

#: Each list of `Proposals` with the word its anchors and CSS classes use, innermost kind first:
#: where spans of the same length overlap, the earlier kind is the one a mark links to.
KINDS = [
    ("officials", "official"),
    ("countries", "country"),
    ("dates", "date"),
    ("amounts", "amount"),
    ("sectors", "sector"),
    ("sessions", "session"),
    ("quotes", "quote"),
    ("pledges", "pledge"),
]

#: The longest excerpt a citation holds (`Citation.excerpt`).
EXCERPT_LENGTH = 500


def proposal_id(kind: str, index: int) -> str:
    """The id of a proposal's row in the review form; the marks in the text link to it."""
    return f"proposal-{kind}-{index}"


def found_id(kind: str, index: int) -> str:
    """The id of the first place a proposal was found in the text; its row links back to it."""
    return f"found-{kind}-{index}"


def label(kind: str, item) -> str:
    """What a mark says about the proposal it stands for (its tooltip)."""
    if kind in ("official", "country", "sector"):
        return f"{kind}: {item.name}"
    if kind == "date":
        return f"date: {item.date.display()}"
    if kind == "amount":
        return f"amount: {money_text(item.amount, item.currency)}"
    if kind == "session":
        return f"session {item.number}" + (f" of {item.name}" if item.name else "")
    return kind


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    rank: int  # the kind's place in KINDS
    kind: str
    index: int
    label: str


def highlight(text: str, proposals: Proposals) -> SafeString:
    """``text``, escaped, with a ``<mark>`` wherever a proposal was found, each linked to its row.

    Spans may overlap (a name inside a quoted sentence): the text is cut at every span's start
    and end, and each piece covered by any span is one mark, which links to the narrowest
    proposal covering it and names them all in its tooltip. Spans outside the text are ignored.
    """
    found = [
        _Found(start, end, rank, kind, index, label(kind, item))
        for rank, (name, kind) in enumerate(KINDS)
        for index, item in enumerate(getattr(proposals, name))
        for start, end in item.spans
        if 0 <= start < end <= len(text)
    ]
    firsts: dict[int, list[str]] = {}
    for key in {(f.kind, f.index) for f in found}:
        start = min(f.start for f in found if (f.kind, f.index) == key)
        firsts.setdefault(start, []).append(found_id(*key))
    beginning: dict[int, list[_Found]] = {}
    for f in found:
        beginning.setdefault(f.start, []).append(f)
    cuts = sorted({0, len(text), *(f.start for f in found), *(f.end for f in found)})
    pieces, active = [], []
    for start, end in pairwise(cuts):
        # The spans covering this piece: those still open, and those opening here.
        active = [f for f in active if f.end > start] + beginning.get(start, [])
        starting = sorted(firsts.get(start, []))
        anchors = "".join(format_html('<span id="{}"></span>', name) for name in starting)
        covering = sorted(active, key=lambda f: (f.end - f.start, f.rank, f.index))
        piece = conditional_escape(text[start:end])
        if covering:
            inner = covering[0]
            classes = " ".join(["hl", f"hl-{inner.kind}", *sorted({f"hl-in-{f.kind}" for f in covering[1:]})])
            tooltip = "; ".join(dict.fromkeys(f.label for f in covering))
            piece = format_html(
                '<a href="#{}" class="hl-link"><mark class="{}" title="{}">{}</mark></a>',
                proposal_id(inner.kind, inner.index),
                classes,
                tooltip,
                piece,
            )
        pieces.append(mark_safe(anchors) + piece)
    return mark_safe("".join(pieces))


# Sentences -----------------------------------------------------------------------------------------


def sentence_at(text: str, start: int, end: int | None = None) -> str:
    """The sentence (or line) of ``text`` around ``[start, end)``, without surrounding space; cut
    as `relations.extract.text.sentences` cuts, so an abbreviation ("Gen.", "Rs.") ends none."""
    end = max(start + 1, start if end is None else end)
    around = [(s, e) for s, e in sentences(text) if s < end and start < e]
    if not around:
        return ""
    return text[around[0][0] : around[-1][1]].strip()


def excerpt(text: str) -> str:
    """``text`` cut to what a citation holds, at a word, with an ellipsis if it was longer."""
    return Truncator(" ".join(text.split())).chars(EXCERPT_LENGTH)
