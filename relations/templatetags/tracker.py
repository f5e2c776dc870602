"""Display helpers: dates by their precision, flags, amounts in the house style (never converted)."""

import html
from collections.abc import Callable
from decimal import Decimal

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import QueryDict
from django.templatetags.static import static
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from relations.dates import FuzzyDate
from relations.models.targets import money_text

register = template.Library()


def esc(value) -> str:
    """`conditional_escape` without its lazy-string wrapper (a few microseconds a call, which
    a list of hundreds of rows feels): the same text."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


@register.filter
def fuzzy_time(value: FuzzyDate | None) -> SafeString | str:
    """``<time datetime="2025-07">July 2025</time>``; a range gets a <time> for each end."""
    if value is None:
        return "—"
    return mark_safe(  # every part is escaped
        "".join(
            f'<time datetime="{esc(iso)}">{esc(text)}</time>' if iso else esc(text)
            for text, iso in value.display_parts()
        )
    )


@register.filter
def flag(country) -> SafeString:
    """The country's flag (django-countries ships them as 16×11 images); decorative, so no alt.

    The width and height only reserve its shape while it loads: the stylesheet sizes it by the
    text around it (`.flag`, 0.72em), so beside a heading it grows with the heading.
    """
    key = (get_script_prefix(), country.code)
    tag = _flags.get(key)
    if tag is None:
        tag = _flags[key] = format_html(
            '<img class="flag" src="{}" alt="" width="16" height="11">',
            static(f"flags/{country.code.lower()}.gif"),
        )
    return tag


@register.simple_tag
def country_link(country, name: str = "") -> SafeString:
    """A link to ``country``'s page with its flag, named ``name`` if given (its name at a date):
    what `relations/includes/_country_link.html` writes, without a template render per link."""
    return country_linker()(country, name)


def country_linker() -> Callable[..., SafeString]:
    """`country_link` for the rows of one page: the script prefix and URLconf are read once,
    and each country's address and flag once per process (they depend on its code alone)."""
    heads = _links.setdefault((get_script_prefix(), get_resolver(get_urlconf())), {})

    def link(country, name: str = "") -> SafeString:
        head = heads.get(country.code)
        if head is None:
            head = heads[country.code] = (
                f'<a class="country" href="{esc(country.get_absolute_url())}">{flag(country)}'
            )
        return mark_safe(f"{head}{esc(name or country.name)}</a>")  # the name is escaped

    return link


# The start of each country's link (its address and flag), by script prefix and URLconf, then
# code: the same for a process's life, unless settings change (tests).
_links: dict[tuple, dict[str, str]] = {}


@register.simple_tag
def site_url(route: str) -> str:
    """``{% url route %}`` for a route that takes no argument (the header's and footer's links):
    reversed once per route, URLconf and script prefix, as `relations.paths` does for rows."""
    key = (route, get_script_prefix(), get_resolver(get_urlconf()))
    found = _site_urls.get(key)
    if found is None:
        found = _site_urls[key] = reverse(route)
    return found


@register.simple_tag
def site_static(path: str) -> str:
    """``{% static path %}`` once per path and script prefix (a relative STATIC_URL starts with
    it): the stylesheet and icon every page links."""
    key = (path, get_script_prefix())
    found = _site_statics.get(key)
    if found is None:
        found = _site_statics[key] = static(path)
    return found


# Addresses that change only with the code or settings; forgotten when settings change (tests).
_site_urls: dict[tuple, str] = {}
_site_statics: dict[tuple, str] = {}


# Each country's flag tag, by script prefix (a relative STATIC_URL starts with it) and code:
# `static()` gives the same answer for a process's life, unless settings change (tests).
_flags: dict[tuple[str, str], SafeString] = {}


@receiver(setting_changed)
def forget_flags(**kwargs) -> None:
    _flags.clear()
    _links.clear()
    _site_urls.clear()
    _site_statics.clear()


@register.filter
def count(value: int) -> str:
    """16278 -> "16,278": counts read as the home page's totals do."""
    return f"{value:,}"


@register.filter
def amount(value: Decimal | None, currency: str = "") -> str:
    """5000000000, "USD" -> "US$5 billion"; 1400000000 -> "US$1.4 billion"; 250000 -> "US$250,000":
    the house style of every page (`relations.models.targets.money_text`), never converted."""
    if value is None:
        return "—"
    return money_text(value, currency)


# The same house style under its older name: there is one format for amounts, not a long and a short.
short_amount = register.filter("short_amount", amount)


@register.inclusion_tag("relations/includes/_exports.html", takes_context=True)
def export_links(context, route: str, **params) -> dict:
    """Links to the API list ``route`` as JSON and CSV, with the page's filters (or ``params``)."""
    query = context["request"].GET.copy() if not params else QueryDict(mutable=True)
    for name in ("before", "page"):  # page position is not a filter
        query.pop(name, None)
    for name, value in params.items():
        query[name] = value
    base = reverse(route)
    return {
        "json_url": f"{base}?{query.urlencode()}" if query else base,
        "csv_url": f"{base}?{urlencode_with(query, format='csv')}",
    }


def urlencode_with(query: QueryDict, **extra: str) -> str:
    query = query.copy()
    for name, value in extra.items():
        query[name] = value
    return query.urlencode()
