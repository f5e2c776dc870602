"""Display helpers: dates by their precision, flags, amounts as entered."""

from decimal import Decimal

from django import template
from django.templatetags.static import static
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from relations.dates import FuzzyDate

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
    """The country's flag as a small image (django-countries ships them); decorative, so no alt."""
    return format_html(
        '<img class="flag" src="{}" alt="" width="16" height="11">',
        static(f"flags/{country.code.lower()}.gif"),
    )


@register.filter
def amount(value: Decimal | None, currency: str = "") -> str:
    """5000000000, "USD" -> "USD 5,000,000,000": the figure and currency as entered, never converted."""
    if value is None:
        return "—"
    figure = f"{value:,.2f}".removesuffix(".00")
    return f"{currency} {figure}".strip()


@register.filter
def short_amount(value: Decimal | None, currency: str = "") -> str:
    """5000000000, "USD" -> "USD 5 billion"."""
    if value is None:
        return "—"
    for size, word in ((10**12, "trillion"), (10**9, "billion"), (10**6, "million")):
        if abs(value) >= size:
            figure = f"{value / size:,.2f}".rstrip("0").rstrip(".")
            return f"{currency} {figure} {word}".strip()
    return amount(value, currency)
