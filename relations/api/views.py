"""Viewsets: list and detail for every record, the pages' filters, CSV export of every list."""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Prefetch, ProtectedError, RestrictedError, UniqueConstraint
from django.http import HttpResponseBase
from django.shortcuts import get_object_or_404
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, status, viewsets
from rest_framework.exceptions import APIException, NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

from relations.api import serializers as s
from relations.api.csv import (
    Column,
    CSVRenderer,
    DefusedSQL,
    Gathered,
    SQLColumn,
    csv_response,
    text,
    text_sql,
)
from relations.cache import servable, storable
from relations.filters import EventFilter, OfficialFilter, PledgeFilter
from relations.models import (
    Citation,
    Commission,
    Country,
    Event,
    EventKind,
    OfficeHeld,
    Official,
    Organization,
    Pledge,
    Sector,
    Source,
)
from relations.models.events import INDEX_ORDER
from relations.models.pledges import INDEX_ORDER as PLEDGE_INDEX_ORDER
from relations.names import fold


class Pagination(CursorPagination):
    """Cursor pages: constant cost at any depth, no COUNT(*). ``page_size`` is capped at 500."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        self.queryset = queryset  # what `decode_cursor` reads the ordering field's type from
        return super().paginate_queryset(queryset, request, view)

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


class IndexOrderingFilter(filters.OrderingFilter):
    """The view's newest-first order, except that rows read through a timeline index (a pair's
    events, a country's events or pledges) are ordered by that index's own columns, the view's
    ``index_order`` (the same dates), so the database reads the index in order instead of sorting."""

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if list(ordering) == list(view.ordering) and "index_date" in queryset.query.annotations:
            return list(view.index_order)
        return ordering


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

    def get_object(self):
        value = self.kwargs[self.lookup_url_kwarg or self.lookup_field]
        value = value.upper() if self.lookup_field == "code" else value.lower()
        return get_object_or_404(self.filter_queryset(self.get_queryset()), **{self.lookup_field: value})

    def list(self, request, *args, **kwargs):
        if isinstance(request.accepted_renderer, CSVRenderer):
            queryset = self.filter_queryset(self.get_queryset())
            return csv_response(queryset, self.csv_columns, self.csv_name, self.csv_sql_columns)
        return self.stored(request, lambda: super(TrackerMixin, self).list(request, *args, **kwargs))

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


# An event's date as EDTF, the same text as `FuzzyDate.edtf()`: "2025-07", "2025-09-08/2025-09-09~".
# The date as text, ISO (the DateStyle psycopg needs to read timestamps), cut to its precision:
# YYYY, YYYY-MM or YYYY-MM-DD. At 1M events half a second faster than to_char() with a format each.
_LENGTH = "CASE relations_event.date_precision WHEN 9 THEN 4 WHEN 10 THEN 7 ELSE 10 END"
_MARK = "CASE WHEN relations_event.date_approximate THEN '~' ELSE '' END"
_START, _END = (f"left(relations_event.date_{end}::text, {_LENGTH})" for end in ("start", "end"))
EDTF_SQL = f"{_START} || {_MARK} || CASE WHEN {_END} = {_START} THEN '' ELSE '/' || {_END} || {_MARK} END"
PRECISION_SQL = "CASE relations_event.date_precision WHEN 9 THEN 'year' WHEN 10 THEN 'month' ELSE 'day' END"


# An event's participants, with the official's name where one is chosen.
PARTICIPANTS = "relations_participant p LEFT JOIN relations_official o ON o.id = p.official_id"
# An event's countries with their current names, and each one's name on the event's first day as
# `relations.models.countries.name_as_of` gives it: the former name then in use, else the current.
# Only the few renamed countries look it up (the IN list is read once per export): a lookup for
# every row made the whole export of 100,000 events 9 s slower, more than doubling it. The codes
# and roles are read from the same rows, so that an export of the whole table aggregates them
# in one pass (`Gathered` columns over the same rows share their join).
EVENT_COUNTRIES_NAMED = "relations_eventcountry c JOIN relations_country k ON k.code = c.country_id"
COUNTRY_NAME_THEN_SQL = (
    "COALESCE(CASE WHEN c.country_id IN (SELECT r.country_id FROM relations_countryname r"
    " WHERE r.kind = 'former' AND r.valid_until IS NOT NULL) THEN"
    " (SELECT n.name FROM relations_countryname n WHERE n.country_id = c.country_id"
    " AND n.kind = 'former' AND n.valid_until > c.date_start"
    " AND (n.valid_from IS NULL OR n.valid_from <= c.date_start)"
    " ORDER BY n.valid_until, n.name LIMIT 1) END, k.name)"
)


def joined(value: str, rows: str, event: str, order: str, *, free_text: bool = False) -> Gathered:
    """The event's ``value`` over ``rows`` joined with ";", as the Python columns flatten lists;
    `text_sql` over the whole if the values are ``free_text`` (people's names as typed)."""
    aggregate = f"string_agg({value}, ';' ORDER BY {order})"
    return Gathered(text_sql(aggregate) if free_text else aggregate, rows, event)


def fuzzy(value) -> str:
    return value.edtf() if value else ""


def office_end(office: OfficeHeld) -> str:
    """An office's end in the officials' CSV: its EDTF, "ended, date unknown", or empty while held."""
    return "ended, date unknown" if office.end_unknown else fuzzy(office.end)


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class CountryViewSet(TrackerViewSet):
    """Every ISO 3166-1 country, looked up by its code, with all its names."""

    queryset = Country.objects.prefetch_related("names")
    serializer_class = s.CountrySerializer
    lookup_field = "code"
    lookup_value_regex = "[a-zA-Z]{2}"
    # The ISO list is complete after migrate; countries are read here and renamed in admin.
    http_method_names = ["get", "head", "options"]
    search_fields = ["names__folded", "code"]
    ordering_fields = ["code", "name"]
    ordering = ["code"]
    csv_name = "countries"
    csv_columns = [
        ("code", lambda c: c.code),
        ("name", text(lambda c: c.name)),
        ("other_names", text(lambda c: [n.name for n in c.names.all() if n.name != c.name])),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class EventKindViewSet(TrackerMixin, viewsets.ReadOnlyModelViewSet):
    """Kinds of event from the PLOVER and CAMEO codebooks, each with its tone; filtering events by a
    kind includes its sub-kinds. Editors add kinds in admin."""

    queryset = EventKind.objects.select_related("parent")
    serializer_class = s.EventKindSerializer
    search_fields = ["name", "slug"]
    fold_search = False  # plain text fields, searched as typed
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "event-kinds"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("parent", lambda x: x.parent_id or ""),
        ("tone", lambda x: x.tone),
        ("plover_event", lambda x: x.plover_event),
        ("plover_mode", lambda x: x.plover_mode),
        ("cameo_code", lambda x: x.cameo_code),
        ("description", text(lambda x: x.description)),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class SectorViewSet(TrackerViewSet):
    """The sector tree; filtering events or pledges by a sector includes its children."""

    queryset = Sector.objects.select_related("parent")
    serializer_class = s.SectorSerializer
    search_fields = ["name", "slug"]
    fold_search = False  # plain text fields, searched as typed
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "sectors"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("parent", lambda x: x.parent.slug if x.parent else ""),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class SourceViewSet(TrackerViewSet):
    """Documents that facts are cited from."""

    queryset = Source.objects.all()
    serializer_class = s.SourceSerializer
    search_fields = ["title", "publisher", "url"]
    fold_search = False  # plain text fields, searched as typed
    filter_backends = [FilterBackend, FoldedSearchFilter, ColumnOrderingFilter]
    ordering_fields = ["published_on", "publisher", "id"]
    ordering_columns = {"published_on": "published_on_start"}
    ordering = ["-id"]
    csv_name = "sources"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("title", text(lambda x: x.title)),
        ("url", text(lambda x: x.url)),
        ("publisher", text(lambda x: x.publisher)),
        ("published_on", lambda x: fuzzy(x.published_on)),
        ("published_on_start", lambda x: x.published_on_start),
        ("published_on_end", lambda x: x.published_on_end),
        ("published_on_precision", lambda x: x.published_on.precision.label if x.published_on else ""),
        ("language", lambda x: x.language),
        ("kind", lambda x: x.kind),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class OrganizationViewSet(TrackerViewSet):
    """Ministries, foreign offices, armed forces and international bodies."""

    queryset = Organization.objects.select_related("parent")
    serializer_class = s.OrganizationSerializer
    search_fields = ["name", "acronym"]
    fold_search = False  # plain text fields, searched as typed
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "organizations"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("acronym", text(lambda x: x.acronym)),
        ("kind", lambda x: x.kind),
        ("country", lambda x: x.country_id),
        ("parent", lambda x: x.parent.slug if x.parent else ""),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class OfficialViewSet(TrackerViewSet):
    """People who act for countries, with their other names and offices over time."""

    queryset = Official.objects.prefetch_related(
        "names",
        Prefetch(
            "offices",
            queryset=OfficeHeld.objects.select_related("organization").prefetch_related(
                Prefetch("citations", queryset=Citation.objects.select_related("source"))
            ),
        ),
    )
    serializer_class = s.OfficialSerializer
    filterset_class = OfficialFilter
    search_fields = ["name_folded", "names__folded"]
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "officials"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("nationality", lambda x: x.nationality_id),
        ("wikidata_id", lambda x: x.wikidata_id),
        ("other_names", text(lambda x: [n.name for n in x.names.all()])),
        (
            "offices",
            text(lambda x: [f"{o.title} ({fuzzy(o.start)}..{office_end(o)})" for o in x.offices.all()]),
        ),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class CommissionViewSet(TrackerViewSet):
    """Standing bodies between countries, with their numbered sessions."""

    queryset = Commission.objects.select_related("parent").prefetch_related(
        "members",
        "names",
        Prefetch("sessions", queryset=Event.objects.order_by("session_number", "date_start")),
    )
    serializer_class = s.CommissionSerializer
    search_fields = ["search_text", "names__folded"]
    ordering_fields = ["name", "slug"]
    ordering = ["slug"]
    csv_name = "commissions"
    csv_columns = [
        ("slug", lambda x: x.slug),
        ("name", text(lambda x: x.name)),
        ("acronym", text(lambda x: x.acronym)),
        ("kind", lambda x: x.kind),
        ("members", lambda x: sorted(c.code for c in x.members.all())),
        ("founded", lambda x: fuzzy(x.founded)),
        ("sessions", lambda x: len(x.sessions.all())),
        ("other_names", text(lambda x: [n.name for n in x.names.all()])),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class EventViewSet(TrackerViewSet):
    """Events between countries, filtered like the timeline (country, pair, kind, status, sector,
    commission, official, from, to, q), newest first."""

    queryset = Event.objects.for_export()
    serializer_class = s.EventSerializer
    filterset_class = EventFilter
    filter_backends = [FilterBackend, IndexOrderingFilter]
    ordering_fields = ["date_start", "title", "id"]
    ordering = ["-date_start", "-id"]  # the timeline order, the same on every database
    index_order = INDEX_ORDER
    csv_name = "events"
    csv_columns = [
        ("id", lambda e: e.pk),
        ("slug", lambda e: e.slug),
        ("title", text(lambda e: e.title)),
        ("kind", lambda e: e.kind_id),
        ("kind_name", text(lambda e: e.kind.name)),
        ("tone", lambda e: e.kind.tone),
        ("status", lambda e: e.status),
        ("date", lambda e: e.date.edtf()),
        ("date_start", lambda e: e.date_start),
        ("date_end", lambda e: e.date_end),
        ("date_precision", lambda e: e.date.precision.label),
        ("place", text(lambda e: e.place)),
        ("place_country", lambda e: e.place_country_id),
        ("countries", lambda e: [r["country"] for r in e.country_rows]),
        ("roles", lambda e: [f"{r['country']}:{r['role']}" for r in e.country_rows]),
        ("country_names", text(lambda e: [r["name"] for r in e.country_rows])),
        ("participants", text(lambda e: [p["official_name"] or p["name"] for p in e.participant_rows])),
        ("participant_sides", lambda e: [p["side"] for p in e.participant_rows]),
        ("participant_roles", lambda e: [p["role"] for p in e.participant_rows]),
        ("participant_capacities", text(lambda e: [p["capacity"] for p in e.participant_rows])),
        ("commission", lambda e: e.commission.slug if e.commission else ""),
        ("session_number", lambda e: e.session_number),
        ("sectors", lambda e: [x["slug"] for x in e.sector_rows]),
        ("pledge_count", lambda e: e.pledge_count),
        ("sources", lambda e: [c["source"] for c in e.citation_rows]),
        ("summary", text(lambda e: e.summary)),
    ]
    csv_sql_columns = [
        ("id", "relations_event.id"),
        ("slug", "relations_event.slug"),
        ("title", text_sql("relations_event.title")),
        ("kind", "relations_event.kind"),
        ("kind_name", DefusedSQL("kind__name")),
        ("tone", F("kind__tone")),
        ("status", "relations_event.status"),
        ("date", EDTF_SQL),
        ("date_start", "relations_event.date_start"),
        ("date_end", "relations_event.date_end"),
        ("date_precision", PRECISION_SQL),
        ("place", text_sql("relations_event.place")),
        ("place_country", "relations_event.place_country_id"),
        ("countries", joined("c.country_id", EVENT_COUNTRIES_NAMED, "c.event_id", "c.country_id")),
        (
            "roles",
            joined("c.country_id || ':' || c.role", EVENT_COUNTRIES_NAMED, "c.event_id", "c.country_id"),
        ),
        (
            "country_names",
            joined(
                COUNTRY_NAME_THEN_SQL, EVENT_COUNTRIES_NAMED, "c.event_id", "c.country_id", free_text=True
            ),
        ),
        (
            "participants",
            joined("COALESCE(o.name, p.name)", PARTICIPANTS, "p.event_id", "p.id", free_text=True),
        ),
        ("participant_sides", joined("COALESCE(p.side_id, '')", PARTICIPANTS, "p.event_id", "p.id")),
        ("participant_roles", joined("p.role", PARTICIPANTS, "p.event_id", "p.id")),
        ("participant_capacities", joined("p.capacity", PARTICIPANTS, "p.event_id", "p.id", free_text=True)),
        # Joined: a lookup per row scans the small commission table each time (6 s at 1M events).
        ("commission", F("commission__slug")),
        ("session_number", "relations_event.session_number"),
        (
            "sectors",
            joined(
                "x.slug",
                "relations_event_sectors es JOIN relations_sector x ON x.id = es.sector_id",
                "es.event_id",
                "x.name",
            ),
        ),
        ("pledge_count", Gathered("count(*)", "relations_pledge g", "g.event_id", none="0")),
        (
            "sources",
            joined(
                "r.slug",
                "relations_citation t JOIN relations_source r ON r.id = t.source_id",
                "t.event_id",
                "t.id",
            ),
        ),
        ("summary", text_sql("relations_event.summary")),
    ]


@extend_schema_view(list=extend_schema(parameters=[CSV_PARAMETER]))
class PledgeViewSet(TrackerViewSet):
    """Pledges with their description, parties, target as announced (money never converted, or
    a quantity in a unit), the currencies they concern, current status and dated status history;
    filtered by country, pair, status, sector, commission and q, newest first (by the date of the
    event each was made at, as the pledge tracker lists them). A pledge is known by its event
    and title: posting one that exists is refused (400, with its URL), where PUT or PATCH change it."""

    queryset = Pledge.objects.for_detail()
    serializer_class = s.PledgeSerializer
    filterset_class = PledgeFilter
    filter_backends = [FilterBackend, IndexOrderingFilter]
    lookup_field = "pk"
    lookup_value_regex = "[0-9]+"
    ordering_fields = ["id", "title"]
    ordering = ["-date_start", "-id"]  # the pledge tracker's order: newest first by the event's date
    index_order = PLEDGE_INDEX_ORDER
    csv_name = "pledges"
    csv_columns = [
        ("id", lambda p: p.pk),
        ("title", text(lambda p: p.title)),
        ("description", text(lambda p: p.description)),
        ("event", lambda p: p.event.slug),
        ("made_on", lambda p: p.event.date.edtf()),
        ("parties", lambda p: [f"{x.country_id}:{x.role}" for x in p.parties.all()]),
        ("sectors", lambda p: [x.slug for x in p.sectors.all()]),
        ("target_amount", lambda p: p.target_amount),
        ("target_currency", lambda p: p.target_currency),
        ("target_unit", lambda p: p.target_unit),
        ("target_measure", text(lambda p: p.target_measure)),
        ("baseline_amount", lambda p: p.baseline_amount),
        ("currencies", lambda p: p.currencies),
        ("due", lambda p: fuzzy(p.due)),
        ("current_status", lambda p: p.current_status),
        ("status_history", lambda p: [f"{c.as_of.edtf()}:{c.status}" for c in p.status_changes.all()]),
    ]

    def get_object(self):
        # The router lets only digits through; a number too large for the column is no pledge either.
        if len(self.kwargs["pk"]) > 18:
            raise NotFound()
        return get_object_or_404(self.get_queryset(), pk=self.kwargs["pk"])
