"""Serializer fields for the tracker's building blocks: dates with precision, countries by code."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from functools import cached_property
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from relations.codes import InvalidCode, country_code
from relations.dates import FuzzyDate, InvalidDate, Precision
from relations.models import Country

FUZZY_DATE_SCHEMA = {
    "type": "object",
    "description": (
        "A date with its precision. On input, `edtf` alone is enough (`2025`, `2025-07`, "
        "`2025-07-09`, `2025-09-08/2025-09-09`, `1975~`); a plain string in that form is accepted too."
    ),
    "properties": {
        "edtf": {"type": "string", "example": "2025-09-08/2025-09-09"},
        "start": {"type": "string", "format": "date", "readOnly": True, "description": "First possible day."},
        "end": {"type": "string", "format": "date", "readOnly": True, "description": "Last possible day."},
        "precision": {"type": "string", "enum": ["year", "month", "day"], "readOnly": True},
        "approximate": {"type": "boolean", "readOnly": True},
        "display": {"type": "string", "readOnly": True, "example": "8–9 September 2025"},
    },
    "required": ["edtf"],
}


SLUG = re.compile(r"[-a-zA-Z0-9_]+")


@extend_schema_field(FUZZY_DATE_SCHEMA)
class FuzzyDateAPIField(serializers.Field):
    """Writes and reads a `FuzzyDate`: its parts, an EDTF string and how pages show it."""

    default_error_messages = {"range": "Enter a single date here, not a range."}

    def __init__(self, *, ranges: bool = False, **kwargs) -> None:
        self.ranges = ranges
        super().__init__(**kwargs)

    def to_representation(self, value: FuzzyDate) -> dict:
        return {
            "edtf": value.edtf(),
            "start": value.start.isoformat(),
            "end": value.end.isoformat(),
            "precision": Precision(value.precision).label,
            "approximate": value.approximate,
            "display": value.display(),
        }

    def to_internal_value(self, data) -> FuzzyDate:
        text = data.get("edtf") if isinstance(data, dict) else data
        if not isinstance(text, str):
            raise serializers.ValidationError(
                "Give the date as an EDTF string, e.g. 2025-07 or 2025-09-08/2025-09-09."
            )
        try:
            value = FuzzyDate.parse(_one_approximate_mark(text))
        except InvalidDate as error:
            raise serializers.ValidationError(str(error)) from None
        if value.is_range and not self.ranges:
            self.fail("range")
        return value


def _one_approximate_mark(text: str) -> str:
    """EDTF marks each end of an approximate range (``2025-09-08~/2025-09-10~``, as `edtf()`
    writes it); `FuzzyDate.parse` takes one mark for the whole value (``~2025-09-08/2025-09-10``)."""
    parts = text.strip().split("/")
    if len(parts) == 2 and any(part.strip().endswith("~") for part in parts):
        return "~" + "/".join(part.strip().strip("~") for part in parts)
    return text


@extend_schema_field(OpenApiTypes.STR)
class CountryCodeField(serializers.SlugRelatedField):
    """A country by its ISO 3166-1 alpha-2 code, in any case on input, upper case on output."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("queryset", Country.objects.all())
        super().__init__(slug_field="code", **kwargs)

    def use_pk_only_optimization(self) -> bool:
        # The code is the primary key: reading ``country_id`` costs no query per row.
        return True

    def to_representation(self, value) -> str:
        return value.pk

    def to_internal_value(self, data):
        if not isinstance(data, str):
            raise serializers.ValidationError("Give an ISO country code such as PK or TR.")
        try:
            # Only two letters reach the database (PostgreSQL refuses text with NUL bytes).
            return self.get_queryset().get(code=country_code(data))
        except (InvalidCode, Country.DoesNotExist):
            raise serializers.ValidationError(
                f"“{data}” is not an ISO country code (such as PK or TR)."
            ) from None


