"""API plumbing every record shares.

Serializers (`ModelCheckedSerializer`): the model's own checks and its natural key before a
write, each error under the field the API names. Viewsets (`TrackerViewSet`, `TrackerMixin`):
lookups by natural key in any case, cursor pages, the filters' and the search's backends, CSV
export of the whole filtered list, writes all or nothing, and a 409 for a record others still
refer to.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any, TypeVar

from django.apps import apps
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import ProtectedError, RestrictedError, UniqueConstraint
from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter
from rest_framework import filters, serializers, status, viewsets
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from relations import codes as iso
from relations.api.csv import Column, CSVRenderer, SQLColumn, csv_response
from relations.cache import servable, storable
from relations.models.fuzzy import fuzzy_dates_of
from relations.models.naturalkeys import find_duplicate
from relations.names import fold
from relations.records import reads_records

M = TypeVar("M", bound=models.Model)


class ModelCheckedSerializer(serializers.ModelSerializer):
    """Runs the model's own validation (fields, check and unique constraints) before saving,
    so that what the database would refuse comes back as a 400 with a message per field; and
    refuses a new record that exists already by its natural key (`refuse_duplicate`)."""

    #: Fields set by the parent when this serializer is nested; not validated here.
    parent_fields: tuple[str, ...] = ()
    #: The field a broken model constraint is reported under, by constraint name; any other
    #: is reported for the record as a whole (``non_field_errors``).
    constraint_fields: dict[str, str] = {}

    def validate(self, attrs: dict) -> dict:
        attrs = super().validate(attrs)
        if self.parent_fields:
            self.refuse_partial_row(attrs)
        if isinstance(attrs.get("slug"), str):
            # Slugs are looked up in any case (URLs, filters): store them in lower case.
            attrs["slug"] = attrs["slug"].lower()
        model = self.Meta.model
        instance = copy.copy(self.instance) if isinstance(self.instance, model) else model()
        for name, value in model_attrs(model, attrs).items():
            setattr(instance, name, value)
        related = {f.name for f in model._meta.get_fields() if not f.concrete or f.many_to_many}
        exclude = related | set(self.parent_fields)
        errors: dict[str, list[str]] = {}
        try:
            instance.full_clean(
                exclude=exclude, validate_unique=not self.parent_fields, validate_constraints=False
            )
        except DjangoValidationError as error:
            for name, messages in error.message_dict.items():
                errors.setdefault(self.field_name_of(name), []).extend(messages)
        for model_class, constraints in instance.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, instance, exclude=exclude)
                except DjangoValidationError as error:
                    # The constraint's own message (`relations.models.constraints`), as admin shows it.
                    field = self.constraint_fields.get(constraint.name, NON_FIELD_ERRORS)
                    errors.setdefault(self.field_name_of(field), []).extend(error.messages)
        if not errors and not self.parent_fields:
            self.refuse_duplicate(instance, attrs)
        if errors:
            raise serializers.ValidationError(errors)
        return attrs

    def refuse_duplicate(self, instance: models.Model, attrs: dict) -> None:
        """A record that exists already, by its natural key (`relations.models.naturalkeys`),
        is refused with a 400 that names it and gives its URL: change it there (PUT or PATCH)."""
        found = find_duplicate(instance, attrs)
        if found is None:
            return
        where = self.fields["url"].to_representation(found.record) if "url" in self.fields else ""
        message = f"{found.message}: {where}" if where else f"{found.message}."
        raise serializers.ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [message]})

    def refuse_partial_row(self, attrs: dict) -> None:
        """A nested row replaces what was there, so it is given whole, even in a PATCH of its
        record (where DRF lets every field be left out, down to the nested rows' own)."""
        missing = {
            name: [field.error_messages["required"]]
            for name, field in self.fields.items()
            if field.required and not field.read_only and field.source not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)

    def field_name_of(self, model_field: str) -> str:
        """The name this serializer gives a model field (``Source.url`` is ``link``)."""
        if model_field == NON_FIELD_ERRORS:
            return api_settings.NON_FIELD_ERRORS_KEY
        for name, field in self.fields.items():
            if field.source == model_field and not field.read_only:
                return name
        return model_field


def refuse_repeats(rows: list, key: Callable[[Any], Any], message: str) -> list:
    """``rows`` if no two share a ``key`` (ignoring ``None``), else a validation error."""
    keys = [k for k in map(key, rows) if k is not None]
    if len(keys) != len(set(keys)):
        raise serializers.ValidationError(message)
    return rows


def model_attrs(model: type[models.Model], attrs: dict) -> dict:
    """The part of ``attrs`` a model instance takes directly (no many-to-many, no nested lists)."""
    fuzzy = {f.name for f in fuzzy_dates_of(model)}
    names = {f.name for f in model._meta.concrete_fields} | fuzzy
    return {k: v for k, v in attrs.items() if k in names}


def model_instance(model: type[M], attrs: dict) -> M:
    """An unsaved ``model`` with the part of ``attrs`` it takes (see `model_attrs`)."""
    return model(**model_attrs(model, attrs))


class CitesSources:
    """For a record with ``citations``: each source is cited once."""

    def validate_citations(self, value: list) -> list:
        return refuse_repeats(value, lambda row: row["source"].pk, "A source is cited twice.")


def assign(instance: models.Model, values: dict) -> models.Model:
    for name, value in values.items():
        setattr(instance, name, value)
    return instance


class Pagination(CursorPagination):
    """Cursor pages: constant cost at any depth, no COUNT(*). ``page_size`` is capped at 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.queryset = queryset  # what `decode_cursor` reads the ordering field's type from
        return super().paginate_queryset(queryset, request, view)

    def get_ordering(self, request, queryset, view) -> tuple[str, ...]:
        """The order the filters left the list in (``?ordering=``, else the queryset's own or the
        view's default: `QuerySetOrderingFilter`), else the model's ``Meta.ordering``."""
        ordering = tuple(queryset.query.order_by) or tuple(queryset.model._meta.ordering)
        assert ordering and all(isinstance(name, str) and "__" not in name for name in ordering), (
            f"Cursor pages need an order by fields of the rows, not {ordering}."
        )
        return ordering

    def decode_cursor(self, request):
        # A cursor the API did not make is a bad parameter (400), not a missing page (404): one
        # that does not decode, and one that decodes to a position the ordering field cannot
        # hold ("p=not-a-date" for a date), which the database would refuse (a 500).
        try:
            cursor = super().decode_cursor(request)
        except NotFound:
            cursor = None
        else:
            if cursor is None or cursor.position is None or self.holds(cursor.position):
                return cursor
        raise ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})

    def holds(self, position: str) -> bool:
        """Whether the field the list is ordered by can hold ``position``."""
        name = self.ordering[0].lstrip("-")
        query = self.queryset.query
        model = self.queryset.model
        field = (
            query.annotations[name].output_field if name in query.annotations else model._meta.get_field(name)
        )
        try:
            # PostgreSQL refuses text holding a NUL character.
            return "\x00" not in position and field.to_python(position) is not None
        except DjangoValidationError:
            return False


CSV_PARAMETER = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="`json` (the default) or `csv`: every matching row, not one page.",
)


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = "Other records still refer to this one."
    default_code = "conflict"


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, refusing an invalid filter with the form's own messages, as the
    pages show them: django-filter's %-formats every message, so a value such as ``%s`` quoted
    in one ("“%s” is not an ISO country code") would otherwise fail (a 500)."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid():
            errors = filterset.form.errors.get_json_data()
            raise ValidationError(
                {name: [e["message"] for e in messages] for name, messages in errors.items()}
            )
        return filterset.qs


class FoldedSearchFilter(filters.SearchFilter):
    """``q`` over the view's search fields; the term is folded like the names it is compared
    with, so "turkiye", "Türkiye" and "TURKEY" meet (fields ending in ``folded``/``search_text``
    hold folded text)."""

    def filter_queryset(self, request, queryset, view):
        self.fold = getattr(view, "fold_search", True)  # a new backend serves each request
        return super().filter_queryset(request, queryset, view)

    def get_search_terms(self, request):
        try:
            terms = super().get_search_terms(request)
        except ValidationError as error:  # a NUL character: an error naming the parameter, as the filters'
            raise ValidationError({self.search_param: error.detail}) from None
        return [fold(term) for term in terms] if self.fold else terms


class QuerySetOrderingFilter(filters.OrderingFilter):
    """``?ordering=`` if it names fields the view may be sorted by; otherwise a queryset that
    comes ordered keeps its order (events read through a pair's or a country's index are ordered
    along it, `EventQuerySet.for_pair`, so the database walks that index), and one that does not
    takes the view's ``ordering``."""

    def get_ordering(self, request, queryset, view):
        if params := request.query_params.get(self.ordering_param):
            fields = [param.strip() for param in params.split(",")]
            if ordering := self.remove_invalid_fields(queryset, fields, view, request):
                return ordering
        return queryset.query.order_by or self.get_default_ordering(view)


class ColumnOrderingFilter(filters.OrderingFilter):
    """``?ordering=`` by the names the API shows, each sorted by its column in the view's
    ``ordering_columns`` (a date with precision sorts by its first possible day)."""

    def remove_invalid_fields(self, queryset, fields, view, request):
        columns = getattr(view, "ordering_columns", {})
        terms = super().remove_invalid_fields(queryset, fields, view, request)
        return [
            ("-" if term.startswith("-") else "") + columns.get(term.lstrip("-"), term.lstrip("-"))
            for term in terms
        ]


class TrackerMixin:
    """Shared behaviour: natural-key lookups in any case, CSV export of the whole filtered list."""

    lookup_field = "slug"
    # What a slug may hold (Django's SlugField); the router and the schema both use it.
    lookup_value_regex = "[-a-zA-Z0-9_]+"
    pagination_class = Pagination
    filter_backends = [FilterBackend, FoldedSearchFilter, filters.OrderingFilter]
    csv_columns: list[Column] = []
    csv_sql_columns: list[SQLColumn] | None = None  # the same columns in SQL, for COPY on PostgreSQL
    csv_name = "export"
    #: A list's page read as rows (`relations.api.rows`): the columns read (none: the model
    #: instances the queryset gives), and the function that gives the serializer's output for
    #: a page of them. None: the serializer.
    list_columns: tuple[str, ...] = ()
    list_rows: Callable[[list[dict], Any], list[dict]] | None = None

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        # A code has two letters (`lookup_value_regex`), in any case; a slug any case.
        value = iso.country_code(value) if self.lookup_field == "code" else value.lower()
        return get_object_or_404(self.filter_queryset(self.get_queryset()), **{self.lookup_field: value})

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            queryset = self.filter_queryset(self.get_queryset())
            return csv_response(queryset, self.csv_columns, self.csv_name, self.csv_sql_columns)
        if self.list_rows is not None and reads_records(request):
            return self.stored(request, lambda: self.list_as_rows(request))
        return self.stored(request, lambda: super(TrackerMixin, self).list(request, *args, **kwargs))

    def list_as_rows(self, request):
        """The list as its serializer gives it, from ``list_columns`` read as dictionaries: no
        model instance, no serializer field (`relations.api.rows`)."""
        queryset = self.filter_queryset(self.get_queryset())
        if self.list_columns:
            order = [name.lstrip("-") for name in queryset.query.order_by if isinstance(name, str)]
            columns = dict.fromkeys([*self.list_columns, *order])
            queryset = queryset.select_related(None).prefetch_related(None).values(*columns)
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(type(self).list_rows(page, request))

    def retrieve(self, request, *args, **kwargs):
        return self.stored(request, lambda: super(TrackerMixin, self).retrieve(request, *args, **kwargs))

    def stored(self, request, read) -> HttpResponseBase:
        """An anonymous JSON read may be kept and served by `StoredResponseMiddleware` until the
        data changes (relations/cache.py); it still counts against the anonymous throttle."""
        if isinstance(request.accepted_renderer, JSONRenderer) and servable(request):
            storable(request._request)
        return read()

    def perform_create(self, serializer) -> None:
        self.save(serializer)

    def perform_update(self, serializer) -> None:
        self.save(serializer)

    def save(self, serializer) -> None:
        """Save all or nothing, then answer with the record as a read gives it (annotations too)."""
        try:
            with transaction.atomic():
                serializer.save()
        except IntegrityError as error:
            raise ValidationError({api_settings.NON_FIELD_ERRORS_KEY: [integrity_message(error)]}) from None
        serializer.instance = self.get_queryset().get(pk=serializer.instance.pk)

    def perform_destroy(self, instance) -> None:
        try:
            with transaction.atomic():
                instance.delete()
        except (ProtectedError, RestrictedError) as error:
            used_by = ", ".join(sorted({str(obj._meta.verbose_name_plural) for obj in error.args[1]}))
            noun = instance._meta.verbose_name
            raise Conflict(f"This {noun} cannot be deleted: {used_by} still refer to it.") from None


class TrackerViewSet(TrackerMixin, viewsets.ModelViewSet):
    """A record that editors create, change and delete through the API."""


def integrity_message(error: IntegrityError) -> str:
    """What a unique constraint the database enforced says, for a write the checks let through
    (the same entry twice in one nested list, or a record written meanwhile by someone else): the
    constraint's own message, or for the derived tables' constraints, which have none, a general one."""
    text = str(error)
    for model in apps.get_app_config("relations").get_models():
        table = model._meta.db_table
        for constraint in model._meta.constraints:
            if not isinstance(constraint, UniqueConstraint) or not constraint.fields:
                continue
            columns = [f"{table}.{model._meta.get_field(name).column}" for name in constraint.fields]
            if constraint.name in text or all(column in text for column in columns):
                if constraint.violation_error_message != constraint.default_violation_error_message:
                    return str(constraint.violation_error_message)
                return f"The same {model._meta.verbose_name} is given twice."
    return "These values clash with each other or with a record that exists."
