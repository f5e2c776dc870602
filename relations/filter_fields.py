"""The form fields behind every filter of `relations.filters`, and the parsing of country codes
they share.

Each field reads one parameter: ISO codes and pairs in any case, slugs in any case, an official by
slug or name, a date bound (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``). An invalid value raises a
``ValidationError`` whose message the page or API shows. Every field derives from `FilterField`,
which refuses NUL characters; `FieldFilter` accepts no other field class.

Countries may also be typed by name (`countries_by_name`): "Pakistan", "turkiye", "Czech
Republic" and every other name or alias the tracker knows, folding case and accents. The
current names need no query (the page's suggestions are these); any other name costs one query
for all the values of a parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.forms.models import ModelChoiceIterator
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeData, mark_safe
from django_countries import countries as iso_countries
from django_countries.data import COUNTRIES

from relations import codes as iso
from relations.country_names import CURRENT_NAME_OVERRIDES
from relations.dates import InvalidDate, parse_bound
from relations.models import CountryName, EventKind, Official
from relations.names import fold

# Every country's current name, as the migrations store it (`Country.name`), known without a query.
COUNTRY_NAMES: dict[str, str] = {
    code: CURRENT_NAME_OVERRIDES.get(code) or str(iso_countries.name(code)) for code in COUNTRIES
}
_CODE_BY_NAME = {fold(name): code for code, name in COUNTRY_NAMES.items()}
# What separates the two countries of a typed pair: "pk-tr", "Pakistan – Türkiye", "Pakistan and
# Türkiye", "Pakistan/Türkiye". A name may hold one too ("Guinea-Bissau", "Trinidad and Tobago"):
# every place is tried.
_PAIR_SEPARATOR = re.compile(r"\s*(?:[-–—/,&+]|\band\b)\s*", re.IGNORECASE)


def country_code(value: str) -> str:
    """An ISO code that ISO assigns, in any case (`relations.codes.country_code`)."""
    try:
        return iso.country_code(value or "", known=COUNTRIES)
    except iso.InvalidCode as error:
        raise ValidationError(str(error), code="invalid") from None


class UnknownCountry(ValidationError):
    pass


def countries_by_name(texts: Iterable[str]) -> dict[str, str | UnknownCountry]:
    """The ISO code each text names: a code in any case, or any name or other name of a country
    (`CountryName`), folding case and accents ("PK", "pakistan", "Türkiye", "Turkey"). A text no
    country answers to, or more than one ("Korean"), maps to an `UnknownCountry` error saying so.

    No query when every text is a code or a current name; else one, for all of them.
    """
    found: dict[str, str | UnknownCountry] = {}
    asked: dict[str, list[str]] = {}  # folded -> texts
    for text in texts:
        try:
            found[text] = iso.country_code(text, known=COUNTRIES)
            continue
        except iso.InvalidCode:
            pass
        folded = fold(text)
        if folded in _CODE_BY_NAME:
            found[text] = _CODE_BY_NAME[folded]
        else:
            asked.setdefault(folded, []).append(text)
    if asked:
        codes: dict[str, set[str]] = {}
        rows = CountryName.objects.filter(folded__in=list(asked)).values_list("folded", "country_id")
        for folded, code in rows.order_by().distinct():
            codes.setdefault(folded, set()).add(code)
        for folded, texts_ in asked.items():
            matches = sorted(COUNTRY_NAMES.get(code, code) for code in codes.get(folded, ()))
            for text in texts_:
                if len(matches) == 1:
                    found[text] = next(iter(codes[folded]))
                elif matches:
                    found[text] = UnknownCountry(
                        f"“{text}” could be {' or '.join(matches)}: type the country’s name or code."
                    )
                elif len(folded) <= 2:  # meant as a code ("XX"); "UK" is a name, and found
                    found[text] = UnknownCountry(f"“{text}” is not an ISO country code (such as PK or TR).")
                else:
                    found[text] = UnknownCountry(
                        f"“{text}” is not a country name or code we know (such as Pakistan or PK)."
                    )
    return found


class CountryInputs(forms.Widget):
    """Text inputs for a repeated ``country``: one per country chosen, shown by its name, and an
    empty one to add another; each suggests country names as it is typed (a ``<datalist>``, no
    JavaScript). Reads every value of the parameter."""

    datalist_id = "country-names"

    def value_from_datadict(self, data, files, name) -> list[str]:
        getter = getattr(data, "getlist", None)
        values = getter(name) if getter else data.get(name)
        if values is None:
            return []
        return [values] if isinstance(values, str) else list(values)

    def value_omitted_from_data(self, data, files, name) -> bool:
        return False  # like SelectMultiple: no value at all is a choice of none

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        first_id = attrs.pop("id", None)
        shown = [country_shown(text) for text in (value or []) if isinstance(text, str) and text.strip()]
        inputs = []
        for i, text in enumerate([*shown, ""]):
            input_attrs = {
                **attrs,
                "type": "text",
                "name": name,
                "value": text,
                "list": self.datalist_id,
                "autocomplete": "off",
            }
            if i == 0 and first_id:
                input_attrs["id"] = first_id
            else:
                input_attrs["aria-label"] = "Another country" if i == len(shown) else "Country"
            if i == len(shown):
                input_attrs["placeholder"] = "Add a country" if shown else "A name or code"
            inputs.append(format_html("<input{}>", forms.utils.flatatt(input_attrs)))
        return format_html(
            '<span class="country-inputs">{}</span>{}',
            format_html_join("", "{}", ((i,) for i in inputs)),
            _datalist(),
        )

    def id_for_label(self, id_):
        return id_


def country_shown(text: str) -> str:
    """How an input shows a chosen country: a code or a current name in any case as the current
    name, anything else (another name, a mistake) as typed. No query."""
    try:
        return COUNTRY_NAMES[iso.country_code(text, known=COUNTRIES)]
    except iso.InvalidCode:
        return COUNTRY_NAMES.get(_CODE_BY_NAME.get(fold(text), ""), text)


_DATALIST: str | None = None


def _datalist() -> str:
    """Every country's current name, as the suggestions of the country inputs (built once: 249
    options through the template engine would cost more than the rest of the form)."""
    global _DATALIST
    if _DATALIST is None:
        options = sorted(COUNTRY_NAMES.items(), key=lambda item: fold(item[1]))
        _DATALIST = format_html(
            '<datalist id="{}">{}</datalist>',
            CountryInputs.datalist_id,
            format_html_join("", '<option value="{}" label="{}"></option>', ((n, c) for c, n in options)),
        )
    return _DATALIST


def _shown(value) -> str:
    """A value as ``{{ value|stringformat:'s' }}`` shows it: escaped unless marked safe."""
    return conditional_escape(value if isinstance(value, SafeData) else f"{value}")


def _attrs(attrs: dict) -> str:
    """Django's ``django/forms/widgets/attrs.html``, in Python."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{_shown(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