class LowerSlugField(serializers.SlugRelatedField):
    """A related record by its slug, in any case."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        if self.queryset is not None:
            # The same words as the filters': "There is no sector “mining”."
            noun = self.queryset.model._meta.verbose_name
            self.error_messages["does_not_exist"] = f"There is no {noun} “{{value}}”."

    def to_internal_value(self, data):
        if isinstance(data, str) and not SLUG.fullmatch(data.strip()):
            # Not a slug, so no such record; PostgreSQL would refuse text with NUL bytes.
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return super().to_internal_value(data.strip().lower() if isinstance(data, str) else data)


@extend_schema_field({"type": "string", "format": "uri-reference", "example": "/events/2025-some-visit/"})
class PagePathField(serializers.CharField):
    """The path of a record's page on this site, such as ``/events/<slug>/``; read-only."""

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)


class _JSONRows(list):
    """A nested list read as JSON with its record (see `ReadsJSONRows`), not related records."""


class ReadsJSONRows:
    """For a nested list field: when the record was read with that list annotated as JSON
    (`relations.models.jsonrows.JSONRows`, under the name ``rows``), the output is taken from
    it, so no related record is loaded and no child field runs per item. Otherwise, and on
    input, the field works as it always does."""

    def __init__(self, *args, rows: str, **kwargs) -> None:
        self.rows = rows
        super().__init__(*args, **kwargs)

    def get_attribute(self, instance):
        rows = getattr(instance, self.rows, None)
        return _JSONRows(rows) if rows is not None else super().get_attribute(instance)

    def to_representation(self, value):
        if isinstance(value, _JSONRows):
            return [self.row_representation(row) for row in value]
        return super().to_representation(value)

    def row_representation(self, row: dict):
        raise NotImplementedError


class JSONRowsListSerializer(ReadsJSONRows, serializers.ListSerializer):
    """Nested records (``child``) whose JSON rows carry the child's fields under their names."""

    def row_representation(self, row: dict) -> dict:
        return {name: row[name] for name in self.child_names}

    @cached_property
    def child_names(self) -> list[str]:
        return [name for name, field in self.child.fields.items() if not field.write_only]


class JSONRowsSlugsField(ReadsJSONRows, serializers.ManyRelatedField):
    """Related records by slug (``child_relation``, a `SlugRelatedField`), whose JSON rows carry it."""

    def row_representation(self, row: dict) -> str:
        return row[self.child_relation.slug_field]


class JSONRowsRecordsSerializer(JSONRowsListSerializer):
    """Nested records (``child``) whose JSON rows hold some fields as what the child field reads
    rather than as its output: ``read`` maps such a field's name to how its value is read from
    a row (a date from its columns, `fuzzy_date_in`; a decimal from its text), and the field
    writes it as it writes a related record's. A child field that reads JSON rows itself (a list
    nested in each record) writes the row's list under its name. Other fields are copied."""

    def __init__(self, *args, read: dict[str, Callable[[dict], Any]], **kwargs) -> None:
        self.read = read
        super().__init__(*args, **kwargs)

    def row_representation(self, row: dict) -> dict:
        return {name: self.field_representation(name, row) for name in self.child_names}

    def field_representation(self, name: str, row: dict):
        field = self.child.fields[name]
        if name in self.read:
            value = self.read[name](row)
            # As a serializer leaves an empty value: null, without the field.
            return None if value is None else field.to_representation(value)
        if isinstance(field, ReadsJSONRows):
            return [field.row_representation(item) for item in row[name]]
        return row[name]


def date_columns(row: dict, name: str) -> tuple[dt.date, dt.date, int, bool] | None:
    """The date ``name`` of a JSON row that holds its four columns as stored (``<name>_start``,
    ``_end``, ``_precision``, ``_approximate``; `relations.models.fuzzy`): start, end, precision
    and approximate, typed; ``None`` where no date is set."""
    start = row[f"{name}_start"]
    if start is None:
        return None
    return (
        dt.date.fromisoformat(start),
        dt.date.fromisoformat(row[f"{name}_end"]),
        row[f"{name}_precision"],
        bool(row[f"{name}_approximate"]),  # SQLite's JSON has 0 and 1
    )


def fuzzy_date_in(name: str) -> Callable[[dict], FuzzyDate | None]:
    """How to read the date ``name`` from a JSON row that holds its four columns
    (`date_columns`): the same `FuzzyDate` as the model's, ``None`` where no date is set."""

    def read(row: dict) -> FuzzyDate | None:
        columns = date_columns(row, name)
        return None if columns is None else FuzzyDate(*columns)

    return read
