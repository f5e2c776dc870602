"""Addresses of the pages that list rows link to, without a `reverse()` per row.

A list page links every row to its event, countries, officials and pledges: a few hundred
`reverse()` calls on a busy page, each of which walks the URLconf again. An `Address` reverses
its route once, with a placeholder for its one argument, and then only joins the argument
between the two halves. The answer is `reverse()`'s, character for character:
- only arguments that `reverse()` would give back as they are take the short way: ASCII letters,
  digits, ``-`` and ``_`` (digits only for an ``<int:…>`` route), which every route's converter
  accepts and which need no quoting; anything else (an IRI character, a space, a slash, an
  empty string) goes through `reverse()` itself, and so quotes or fails as it does;
- the halves are reversed again whenever the URLconf or the script prefix they were built under
  is no longer the current one (`clear_url_caches()`, another ``ROOT_URLCONF``,
  `set_script_prefix()` for a site served below a path), and forgotten on any change of
  settings (tests override them).
"""

from __future__ import annotations

import re
import weakref

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
DIGITS = re.compile(r"[0-9]+")
# Accepted by every converter (int, slug, str), and found nowhere else in a route's path.
PLACEHOLDER = "8675309012"

_addresses: weakref.WeakSet[Address] = weakref.WeakSet()


class Address:
    """``Address("relations:event-detail")("some-slug") == reverse("relations:event-detail",
    args=["some-slug"])``, at the cost of a string join."""

    def __init__(self, route: str, plain: re.Pattern = SLUG) -> None:
        self.route = route
        self.plain = plain
        self.halves: tuple | None = None  # (resolver, script prefix, head, tail)
        _addresses.add(self)

    def __call__(self, value) -> str:
        text = str(value)
        if not self.plain.fullmatch(text):
            return reverse(self.route, args=[value])
        resolver, prefix = get_resolver(get_urlconf()), get_script_prefix()
        halves = self.halves
        if halves is None or halves[0] is not resolver or halves[1] != prefix:
            head, _, tail = reverse(self.route, args=[PLACEHOLDER]).rpartition(PLACEHOLDER)
            halves = self.halves = (resolver, prefix, head, tail)
        return halves[2] + text + halves[3]

    def forget(self) -> None:
        self.halves = None


@receiver(setting_changed)
def forget_addresses(**kwargs) -> None:
    for address in list(_addresses):
        address.forget()


event_url = Address("relations:event-detail")
country_url = Address("relations:country-detail")
official_url = Address("relations:official-detail")
commission_url = Address("relations:commission-detail")
ties_url = Address("relations:ties")
pledge_url = Address("relations:pledge-detail", DIGITS)
