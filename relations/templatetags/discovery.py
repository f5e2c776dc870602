"""What a page's head tells other programs: its link preview (Open Graph and Twitter card tags,
the canonical address) and where its data is in the API."""

from __future__ import annotations

import datetime as dt

from django import template
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, QueryDict
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from relations import previews
from relations.templatetags.tracker import esc, export_links, site_static

register = template.Library()

SITE_NAME = "Diplomatic Ties Tracker"
SITE_DESCRIPTION = (
    "Relations between countries: meetings, commissions, visits, statements, conflicts and "
    "pledges, each with its source."
)
# One card for the whole site (static/img/preview-card.png), at the size Open Graph asks for.
CARD = "img/preview-card.png"
CARD_WIDTH, CARD_HEIGHT = 1200, 630
CARD_ALT = "Diplomatic Ties Tracker: relations between countries, fact by sourced fact."
# Where a reader is in a list is not a different page.
PAGING = ("before", "page")


def absolute(request: HttpRequest, path: str) -> str:
    """``path`` as an absolute address on the host asked for; the path alone on the page that
    refuses a host not served (asking for its name again would raise again)."""
    try:
        return request.build_absolute_uri(path)
    except DisallowedHost:
        return path


def canonical_url(request: HttpRequest, *, filters: bool) -> str:
    """The page's absolute address: its path, and with ``filters`` its query string less the
    page position (a filtered timeline is a page of its own; its second page is not)."""
    query = request.GET.copy() if filters else QueryDict(mutable=True)
    for name in PAGING:
        query.pop(name, None)
    return absolute(request, f"{request.path}?{query.urlencode()}" if query else request.path)


@register.simple_tag(takes_context=True)
def preview(
    context,
    title: str = "",
    description: str = "",
    kind: str = "website",
    filters: bool = False,
    canonical: bool = True,
) -> SafeString:
    """The description, canonical link and Open Graph / Twitter card tags of a page. ``kind`` is
    og:type: "article" for one record (an event, a pledge), "website" otherwise; an error page
    has no ``canonical`` address. Written here rather than by a partial: every page has them."""
    request = context.get("request")
    url = canonical_url(request, filters=filters) if request and canonical else ""
    image = esc(absolute(request, card_url()) if request else card_url())
    title, description = esc(title or SITE_NAME), esc(description or SITE_DESCRIPTION)
    link = f'<link rel="canonical" href="{esc(url)}">\n  <meta property="og:url" content="{esc(url)}">\n  '
    return mark_safe(  # every value is escaped above
        f'<meta name="description" content="{description}">\n  {link if url else ""}'
        f'<meta property="og:site_name" content="{SITE_NAME}">\n'
        f'  <meta property="og:type" content="{esc(kind)}">\n'
        f'  <meta property="og:title" content="{title}">\n'
        f'  <meta property="og:description" content="{description}">\n'
        '  <meta property="og:locale" content="en_GB">\n'
        f'  <meta property="og:image" content="{image}">\n'
        '  <meta property="og:image:type" content="image/png">\n'
        f'  <meta property="og:image:width" content="{CARD_WIDTH}">\n'
        f'  <meta property="og:image:height" content="{CARD_HEIGHT}">\n'
        f'  <meta property="og:image:alt" content="{esc(CARD_ALT)}">\n'
        '  <meta name="twitter:card" content="summary_large_image">\n'
        f'  <meta name="twitter:title" content="{title}">\n'
        f'  <meta name="twitter:description" content="{description}">\n'
        f'  <meta name="twitter:image" content="{image}">\n'
        f'  <meta name="twitter:image:alt" content="{esc(CARD_ALT)}">'
    )


def card_url() -> str:
    """The card's static address (`site_static`: once per process and script prefix)."""
    return site_static(CARD)


@register.simple_tag(takes_context=True)
def api_list_url(context, route: str, **params) -> str:
    """The API list ``route`` as JSON with the page's filters (or ``params``): the address the
    page's JSON export link has (`export_links`)."""
    return export_links(context, route, **params)["json_url"]


@register.simple_tag
def describe_pair(a, b, summary) -> str:
    return previews.pair_description(a, b, summary)


@register.simple_tag
def describe_country(country, summary, partners) -> str:
    return previews.country_description(country, summary, len(partners))


@register.simple_tag
def describe_commission(commission, summary) -> str:
    return previews.commission_description(commission, summary)


@register.simple_tag
def describe_official(official, summary) -> str:
    return previews.official_description(official, summary)


@register.simple_tag
def describe_event(event) -> str:
    return previews.event_description(event)


@register.simple_tag
def describe_pledge(pledge) -> str:
    return previews.pledge_description(pledge)


@register.simple_tag
def sitemap_entries(urlset: list[dict]) -> SafeString:
    """The ``<url>`` entries of a sitemap section (what the sitemaps framework's own template
    writes, but its address and last change only), written in one pass: a section page of
    10,000 addresses took 2.7 s through the template's loop, its date filter and its
    ``spaceless``, against 0.6 s here (most of it the framework's own work per address)."""
    entries = []
    here = timezone.get_current_timezone()  # the day of a change as the site counts days
    for url in urlset:
        lastmod = url["lastmod"]
        if isinstance(lastmod, dt.datetime) and lastmod.tzinfo is not None:
            lastmod = lastmod.astimezone(here)
        entries.append(
            f"<url><loc>{escape(url['location'])}</loc>"
            + (f"<lastmod>{lastmod:%Y-%m-%d}</lastmod>" if lastmod else "")
            + "</url>"
        )
    return mark_safe("\n".join(entries))  # every address is escaped above