class Select(forms.Select):
    """Django's ``Select``, its HTML byte for byte, written in Python: its templates render each
    option through two template includes, which cost a filter form more than everything else
    on the timeline, and its option dicts (`ChoiceWidget.optgroups`) cost a long list most of
    what is left (tests/test_filter_widgets.py compares the two)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        if self.allow_multiple_selected:
            attrs["multiple"] = True
        chosen = self.format_value(value)
        multiple = self.allow_multiple_selected
        has_selected = False
        parts = [f'<select name="{conditional_escape(name)}"{_attrs(attrs)}>']
        for option_value, option_label in self.choices:
            if option_value is None:
                option_value = ""
            grouped = isinstance(option_label, list | tuple)
            labelled = grouped and option_value  # as the template: a group named "" has no tag
            if labelled:
                parts.append(f'\n  <optgroup label="{conditional_escape(option_value)}">')
            for subvalue, sublabel in option_label if grouped else ((option_value, option_label),):
                selected = (not has_selected or multiple) and str(subvalue) in chosen
                has_selected |= selected
                parts.append(
                    f'\n  <option value="{_shown(subvalue)}"{" selected" if selected else ""}>'
                    f"{conditional_escape(sublabel)}</option>\n"
                )
            if labelled:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")  # the renderer strips the template's last newline
        return mark_safe("".join(parts))


class TextInput(forms.TextInput):
    """Django's ``TextInput``, its HTML byte for byte, written in Python (its template and the
    attributes' cost a form of five text boxes as much as the rest of it)."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        value = self.format_value(value)
        shown = "" if value is None else f' value="{_shown(value)}"'
        return mark_safe(
            f'<input type="{conditional_escape(self.input_type)}" name="{conditional_escape(name)}"'
            f"{shown}{_attrs(attrs)}>"
        )


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

    widget = TextInput


