"""Atom 1.0 documents (RFC 4287) written in one pass, as one string: the feeds of
`relations.views.feeds` and `relations.views.pledge_feed`.

The markup is what Django's syndication framework writes (`django.utils.feedgenerator.Atom1Feed`
through `xml.sax.saxutils.XMLGenerator`), byte for byte: the same elements in the same order,
attributes sorted by name, the same escaping (`escape` for text, `quoteattr` for attributes),
empty elements closed as ``<link …/>``, a refusal of XML 1.0's control characters in text, and
addresses made absolute on the host asked for. The framework cost a template render and
several dozen calls per entry and wrote the document in some 1,700 pieces, each of which the
server (waitress) sent on its own: under load a feed took seconds to go out. Here a feed is one
string, built from the entries' own text, and goes out as one piece.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

from django.http import HttpRequest, HttpResponse
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import rfc3339_date
from django.utils.http import http_date
from django.utils.translation import get_language

CONTENT_TYPE = "application/atom+xml; charset=utf-8"
NAMESPACE = "http://www.w3.org/2005/Atom"
_CONTROL = re.compile(r"[\x00-\x08\x0B-\x0C\x0E-\x1F]")


class UnserializableContentError(ValueError):
    """Text XML 1.0 cannot carry (what Django's generator raises too)."""


@dataclass
class Entry:
    title: str
    link: str  # a path on this site, or an absolute address; also the entry's id
    updated: dt.datetime
    summary: str  # HTML, escaped once more here
    categories: list[str]


def text(content: str) -> str:
    """``content`` as an element's text."""
    if content and _CONTROL.search(content):
        raise UnserializableContentError("Control characters are not supported in XML 1.0")
    return escape(content)


def element(name: str, content: str) -> str:
    return f"<{name}>{text(content)}</{name}>" if content else f"<{name}/>"


def absolute(origin: str, url: str) -> str:
    """What the framework's ``add_domain`` makes of ``url`` on ``origin`` ("http://host")."""
    if url.startswith("//"):
        return f"{origin.split('//', 1)[0]}{url}"
    if url.startswith(("http://", "https://", "mailto:")):
        return url
    return iri_to_uri(origin + url)


def origin_of(request: HttpRequest) -> str:
    return f"{'https' if request.is_secure() else 'http'}://{request.get_host()}"


def document(
    request: HttpRequest,
    *,
    title: str,
    link: str,
    feed_url: str,
    subtitle: str | None,
    author: str,
    entries: list[Entry],
) -> HttpResponse:
    """The feed as a response: one piece, with ``Last-Modified`` its newest entry's change."""
    origin = origin_of(request)
    link = iri_to_uri(absolute(origin, link))
    dates = [entry.updated for entry in entries if entry.updated]
    latest = max(dates) if dates else dt.datetime.now(tz=dt.UTC)
    language = get_language()
    root = f"xml:lang={quoteattr(language)} " if language is not None else ""
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>\n',
        f"<feed {root}xmlns={quoteattr(NAMESPACE)}>",
        element("title", title),
        f'<link href={quoteattr(link)} rel="alternate"/>',
        f'<link href={quoteattr(iri_to_uri(absolute(origin, feed_url)))} rel="self"/>',
        element("id", link),
        element("updated", rfc3339_date(latest)),
        f"<author>{element('name', author)}</author>",
    ]
    if subtitle is not None:
        parts.append(element("subtitle", subtitle))
    for entry in entries:
        url = absolute(origin, entry.link)
        parts.append(f'<entry>{element("title", entry.title)}<link href={quoteattr(url)} rel="alternate"/>')
        if entry.updated is not None:
            parts.append(element("updated", rfc3339_date(entry.updated)))
        parts.append(element("id", url))
        parts.append(
            f'<summary type="html">{text(entry.summary)}</summary>'
            if entry.summary
            else '<summary type="html"/>'
        )
        parts.extend(f"<category term={quoteattr(term)}/>" for term in entry.categories)
        parts.append("</entry>")
    parts.append("</feed>")
    response = HttpResponse("".join(parts), content_type=CONTENT_TYPE)
    response.headers["Last-Modified"] = http_date(latest.timestamp())
    return response
