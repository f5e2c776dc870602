"""The form fields behind every filter of `relations.filters`, and the parsing of country codes
they share.

Each field reads one parameter: ISO codes and pairs in any case, slugs in any case, an official by
slug or name, a date bound (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``). An invalid value raises a
``ValidationError`` whose message the page or API shows. Every field derives from `FilterField`,
which refuses NUL characters; `FieldFilter` accepts no other field class.
"""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django_countries.data import COUNTRIES

from relations import codes as iso
from relations.dates import InvalidDate, parse_bound
from relations.models import EventKind, Official
from relations.names import fold

COUNTRY_CHOICES = sorted(((code, str(name)) for code, name in COUNTRIES.items()), key=lambda c: c[1])


def country_code(value: str) -> str:
    """An ISO code that ISO assigns, in any case (`relations.codes.country_code`)."""
    try:
        return iso.country_code(value or "", known=COUNTRIES)
    except iso.InvalidCode as error:
        raise ValidationError(str(error), code="invalid") from None


class FilterField(forms.Field):
    """The base of every filter's form field: a value holding a NUL character is refused before
    the field reads it, since PostgreSQL refuses such text in a query (a 500, not a miss)."""

    def clean(self, value):
        values = value if isinstance(value, list | tuple) else [value]
        if any(isinstance(v, str) and "\x00" in v for v in values):
            raise ValidationError("Null characters are not allowed.", code="null_characters_not_allowed")
        return super().clean(value)


class TextField(FilterField, forms.CharField):
    """Free text, such as ``q``."""


class CountryCodesField(FilterField, forms.MultipleChoiceField):
    """One or more ISO codes, in any case."""

    def to_python(self, value) -> list[str]:
        return [country_code(v) for v in super().to_python(value) if v.strip()]

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class PairField(FilterField, forms.CharField):
    """Two different ISO codes joined by a hyphen, in any order and case: ``pk-tr``."""

    def to_python(self, value) -> iso.Pair | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return iso.Pair.parse(text, known=COUNTRIES)
        except iso.InvalidCode as error:
            raise ValidationError(str(error), code="invalid") from None


class CountryCodeFormField(FilterField, forms.CharField):
    """One ISO code, in any case."""

    def to_python(self, value) -> str | None:
        text = super().to_python(value)
        return country_code(text) if text else None


class LowerChoiceField(FilterField, forms.ChoiceField):
    def to_python(self, value) -> str:
        return super().to_python(value).strip().lower()


class SlugChoiceField(FilterField, forms.ModelChoiceField):
    """A record chosen by its slug, in any case."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("to_field_name", "slug")
        super().__init__(*args, **kwargs)
        noun = self.queryset.model._meta.verbose_name
        self.error_messages["invalid_choice"] = f"There is no {noun} “%(value)s”."

    def to_python(self, value):
        return super().to_python(value.strip().lower() if isinstance(value, str) else value)


class EventKindField(SlugChoiceField):
    """An event kind by slug, in any case; its sub-kinds listed under it."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.error_messages["invalid_choice"] = forms.ChoiceField.default_error_messages["invalid_choice"]

    def label_from_instance(self, kind: EventKind) -> str:
        return f"– {kind.name}" if kind.parent_id else kind.name


class OfficialField(FilterField, forms.CharField):
    """An official by slug, or by a name or alias that matches exactly one official."""

    def to_python(self, value) -> Official | None:
        text = super().to_python(value)
        if not text:
            return None
        found = Official.objects.filter(Q(slug=text.lower()) | Q(name_folded=fold(text))).first()
        if found is None:
            matches = list(Official.objects.matching(text)[:2])
            if len(matches) == 1:
                return matches[0]
            raise ValidationError(f"No single official matches “{text}”.", code="invalid")
        return found


class DateBoundField(FilterField, forms.CharField):
    def __init__(self, *, end: bool, **kwargs) -> None:
        self.end = end
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        text = super().to_python(value)
        if not text:
            return None
        try:
            return parse_bound(text, end=self.end)
        except InvalidDate as error:
            raise ValidationError(str(error), code="invalid") from None


class FieldFilter(django_filters.Filter):
    """A filter whose form field is given as a `FilterField` class and keyword arguments."""

    def __init__(self, *args, field_class: type[FilterField], **kwargs) -> None:
        if not issubclass(field_class, FilterField):
            raise TypeError(
                f"{field_class.__name__} is not a FilterField: it would let NUL characters through."
            )
        self.field_class = field_class
        super().__init__(*args, **kwargs)