class CountryCodesField(FilterField, forms.Field):
    """One or more countries, each an ISO code in any case or a name (`countries_by_name`), read
    as their codes in the order given."""

    widget = CountryInputs

    def to_python(self, value) -> list[str]:
        if value in self.empty_values:
            return []
        if not isinstance(value, list | tuple):
            value = [value]
        texts = [str(text) for text in value if str(text).strip()]
        found = countries_by_name(texts)
        errors = [found[text] for text in dict.fromkeys(texts) if isinstance(found[text], UnknownCountry)]
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(found[text] for text in texts))

    def validate(self, value) -> None:
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


class PairField(FilterField, forms.CharField):
    """Two different countries, in any order: codes in any case joined by a hyphen (``pk-tr``), or
    names or codes joined by a hyphen, dash, slash or "and" ("Pakistan – Türkiye")."""

    widget = TextInput

    def to_python(self, value) -> iso.Pair | None:
        text = super().to_python(value)
        if not text:
            return None
        try:
            return iso.Pair.parse(text, known=COUNTRIES)
        except iso.InvalidCode as error:
            as_codes = ValidationError(str(error), code="invalid")
        return pair_by_name(text, otherwise=as_codes)


def pair_by_name(text: str, *, otherwise: ValidationError) -> iso.Pair:
    """The pair of countries ``text`` names, split at any separator (``_PAIR_SEPARATOR``) whose
    both sides name a country; ``otherwise`` when no split does and nothing in it was a country's
    name. One query at most (`countries_by_name`)."""
    cuts = [(text[: m.start()].strip(), text[m.end() :].strip()) for m in _PAIR_SEPARATOR.finditer(text)]
    cuts = [(a, b) for a, b in cuts if a and b]
    if len(cuts) > 8:  # no two names hold so many separators: not worth a look-up
        raise otherwise
    found = countries_by_name({part for cut in cuts for part in cut})
    pairs = {
        (found[a], found[b])
        for a, b in cuts
        if isinstance(found[a], str) and isinstance(found[b], str) and found[a] != found[b]
    }
    if len(pairs) == 1:
        return iso.Pair.of(*pairs.pop())
    if len(pairs) > 1:
        raise ValidationError(f"“{text}” could be read as more than one pair: use codes, such as pk-tr.")
    for a, b in cuts:
        named, unknown = (a, b) if isinstance(found[a], str) else (b, a)
        if isinstance(found[named], str) and not isinstance(found[unknown], str):
            raise found[unknown]
        if isinstance(found[a], str) and found[a] == found[b]:
            raise ValidationError("A pair needs two different countries.", code="invalid")
    raise otherwise


class CountryCodeFormField(FilterField, forms.CharField):
    """One ISO code, in any case."""

    widget = TextInput

    def to_python(self, value) -> str | None:
        text = super().to_python(value)
        return country_code(text) if text else None


class LowerChoiceField(FilterField, forms.ChoiceField):
    widget = Select

    def to_python(self, value) -> str:
        return super().to_python(value).strip().lower()


class NamedChoices(ModelChoiceIterator):
    """A `SlugChoiceField`'s choices read as two columns, its slug and ``label_field`` (what the
    record's ``str()`` shows), rather than as a model instance each: a list of a hundred
    commissions cost the form more than the rest of it."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list(self.field.to_field_name, self.field.label_field)


class SlugChoiceField(FilterField, forms.ModelChoiceField):
    """A record chosen by its slug, in any case. With ``label_field``, each choice is shown by
    that column (which must be what the record's ``str()`` shows), read without a model instance."""

    widget = Select

    def __init__(self, *args, label_field: str | None = None, **kwargs) -> None:
        kwargs.setdefault("to_field_name", "slug")
        self.label_field = label_field
        if label_field:
            self.iterator = NamedChoices
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

    widget = TextInput

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
        kwargs.setdefault("widget", TextInput(attrs={"inputmode": "numeric"}))
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
