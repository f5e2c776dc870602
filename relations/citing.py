"""How to cite a record of the tracker: plain text, BibTeX (biblatex) and CSL-JSON.

A `Citable` is what a citation needs of an event, a pledge or a commission: its title, its
permanent URL (one that survives a change of slug), the day it last changed and the sources it
rests on. The formats are built from it and the day the reader accessed it; nothing here reads
the database beyond the attributes of the records it is given, or knows of requests and views.

Dates keep their precision: a source published "in July 2025" is cited as ``2025-07`` (biblatex
``date``, CSL ``date-parts`` of two parts, "July 2025" in text), never as a made-up day. The
tracker keeps no authors for its sources, so none is written; the publisher stands for them.

BibTeX is written for biblatex (``@online`` with ``url`` and ``urldate``; a newspaper or wire story
is an ``@article`` in its ``journaltitle``), in UTF-8, with keys made from the record's id, so a
key stays the same when a title or slug changes: ``dtt-event-12``, ``dtt-source-7``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from relations.dates import FuzzyDate

SITE = "Diplomatic Ties Tracker"

#: Source kinds (`Source.Kind` values) written as a story in a periodical.
ARTICLE_KINDS = {"newspaper", "wire"}

#: The CSL item type of each source kind; any other kind is a "document".
CSL_TYPES = {
    "newspaper": "article-newspaper",
    "wire": "article-newspaper",
    "broadcaster": "broadcast",
    "online": "webpage",
    "research": "report",
}

#: TeX's special characters, written so that they print as themselves.
_TEX = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


@dataclass(frozen=True)
class CitedSource:
    key: str
    title: str
    publisher: str
    published_on: FuzzyDate | None
    url: str
    kind: str
    language: str = ""


@dataclass(frozen=True)
class Citable:
    key: str
    kind: str  # "event", "pledge" or "commission"
    title: str
    url: str  # absolute and permanent
    changed: dt.date
    sources: list[CitedSource] = field(default_factory=list)


# From the records -------------------------------------------------------------------------------


def cited_source(source) -> CitedSource:
    return CitedSource(
        key=f"dtt-source-{source.pk}",
        title=source.title,
        publisher=source.publisher,
        published_on=source.published_on,
        url=source.url,
        kind=str(source.kind),
        language=source.language,
    )


def _unique_sources(sources) -> list[CitedSource]:
    seen, cited = set(), []
    for source in sources:
        if source.pk not in seen:
            seen.add(source.pk)
            cited.append(cited_source(source))
    return cited


def event_citable(event, *, url: str) -> Citable:
    """Reads ``event.citations.all()`` with each citation's source: prefetch them."""
    return Citable(
        key=f"dtt-event-{event.pk}",
        kind="event",
        title=event.title,
        url=url,
        changed=event.updated_at.date(),
        sources=_unique_sources(citation.source for citation in event.citations.all()),
    )


def pledge_citable(pledge, *, url: str) -> Citable:
    """The pledge's own sources, then those of its status changes, each once. Reads
    ``pledge.citations.all()`` and ``pledge.status_changes.all()`` with theirs: prefetch them."""
    own = [citation.source for citation in pledge.citations.all()]
    changes = [c.source for change in pledge.status_changes.all() for c in change.citations.all()]
    return Citable(
        key=f"dtt-pledge-{pledge.pk}",
        kind="pledge",
        title=pledge.title,
        url=url,
        changed=pledge.updated_at.date(),
        sources=_unique_sources(own + changes),
    )


def commission_citable(commission, *, url: str, sources) -> Citable:
    """A commission has no citations of its own: it rests on the sources of its sessions."""
    return Citable(
        key=f"dtt-commission-{commission.pk}",
        kind="commission",
        title=commission.name,
        url=url,
        changed=commission.updated_at.date(),
        sources=_unique_sources(sources),
    )


# Plain text -------------------------------------------------------------------------------------


