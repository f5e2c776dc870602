"""Form pieces shared by admin and pages: one text box for a date with its precision."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from relations.dates import FuzzyDate, InvalidDate
from relations.models.fuzzy import fuzzy_dates_of


class FuzzyDateFormField(forms.CharField):
    """Accepts ``2025``, ``2025-07``, ``2025-07-09`` and, where allowed, ``2025-09-08/2025-09-09``."""

    def __init__(self, *, ranges: bool = False, **kwargs) -> None:
        self.ranges = ranges
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"placeholder": "2025-09-08/2025-09-09" if ranges else "2025-07 or 2025-07-09"}
            ),
        )
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
            parsed = FuzzyDate.parse(text)
        except InvalidDate as error:
            raise ValidationError(str(error), code="invalid") from None
        if parsed.is_range and not self.ranges:
            raise ValidationError("Enter a single date here, not a range.", code="range")
        return parsed


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
