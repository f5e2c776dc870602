"""Links to records, built from an address reversed once rather than once per row.

A list of 50 events names each one's API address and page: 100 `reverse()` calls, each walking the
URL patterns to produce the same text around a different slug. `record_path` reverses a view once
per URL configuration and script prefix, with a marker for its one argument, and then fills in the
value; the answer is `reverse()`'s exactly (tests/test_api_links.py). A value the memo cannot vouch
for (anything but letters, digits, hyphens and underscores) goes through `reverse()` itself, as do
the rare requests whose links `reverse()` alters (a format suffix or ``?format=``, versioning).
"""

from __future__ import annotations

import re
from functools import cache
from typing import NamedTuple

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.encoding import iri_to_uri
from rest_framework import serializers
from rest_framework.settings import api_settings

from relations.api.fields import PagePathField

# Characters that every converter and pattern of this project's addresses takes as they are:
# neither `reverse()` nor `iri_to_uri()` changes them.
_PLAIN = re.compile(r"[-a-zA-Z0-9_]+")
_DIGITS = re.compile(r"[0-9]+")
_MARK = "7305521946"  # a value every slug, text or number pattern accepts


class _Template(NamedTuple):
    head: str
    tail: str
    accepts: re.Pattern  # the values that fill it as `reverse()` would


@cache
def _template(urlconf, prefix: str, view_name: str, kwarg: str) -> _Template | None:
    def path(value: str) -> str:
        return reverse(view_name, urlconf=urlconf, kwargs={kwarg: value})

    try:
        marked = path(_MARK)
        if marked.count(_MARK) != 1 or path("1") != marked.replace(_MARK, "1"):
            return None
    except NoReverseMatch:
        return None
    head, tail = marked.split(_MARK)
    try:
        accepts = _PLAIN if path("a-Z_0") == f"{head}a-Z_0{tail}" else _DIGITS
    except NoReverseMatch:
        accepts = _DIGITS  # a number's address
    return _Template(head, tail, accepts)


def memo(view_name: str, kwarg: str) -> _Template | None:
    """The view's address around its argument, for the current URL configuration and script
    prefix; ``None`` when it cannot be filled in without `reverse()`."""
    return _template(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), view_name, kwarg)


def record_path(view_name: str, kwarg: str, value) -> str:
    """``reverse(view_name, kwargs={kwarg: value})``, without walking the URL patterns again."""
    text = str(value)
    template = memo(view_name, kwarg)
    if template is None or not template.accepts.fullmatch(text) or isinstance(value, bool):
        return reverse(view_name, kwargs={kwarg: value})
    return template.head + text + template.tail


class MemoLinks:
    """For DRF's hyperlinked fields: the same absolute URL, from `record_path` and the request's
    scheme and host read once per field and request."""

    def get_url(self, obj, view_name, request, format):
        if (
            format
            or request is None
            or getattr(request, "versioning_scheme", None) is not None
            or (api_settings.URL_FORMAT_OVERRIDE and api_settings.URL_FORMAT_OVERRIDE in request.GET)
            or memo(view_name, self.lookup_url_kwarg) is None  # such as a country's: two letters
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
