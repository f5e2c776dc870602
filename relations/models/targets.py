"""What a pledge's target is counted in: currencies, units, and how a figure reads."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

import pycountry
from django.core.exceptions import ValidationError
from django.db import models


def validate_currency(code: str) -> None:
    if pycountry.currencies.get(alpha_3=code) is None:
        raise ValidationError(f"“{code}” is not an ISO 4217 currency code (USD, EUR, TRY, PKR…).")


def validate_currencies(codes: object) -> None:
    """A list of distinct ISO 4217 codes."""
    if not isinstance(codes, list) or not all(isinstance(code, str) for code in codes):
        raise ValidationError("Give a list of ISO 4217 currency codes, e.g. [“PKR”, “TRY”].")
    for code in codes:
        validate_currency(code)
    if len({code.upper() for code in codes}) != len(codes):
        raise ValidationError("A currency is listed twice.")


def currency_codes(codes: Iterable[str]) -> list[str]:
    """``codes`` as stored: upper case, without blanks (``["usd", " pkr"]`` -> ``["USD", "PKR"]``)."""
    return [code.strip().upper() for code in codes if code and code.strip()]


class CurrencyListField(models.JSONField):
    """A list of ISO 4217 codes, stored as JSON (the same on SQLite and PostgreSQL); typed in
    forms as codes separated by commas or spaces."""

    def formfield(self, **kwargs):
        from relations.forms import CurrencyListFormField

        return super().formfield(**{"form_class": CurrencyListFormField, **kwargs})


class Unit(models.TextChoices):
    """What a target that is not money is counted in. What is counted (instructors, exchanges,
    tariff lines) is the target's measure: a new kind of thing needs no new unit.

    The list is code, not a table, because each unit decides how a figure reads (“60%”,
    “80 instructors”, “1,200 megawatts”); add one here with a migration.
    """

    PEOPLE = "people", "people"
    UNITS = "units", "units"
    PERCENT = "percent", "percent"
    MEGAWATTS = "megawatts", "megawatts"
    TONNES = "tonnes", "tonnes"
    KILOMETRES = "kilometres", "kilometres"
    HECTARES = "hectares", "hectares"
    BARRELS_PER_DAY = "barrels_per_day", "barrels per day"

    @property
    def counts_things(self) -> bool:
        """People and units count what the measure names: “80 instructors”, not “80 people”."""
        return self in (Unit.PEOPLE, Unit.UNITS)


# The house style for amounts, on every page: a symbol where English readers know it at a glance,
# else the ISO code and a space ("PKR 500 million"). ¥ is the yen, as the extractor reads it; the
# yuan keeps its code (CNY). Never a conversion: the currency is the one announced.
CURRENCY_SYMBOLS = {"USD": "US$", "EUR": "€", "GBP": "£", "JPY": "¥"}

# Large figures read in words, when the words keep every digit: 1400000000 is "1.4 billion",
# 1234567890 stays "1,234,567,890" (no rounding), and below a million a figure is written in full.
SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))
MAX_SCALED_DECIMALS = 3  # "1.125 billion"; "1.2345 billion" is shown in full instead


def figure(value: Decimal, *, money: bool = False) -> str:
    """How a number reads, with the digits it has and no more: 5000000000 -> "5 billion",
    1400000000 -> "1.4 billion" (never "1.40"), 250000 -> "250,000", 2.50 -> "2.5";
    ``money`` keeps cents where there are any ("12.50"), as prices are written."""
    value = Decimal(value)
    sign, value = ("-" if value < 0 else ""), abs(value)
    for size, word in SCALES:
        if value >= size:
            scaled = (value / size).normalize()
            if scaled.as_tuple().exponent >= -MAX_SCALED_DECIMALS:
                return f"{sign}{scaled:,f} {word}"
            break
    if money and value != value.to_integral_value():
        return f"{sign}{value:,.2f}"
    return f"{sign}{value.normalize():,f}"


def money_text(value: Decimal, currency: str) -> str:
    """5000000000, "USD" -> "US$5 billion"; 300000000, "EUR" -> "€300 million"; 250000, "PKR" ->
    "PKR 250,000"; without a currency, the figure alone."""
    text = figure(value, money=True)
    sign, text = ("-", text[1:]) if text.startswith("-") else ("", text)
    code = (currency or "").upper()
    if not code:
        return sign + text
    symbol = CURRENCY_SYMBOLS.get(code)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{code} {text}"


def quantity_text(value: Decimal | None, *, currency: str = "", unit: str = "", measure: str = "") -> str:
    """How a target or baseline reads, in the house style (`figure`, `money_text`): "US$5 billion",
    "80 instructors" (people counted, the measure naming them), "500,000 exchanges", "60% of
    tariff lines", "1,200 megawatts", "2.5 million tonnes"; "—" if there is no figure. Money is
    never converted."""
    if value is None:
        return "—"
    if currency:
        return money_text(value, currency)
    if not unit:
        return figure(value)
    unit = Unit(unit)
    if unit == Unit.PERCENT:
        return f"{figure(value)}%" + (f" of {measure}" if measure else "")
    if unit.counts_things and measure:
        return f"{figure(value)} {measure}"
    return f"{figure(value)} {unit.label}"