def long_date(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def text_parts(citable: Citable, accessed: dt.date) -> tuple[str, str, str]:
    """The citation in plain text in three pieces, the middle one the date accessed (a page can
    mark it to be brought up to the reader's day)."""
    before = (
        f"“{citable.title}.” {SITE}, {citable.kind} record, last changed "
        f"{long_date(citable.changed)}. {citable.url}. Accessed "
    )
    return before, long_date(accessed), "."


def plain_text(citable: Citable, accessed: dt.date) -> str:
    return "".join(text_parts(citable, accessed))


def source_text(source: CitedSource) -> str:
    """``Arab News. “Title.” July 2025. https://…``: the date as precise as it is known."""
    parts = [f"{source.publisher}.", f"“{source.title}.”"]
    if source.published_on is not None:
        parts.append(f"{source.published_on.display()}.")
    if source.url:
        parts.append(source.url)
    return " ".join(parts)


# BibTeX -----------------------------------------------------------------------------------------


def bibtex_escape(text: str) -> str:
    """Text as a BibTeX field value that prints as written; other characters stay UTF-8."""
    return "".join(_TEX.get(char, char) for char in " ".join(text.split()))


def bibtex_url(url: str) -> str:
    """A URL for biblatex's verbatim ``url`` field: only what would unbalance the entry (braces,
    backslashes, spaces) is percent-encoded."""
    for char, code in (("{", "%7B"), ("}", "%7D"), ("\\", "%5C"), (" ", "%20")):
        url = url.replace(char, code)
    return url


def _entry(kind: str, key: str, fields: list[tuple[str, str]]) -> str:
    width = max(len(name) for name, _ in fields)
    lines = ",\n".join(f"  {name.ljust(width)} = {{{value}}}" for name, value in fields)
    return f"@{kind}{{{key},\n{lines}\n}}\n"


def bibtex_record(citable: Citable, accessed: dt.date) -> str:
    # Double braces keep the title's capitals (country names) as written.
    return _entry(
        "online",
        citable.key,
        [
            ("title", "{" + bibtex_escape(citable.title) + "}"),
            ("organization", SITE),
            ("date", citable.changed.isoformat()),
            ("url", bibtex_url(citable.url)),
            ("urldate", accessed.isoformat()),
            ("note", f"{citable.kind.capitalize()} record"),
        ],
    )


def bibtex_source(source: CitedSource) -> str:
    fields = [("title", "{" + bibtex_escape(source.title) + "}")]
    if source.kind in ARTICLE_KINDS:
        kind = "article"
        fields.append(("journaltitle", bibtex_escape(source.publisher)))
    else:
        kind = "online" if source.url else "misc"
        fields.append(("organization", bibtex_escape(source.publisher)))
    if source.published_on is not None:
        fields.append(("date", source.published_on.edtf()))
    if source.url:
        fields.append(("url", bibtex_url(source.url)))
    return _entry(kind, source.key, fields)


def bibtex(citable: Citable, accessed: dt.date) -> str:
    """The record, then each source it rests on."""
    return "\n".join([bibtex_record(citable, accessed), *(bibtex_source(s) for s in citable.sources)])


# CSL-JSON ---------------------------------------------------------------------------------------


def _parts(day: dt.date, precision: int) -> list[int]:
    return [day.year, day.month, day.day][: precision - 8]  # 9 year, 10 month, 11 day


def csl_date(value: FuzzyDate) -> dict:
    """CSL's date: one ``date-parts`` entry per end, each as long as the precision."""
    parts = [_parts(value.start, value.precision)]
    if value.is_range:
        parts.append(_parts(value.last_start, value.precision))
    date = {"date-parts": parts}
    if value.approximate:
        date["circa"] = True
    return date


def csl_day(day: dt.date) -> dict:
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_record(citable: Citable, accessed: dt.date) -> dict:
    return {
        "id": citable.key,
        "type": "webpage",
        "title": citable.title,
        "container-title": SITE,
        "genre": f"{citable.kind} record",
        "issued": csl_day(citable.changed),
        "accessed": csl_day(accessed),
        "URL": citable.url,
    }


def csl_source(source: CitedSource) -> dict:
    kind = CSL_TYPES.get(source.kind, "document")
    item = {"id": source.key, "type": kind, "title": source.title}
    # A story's outlet is where it appeared; a statement's or report's is who issued it.
    item["container-title" if kind in {"article-newspaper", "broadcast", "webpage"} else "publisher"] = (
        source.publisher
    )
    if source.published_on is not None:
        item["issued"] = csl_date(source.published_on)
    if source.url:
        item["URL"] = source.url
    if source.language:
        item["language"] = source.language
    return item


def csl_items(citable: Citable, accessed: dt.date) -> list[dict]:
    """The record, then each source it rests on: a CSL-JSON array."""
    return [csl_record(citable, accessed), *(csl_source(s) for s in citable.sources)]


def csl_text(items: list[dict]) -> str:
    """CSL-JSON with one field a line, each value (a date too) on its own line."""
    rows = (
        ",\n".join(
            f"    {json.dumps(name)}: {json.dumps(value, ensure_ascii=False)}" for name, value in item.items()
        )
        for item in items
    )
    return "[\n" + ",\n".join("  {\n" + row + "\n  }" for row in rows) + "\n]\n"


def csl_json(citable: Citable, accessed: dt.date) -> str:
    return csl_text(csl_items(citable, accessed))
