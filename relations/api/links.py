"""Links to records, built from an address reversed once rather than once per row.

A list of 50 events names each one's API address and page: 100 `reverse()` calls, each walking the
URL patterns to produce the same text around a different slug. `record_path` fills in the view's
`Address` (relations/paths.py, which the pages' links use too): reversed once per URL configuration
and script prefix, the answer `reverse()`'s exactly (tests/test_api_links.py). A value it cannot
vouch for (anything but letters, digits, hyphens and underscores) goes through `reverse()` itself,
as do the rare requests whose links `reverse()` alters (a format suffix or ``?format=``,
versioning).
"""

from __future__ import annotations

from functools import cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, reverse
from django.utils.encoding import iri_to_uri
from rest_framework import serializers
from rest_framework.settings import api_settings

from relations.api.fields import PagePathField
from relations.paths import DIGITS, PLACEHOLDER, SLUG, Address


@cache
def _address(view_name: str, kwarg: str) -> Address | None:
    """The view's `Address` (relations/paths.py) when its one argument may be a slug or a number;
    None for the others (a country's two letters), whose links `reverse()` builds each time."""
    try:
        reverse(view_name, kwargs={kwarg: PLACEHOLDER})
    except NoReverseMatch:
        return None
    try:
        reverse(view_name, kwargs={kwarg: "a-Z_0"})
    except NoReverseMatch:
        return Address(view_name, DIGITS)
    return Address(view_name, SLUG)


@receiver(setting_changed)
def _forget_views(**kwargs) -> None:
    _address.cache_clear()


def record_path(view_name: str, kwarg: str, value) -> str:
    """``reverse(view_name, kwargs={kwarg: value})``, without walking the URL patterns again."""
    address = _address(view_name, kwarg)
    if address is None or isinstance(value, bool) or not address.plain.fullmatch(str(value)):
        return reverse(view_name, kwargs={kwarg: value})
    return address(value)


class MemoLinks:
    """For DRF's hyperlinked fields: the same absolute URL, from `record_path` and the request's
    scheme and host read once per field and request."""

    def get_url(self, obj, view_name, request, format):
        if (
            format
            or request is None
            or getattr(request, "versioning_scheme", None) is not None
            or (api_settings.URL_FORMAT_OVERRIDE and api_settings.URL_FORMAT_OVERRIDE in request.GET)
            or _address(view_name, self.lookup_url_kwarg) is None  # such as a country's: two letters
        ):
            return super().get_url(obj, view_name, request, format)
        if hasattr(obj, "pk") and obj.pk in (None, ""):
            return None
        path = record_path(view_name, self.lookup_url_kwarg, getattr(obj, self.lookup_field))
        if not path.startswith("/") or path.startswith("//") or "/." in path:
            return request.build_absolute_uri(path)
        origin = getattr(self, "_origin", None)
        if origin is None or origin[0] is not request:
            origin = self._origin = (request, request.build_absolute_uri("/")[:-1])
        return origin[1] + iri_to_uri(path)


class RecordLinkField(MemoLinks, serializers.HyperlinkedIdentityField):
    """A record's own API address (`HyperlinkedIdentityField`)."""


class RelatedLinkField(MemoLinks, serializers.HyperlinkedRelatedField):
    """A related record's API address (`HyperlinkedRelatedField`)."""


class RecordPathField(PagePathField):
    """The path of a record's page, as its model's ``get_absolute_url()`` reverses it
    (``view_name`` with the record's ``lookup_field``), from `record_path`."""

    def __init__(self, *, view_name: str, lookup_field: str, **kwargs) -> None:
        self.view_name, self.lookup_field = view_name, lookup_field
        super().__init__(source="*", **kwargs)

    def to_representation(self, instance) -> str:
        return record_path(self.view_name, self.lookup_field, getattr(instance, self.lookup_field))
