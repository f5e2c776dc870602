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


def figure(value: Decimal) -> str:
    """5000000000 -> "5,000,000,000", 2.5 -> "2.50": as money is shown, cents only if any."""
    return f"{value:,.2f}".removesuffix(".00")


def quantity_text(value: Decimal | None, *, currency: str = "", unit: str = "", measure: str = "") -> str:
    """How a target or baseline reads: "USD 5,000,000,000", "80 instructors" (people counted, the
    measure naming them), "500,000 exchanges", "60% of tariff lines", "1,200 megawatts"; "—" if
    there is no figure. Money is never converted."""
    if value is None:
        return "—"
    if currency:
        return f"{currency} {figure(value)}"
    if not unit:
        return figure(value)
    unit = Unit(unit)
    if unit == Unit.PERCENT:
        return f"{figure(value)}%" + (f" of {measure}" if measure else "")
    if unit.counts_things and measure:
        return f"{figure(value)} {measure}"
    return f"{figure(value)} {unit.label}"
