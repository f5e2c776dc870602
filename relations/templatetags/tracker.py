"""Display helpers: dates by their precision, flags, amounts in the house style (never converted)."""

from decimal import Decimal

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import QueryDict
from django.templatetags.static import static
from django.urls import get_script_prefix, reverse
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from relations.dates import FuzzyDate
from relations.models.targets import money_text

register = template.Library()


@register.filter
def fuzzy_time(value: FuzzyDate | None) -> SafeString | str:
    """``<time datetime="2025-07">July 2025</time>``; a range gets a <time> for each end."""
    if value is None:
        return "—"
    return format_html_join(
        "",
        "{}",
        (
            (format_html('<time datetime="{}">{}</time>', iso, text) if iso else text,)
            for text, iso in value.display_parts()
        ),
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
    return mark_safe(  # the address and the name are escaped here, the flag is a safe tag
        f'<a class="country" href="{conditional_escape(country.get_absolute_url())}">'
        f"{flag(country)}{conditional_escape(name or country.name)}</a>"
    )


# Each country's flag tag, by script prefix (a relative STATIC_URL starts with it) and code:
# `static()` gives the same answer for a process's life, unless settings change (tests).
_flags: dict[tuple[str, str], SafeString] = {}


@receiver(setting_changed)
def forget_flags(**kwargs) -> None:
    _flags.clear()


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
