"""Form pieces shared by admin and pages: one text box for a date with its precision."""

from __future__ import annotations

import datetime as dt
import enum

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from relations.dates import FuzzyDate, InvalidDate, Precision, read_day
from relations.models.fuzzy import fuzzy_dates_of

#: The URL name of the staff-only endpoint that reads a date box as its form would.
READING_URL_NAME = "date-box-reading"


class DateKind(enum.StrEnum):
    """What a date box takes: a day, month or year; that or a range; a whole day only."""

    SINGLE = "single"
    RANGE = "range"
    DAY = "day"


def read_date_box(text: str, kind: DateKind) -> FuzzyDate:
    """How a date box of ``kind`` reads ``text``: the one reader behind the forms, the preview
    line under each box and its endpoint. Raises `InvalidDate` with the message to show."""
    if kind == DateKind.DAY:
        return FuzzyDate.single(read_day(text), Precision.DAY)
    return FuzzyDate.read(text, ranges=kind == DateKind.RANGE)


class DateBox(forms.TextInput):
    """A text box with a line under it that says how the date will show ("will show as
    8–9 September 2025") or what is wrong. The server writes the line when the form is drawn;
    static/js/date-box.js rewrites it as the editor types, asking the same reader."""

    PLACEHOLDERS = {
        DateKind.SINGLE: "e.g. 9 Sept 2025 or 2025",
        DateKind.RANGE: "e.g. 8–9 Sept 2025",
        DateKind.DAY: "e.g. 9 Sept 2025",
    }

    class Media:
        js = ["js/date-box.js"]
        css = {"all": ["css/admin-dates.css"]}

    def __init__(self, kind: DateKind = DateKind.SINGLE, attrs: dict | None = None) -> None:
        self.kind = DateKind(kind)
        attrs = {"placeholder": self.PLACEHOLDERS[self.kind], "autocomplete": "off", **(attrs or {})}
        super().__init__(attrs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        reading_id = f"{widget_attrs.get('id') or name}_reading"
        described = [widget_attrs.get("aria-describedby", ""), reading_id]
        widget_attrs["aria-describedby"] = " ".join(part for part in described if part)
        widget_attrs["data-date-box"] = self.kind.value
        try:
            widget_attrs["data-reading-url"] = reverse(READING_URL_NAME)
        except NoReverseMatch:  # a site without the endpoint keeps the server's line
            pass
        context["widget"]["reading_id"] = reading_id
        return context

    def render(self, name, value, attrs=None, renderer=None):
        context = self.get_context(name, value, attrs)
        box = self._render(self.template_name, context, renderer)
        text = self.format_value(value)
        reading = ""
        if text:
            try:
                reading = f"will show as {read_date_box(text, self.kind).display()}"
            except InvalidDate:
                reading = ""  # the form's own error list says what is wrong
        return format_html(
            '<span class="date-box">{}<span class="date-box-reading" id="{}" aria-live="polite">{}</span>'
            "</span>",
            box,
            context["widget"]["reading_id"],
            reading,
        )


class FuzzyDateFormField(forms.CharField):
    """One box for a date with its precision, read as people write it (`FuzzyDate.read`):
    "9 September 2025", "Sept 2025", "2025", "c. 1975", EDTF, and where ``ranges`` allows,
    "8–9 September 2025" or "early 2026"."""

    def __init__(self, *, ranges: bool = False, **kwargs) -> None:
        self.ranges = ranges
        kwargs.setdefault("widget", DateBox(DateKind.RANGE if ranges else DateKind.SINGLE))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return value.edtf() if isinstance(value, FuzzyDate) else value

    def to_python(self, value) -> FuzzyDate | None:
        if isinstance(value, FuzzyDate):
            return value
        text = super().to_python(value)
        if not text:
            return None
        try:
            return read_date_box(text, DateKind.RANGE if self.ranges else DateKind.SINGLE)
        except InvalidDate as error:
            raise ValidationError(str(error), code="invalid") from None


class DayFormField(forms.DateField):
    """A plain date (a name's validity) in the same box: "9 September 2025" or 2025-09-09 is
    read into a day; a month, a year, a range or an approximate date is refused, saying so."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("widget", DateBox(DateKind.DAY))
        super().__init__(**kwargs)

    def to_python(self, value) -> dt.date | None:
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = (value or "").strip() if isinstance(value, str) else value
        if not text:
            return None
        try:
            return read_day(str(text))
        except InvalidDate as error:
            raise ValidationError(str(error), code="invalid") from None


class CurrencyListFormField(forms.CharField):
    """ISO 4217 codes typed in one box, separated by commas or spaces: "pkr, TRY" is
    ``["PKR", "TRY"]``. The model's validators check each code."""

    def __init__(self, *, encoder=None, decoder=None, **kwargs) -> None:
        kwargs.setdefault("widget", forms.TextInput(attrs={"placeholder": "PKR, TRY"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        return ", ".join(value) if isinstance(value, list) else value

    def to_python(self, value) -> list[str]:
        if isinstance(value, list):
            return value
        text = super().to_python(value) or ""
        return [code.upper() for code in text.replace(",", " ").split()]

    def has_changed(self, initial, data) -> bool:
        return (initial or []) != self.to_python(data)


class FuzzyDateModelForm(forms.ModelForm):
    """A ModelForm that shows each `FuzzyDateField` of its model as one text box."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for fuzzy in fuzzy_dates_of(self._meta.model):
            if fuzzy.name in self.fields:
                self.initial.setdefault(fuzzy.name, getattr(self.instance, fuzzy.name))

    def _post_clean(self) -> None:
        for fuzzy in fuzzy_dates_of(self._meta.model):
            if fuzzy.name in self.fields and fuzzy.name in self.cleaned_data:
                setattr(self.instance, fuzzy.name, self.cleaned_data[fuzzy.name])
        super()._post_clean()
        self.validate_date_constraints()

    def validate_date_constraints(self) -> None:
        """Check the model's constraints that read a date's columns with other fields of the form
        ("an office cannot end before it starts"): Django leaves them out, the columns not being
        form fields. Constraints on one date alone hold by construction (`FuzzyDate`)."""
        model = self._meta.model
        own = [set(fuzzy.columns()) for fuzzy in fuzzy_dates_of(model)]
        entered = {
            column
            for fuzzy in fuzzy_dates_of(model)
            if fuzzy.name in self.fields and fuzzy.name not in self._errors
            for column in fuzzy.columns()
        }
        readable = entered | {name for name in self.fields if name not in self._errors}
        for constraint in model._meta.constraints:
            if not isinstance(constraint, models.CheckConstraint):
                continue
            read = constraint.condition.referenced_base_fields
            if read & entered and read <= readable and not any(read <= columns for columns in own):
                try:
                    constraint.validate(model, self.instance)
                except ValidationError as error:
                    self.add_error(None, error)


def fuzzy_form_fields(model) -> dict[str, FuzzyDateFormField]:
    """The text boxes for ``model``'s fuzzy dates, to declare on a form class."""
    return {
        fuzzy.name: FuzzyDateFormField(
            ranges=fuzzy.ranges,
            required=fuzzy.required,
            label=fuzzy.verbose_name.capitalize(),
            help_text=fuzzy.help_text,
        )
        for fuzzy in fuzzy_dates_of(model)
    }


def fuzzy_modelform(model) -> type[FuzzyDateModelForm]:
    """A `FuzzyDateModelForm` subclass for ``model`` with its date boxes declared."""
    meta = type("Meta", (), {"model": model, "fields": "__all__"})
    return type(f"{model.__name__}Form", (FuzzyDateModelForm,), {"Meta": meta, **fuzzy_form_fields(model)})
