"""The ``<url>`` entries of a sitemap section page (templates/relations/sitemap.xml)."""

from __future__ import annotations

import datetime as dt
import re

from django import template
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# What `escape` changes: an address without any is written as it is.
_ESCAPED = re.compile(r"[&<>\"']")


def day(lastmod) -> str:
    """The day of a last change as "YYYY-MM-DD" (in the site's time zone), or "" for none. The
    block sections (relations/sitemaps.py) give it as that text already."""
    if not lastmod:
        return ""
    if isinstance(lastmod, str):
        return lastmod
    if isinstance(lastmod, dt.datetime) and lastmod.tzinfo is not None:
        lastmod = lastmod.astimezone(timezone.get_current_timezone())
    return f"{lastmod:%Y-%m-%d}"


@register.simple_tag
def sitemap_urls(urlset: list[dict]) -> SafeString:
    """Each address and the day of its last change, if known, in one pass: what the sitemaps
    framework's own template writes, less the priority, change frequency and alternates this
    site gives none."""
    locations = [url["location"] for url in urlset]
    if _ESCAPED.search("".join(locations)):
        locations = [escape(location) for location in locations]
    days = [day(url["lastmod"]) for url in urlset]
    return mark_safe(  # every address is escaped above
        "\n".join(
            f"<url><loc>{location}</loc><lastmod>{when}</lastmod></url>"
            if when
            else f"<url><loc>{location}</loc></url>"
            for location, when in zip(locations, days, strict=True)
        )
    )


@register.simple_tag
def sitemap_index_entries(sitemaps: list) -> SafeString:
    """The index's ``<sitemap>`` entries, one per page of each section, in one pass: what the
    framework's own template (its loop, its ``date:"c"`` and its ``spaceless``) writes."""
    entries = []
    for site in sitemaps:
        lastmod = site.last_mod
        if lastmod:
            if isinstance(lastmod, dt.datetime) and timezone.is_aware(lastmod):
                lastmod = timezone.localtime(lastmod)  # as the template shows a time
            entries.append(
                f"<sitemap><loc>{escape(site.location)}</loc><lastmod>{lastmod.isoformat()}</lastmod></sitemap>"
            )
        else:
            entries.append(f"<sitemap><loc>{escape(site.location)}</loc></sitemap>")
    return mark_safe("".join(entries))  # every address is escaped above
