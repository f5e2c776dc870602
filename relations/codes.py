"""Country codes and pairs of countries, as every part of the tracker reads and writes them.

A country is known by its ISO 3166-1 alpha-2 code: upper case in the database and the API
("PK"), lower case in URLs (``/countries/pk/``), any case in what people type ("pk", " Pk ").
A pair of countries is two different codes in alphabetical order, ``low`` then ``high``, however
it was given ("tr-pk", ``("TR", "pk")``): the ties page's URL (``/ties/pk-tr/``), the ``pair``
filter and the pair index (`EventPair`) all know it so. Invalid text raises `InvalidCode`, whose
message the filters and the API show as it is. This module knows nothing of models.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from relations.paths import ties_url

__all__ = ["InvalidCode", "Pair", "country_code"]


class InvalidCode(ValueError):
    """Text that is not a country code, or not a pair of them."""


class HasCode(Protocol):
    code: str


def country_code(country: str | HasCode, *, known: Collection[str] | None = None) -> str:
    """The ISO code of ``country``, upper case: a record's own (`Country`), or text of two Latin
    letters in any case, blanks around it ignored ("pk", " PK" -> "PK"). With ``known``, only
    those codes are accepted (the filters take the ISO list; pages and the API look the code up).

    Raises `InvalidCode`, quoting the text as given.
    """
    if not isinstance(country, str):
        return country.code
    text = country.strip()
    # Checked before upper-casing, which turns some single letters into two ("ß" -> "SS").
    if not (len(text) == 2 and text.isascii() and text.isalpha()) or (
        known is not None and text.upper() not in known
    ):
        raise InvalidCode(f"“{country}” is not an ISO country code (such as PK or TR).")
    return text.upper()


@dataclass(frozen=True)
class Pair:
    """Two different countries by code, ``low`` before ``high`` alphabetically.

    Built from text or two countries in any order and case (`Pair.parse`, `Pair.of`); equal
    pairs are equal and hash alike whatever order they came in, and a pair unpacks as its two
    codes (``low, high = pair``, ``Event.objects.for_pair(*pair)``).
    """

    low: str
    high: str

    def __post_init__(self) -> None:
        if not (self.low < self.high and (self.low, self.high) == tuple(map(country_code, self))):
            raise ValueError(f"Pair({self.low!r}, {self.high!r}): two codes in order; Pair.of() takes any.")

    @classmethod
    def of(cls, a: str | HasCode, b: str | HasCode, *, known: Collection[str] | None = None) -> Pair:
        """The pair of ``a`` and ``b``: records or codes, in any order and case (`country_code`)."""
        first, second = country_code(a, known=known), country_code(b, known=known)
        if first == second:
            raise InvalidCode("A pair needs two different countries.")
        return cls(*sorted((first, second)))

    @classmethod
    def parse(cls, value: str | Iterable, *, known: Collection[str] | None = None) -> Pair:
        """The pair that ``value`` names: two codes joined by a hyphen ("pk-tr", "TR-PK"), or two
        records or codes (``("pk", "tr")``); a `Pair` is itself."""
        if isinstance(value, Pair):
            return value
        parts = value.split("-") if isinstance(value, str) else list(value)
        if len(parts) != 2:
            raise InvalidCode(f"“{value}” is not a pair of country codes such as pk-tr.")
        return cls.of(*parts, known=known)

    def __iter__(self) -> Iterator[str]:
        return iter((self.low, self.high))

    def __str__(self) -> str:
        return self.slug

    @property
    def slug(self) -> str:
        """How URLs and the ``pair`` filter write it: "pk-tr"."""
        return f"{self.low}-{self.high}".lower()

    def get_absolute_url(self) -> str:
        """The ties page: ``/ties/pk-tr/``."""
        return ties_url(self.slug)
