"""The "Cite this" section: a record's citation split so that the page can mark the day accessed."""

from __future__ import annotations

import json

from django import template
from django.urls import reverse
from django.utils import timezone

from relations.cite_records import citable
from relations.citing import (
    bibtex_record,
    bibtex_source,
    csl_items,
    csl_text,
    source_text,
    text_parts,
)
from relations.models import Pledge

register = template.Library()

_MARK = "\u0000accessed\u0000"


def _split_json(items: list[dict]) -> tuple[str, str, str]:
    accessed, items[0]["accessed"] = items[0]["accessed"], _MARK
    before, _, after = csl_text(items).partition(json.dumps(_MARK))
    return before, json.dumps(accessed), after


@register.simple_tag(takes_context=True)
def citation_of(context, record) -> dict:
    """What ``relations/includes/_cite.html`` shows of an event, pledge or commission: the text,
    BibTeX and CSL-JSON, each as (before, the day accessed, after), the sources and the downloads.
    A commission's sources cost one query; an event's and a pledge's are those its page reads."""
    cited = citable(record, context["request"].build_absolute_uri)
    accessed = timezone.localdate()
    iso = accessed.isoformat()
    # The record's entry ends with its ``urldate`` and a note: the last date in it is the accessed.
    entry = bibtex_record(cited, accessed)
    at = entry.rindex(iso)
    sources = "".join("\n" + bibtex_source(source) for source in cited.sources)
    key = record.pk if isinstance(record, Pledge) else record.slug  # as each page is found
    return {
        "accessed": iso,
        "text": text_parts(cited, accessed),
        "bibtex": (entry[:at], iso, entry[at + len(iso) :] + sources),
        "csl": _split_json(csl_items(cited, accessed)),
        "sources": [source_text(source) for source in cited.sources],
        "bibtex_url": reverse(f"relations:{cited.kind}-cite-bibtex", args=[key]),
        "csl_url": reverse(f"relations:{cited.kind}-cite-csl", args=[key]),
        "key": cited.key,
    }
