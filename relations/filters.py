"""The filters of DESIGN.md, defined once for the pages and the API alike.

Names: ``country`` (ISO code, repeatable: all must take part; a country's name is read as its
code, "Pakistan" or "turkiye"), ``pair`` (``pk-tr``, or two names: "Pakistan-Türkiye"), ``kind``,
``status``, ``sector`` (slug, includes its children), ``commission`` (slug), ``official`` (slug or
a name), ``from`` and ``to`` (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``, by overlap) and ``q`` (text,
case- and accent-insensitive). Codes and slugs are case-insensitive; an invalid value is a form
error, which pages show with status 400 and the API returns as a 400 naming the parameter
(the form fields that read each value are in `relations.filter_fields`).
The pledges also take ``attention`` (``overdue`` or ``silent``: what an editor should check next).
The API's officials take ``nationality`` and ``country`` (`OfficialFilter`).
"""

from __future__ import annotations

import copy

import django_filters
from django import forms
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import QueryDict
from drf_spectacular.utils import extend_schema_field

from relations.filter_fields import (
    CountryCodeFormField,
    CountryCodesField,
    DateBoundField,
    EventKindField,
    FieldFilter,
    FilterField,
    LowerChoiceField,
    OfficialField,
    PairField,
    SlugChoiceField,
    TextField,
)
from relations.models import (
    Commission,
    Event,
    EventKind,
    Official,
    Participant,
    Pledge,
    PledgeStatus,
    Sector,
)
from relations.models.observations import Observation
from relations.models.pledge_queries import STATUS_COUNT_CAP
from relations.models.pledges import PledgeParty
from relations.models.progress import Attention


# How the API schema describes each filter (the pages do not need this).
def as_text(description: str, **schema):
    return extend_schema_field({"type": "string", "description": description, **schema})


def as_date(description: str):
    return as_text(description, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", example="2025-07")


def as_codes(description: str):
    return extend_schema_field(
        {"type": "array", "items": {"type": "string", "example": "PK"}, "description": description}
    )


def as_choice(description: str, choices):
    return as_text(description, enum=["", *(value for value, _ in choices)])


CODES = (
    "ISO 3166-1 alpha-2 codes in any case (a country's name or other name is read as its code: "
    "`Pakistan`, `turkiye`); repeat the parameter for several (`country=pk&country=tr`): "
)
PAIR = (
    "Two different country codes joined by a hyphen, in any order and case (`pk-tr`; two names "
    "are read as their codes: `Pakistan-Türkiye`): "
)
SECTOR = "A sector's slug, in any case; its sub-sectors are included."


def countries_filter(help_text: str) -> FieldFilter:
    return FieldFilter(
        field_class=CountryCodesField,
        method="filter_country",
        label="Countries",
        help_text=help_text + " Type a name or an ISO code.",
    )


def pair_filter() -> FieldFilter:
    return FieldFilter(
        field_class=PairField, method="filter_pair", label="Pair", help_text="e.g. pk-tr or Pakistan-Türkiye"
    )


def sector_filter() -> FieldFilter:
    return FieldFilter(
        field_class=SlugChoiceField,
        queryset=Sector.objects.order_by("name"),
        method="filter_sector",
        label="Sector",
        empty_label="Any sector",
        help_text="Includes its sub-sectors.",
    )


def commission_filter(field_name: str, description: str) -> FieldFilter:
    return as_text(description)(
        FieldFilter(
            field_class=SlugChoiceField,
            queryset=Commission.objects.order_by("name"),
            label_field="name",  # Commission.__str__
            field_name=field_name,
            label="Commission",
            empty_label="Any commission",
        )
    )


def in_sector(queryset: QuerySet, through: type[Model], owner: str, sector: Sector | None) -> QuerySet:
    """Rows tagged with ``sector`` or any sector below it, through the m2m table ``through``."""
    if not sector:
        return queryset
    tagged = through.objects.filter(
        **{owner: OuterRef("pk")}, sector_id__in=Sector.objects.subtree_ids(sector)
    )
    return queryset.filter(Exists(tagged))


class FilterSet(django_filters.FilterSet):
    """django-filter's FilterSet, built for each request at a tenth of the cost.

    django-filter deep-copies every filter, with its querysets and choices, then builds each
    filter's form field and a new form class, which Django's form copies again: about 2 ms for
    the events' filters, as much as reading a whole page of stored records. Here each filter is
    copied shallowly (its arguments' dict copied, since a filter may write to it), and the form
    class is built once per filter set class: the form still copies its fields for each request
    (Django's own isolation), and a choice field's queryset is read again each time."""

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None):
        # django-filter's own, less the deep copy.
        if queryset is None:
            queryset = self._meta.model._default_manager.all()
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset
        self.request = request
        self.form_prefix = prefix
        model = queryset.model
        self.filters = {name: _copied(filter_, model, self) for name, filter_ in self.base_filters.items()}

    def get_form_class(self):
        return _form_class(type(self), super().get_form_class)


_forms: dict[type, type] = {}


def _form_class(filterset: type, build) -> type:
    """The form class of a filter set class, built the first time it is asked for."""
    form = _forms.get(filterset)
    if form is None:
        form = _forms[filterset] = build()
    return form


def _copied(filter_: django_filters.Filter, model, parent: FilterSet) -> django_filters.Filter:
    copied = copy.copy(filter_)
    copied.extra = dict(filter_.extra)
    copied.__dict__.pop("_field", None)
    copied.model, copied.parent = model, parent
    if filter_.method is not None:
        copied.method = filter_.method  # its FilterMethod, bound to the copy (and its parent)
    return copied


class EventFilter(FilterSet):
    country = countries_filter("Every chosen country takes part.")
    pair = pair_filter()
    kind = FieldFilter(
        field_class=EventKindField,
        queryset=EventKind.objects.in_tree_order(),
        method="filter_kind",
        label="Kind",
        empty_label="Any kind",
        help_text="Includes its sub-kinds.",
    )
    status = FieldFilter(
        field_class=LowerChoiceField,
        choices=[("", "Any status"), *Event.Status.choices],
        field_name="status",
        label="Status",
    )
    sector = sector_filter()
    commission = commission_filter("commission", "A commission's slug, in any case: its sessions.")
    official = FieldFilter(
        field_class=OfficialField,
        method="filter_official",
        label="Official",
        help_text="A name, without accents if you like",
    )
    date_from = FieldFilter(
        field_class=DateBoundField,
        end=False,
        method="filter_from",
        label="From",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD",
    )
    date_to = FieldFilter(
        field_class=DateBoundField,
        end=True,
        method="filter_to",
        label="To",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD",
    )
    q = FieldFilter(field_class=TextField, method="filter_q", label="Search")

    class Meta:
        model = Event
        fields: list[str] = []

    @as_codes(CODES + "events in which every one of them takes part.")
    def filter_country(self, queryset, name, codes):
        return queryset.involving(*codes) if codes else queryset

    @as_text(PAIR + "events between them.")
    def filter_pair(self, queryset, name, pair):
        return queryset.for_pair(*pair) if pair else queryset

    @as_text(
        "An event kind's slug, in any case (the list is at `/api/event-kinds/`): events of that kind "
        "or of one of its sub-kinds (`visit` includes `state_visit`).",
        example="visit",
    )
    def filter_kind(self, queryset, name, kind):
        return queryset.of_kind(kind) if kind else queryset

    @as_text(SECTOR)
    def filter_sector(self, queryset, name, sector):
        return in_sector(queryset, Event.sectors.through, "event_id", sector)

    @as_text(
        "An official's slug, or a name or other name (accents optional) that matches exactly one "
        "official: events they took part in."
    )
    def filter_official(self, queryset, name, official):
        if not official:
            return queryset
        return queryset.filter(Exists(Participant.objects.filter(event=OuterRef("pk"), official=official)))

    @as_date("`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: events that end on or after it (by overlap).")
    def filter_from(self, queryset, name, first):
        return queryset.between(first=first)

    @as_date("`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: events that start on or before it (by overlap).")
    def filter_to(self, queryset, name, last):
        return queryset.between(last=last)

    @as_text(
        "Text in titles, summaries, country and participant names or the commission; case- and "
        "accent-insensitive."
    )
    def filter_q(self, queryset, name, text):
        return queryset.matching(text) if text else queryset


# "from" is a Python keyword: the filters are declared as date_from/date_to and published
# under the contract's names, which the form fields, URLs and error messages then use.
EventFilter.base_filters = {
    {"date_from": "from", "date_to": "to"}.get(name, name): f for name, f in EventFilter.base_filters.items()
}


class PledgeFilter(FilterSet):
    """The pledge tracker's filters: the same names and meanings as the events'."""

    country = countries_filter("Every chosen country is a party.")
    pair = pair_filter()
    status = FieldFilter(
        field_class=LowerChoiceField,
        choices=[("", "Any status"), *PledgeStatus.choices],
        method="filter_status",
        label="Current status",
    )
    sector = sector_filter()
    commission = commission_filter(
        "event__commission", "A commission's slug, in any case: pledges made at its sessions."
    )
    q = FieldFilter(field_class=TextField, method="filter_q", label="Search")
    attention = FieldFilter(
        field_class=LowerChoiceField,
        choices=[("", "Any pledge"), *Attention.choices],
        method="filter_attention",
        label="Needs attention",
        help_text="Overdue: past its due date without an outcome. Silent: no outcome, and nothing "
        "heard for over a year.",
        error_messages={
            "invalid_choice": "“%(value)s” is not a kind of attention: choose overdue or silent."
        },
    )

    class Meta:
        model = Pledge
        fields: list[str] = []

    @as_codes(CODES + "pledges to which every one of them is a party.")
    def filter_country(self, queryset, name, codes):
        return queryset.involving(*codes) if codes else queryset

    @as_text(PAIR + "pledges to which both are parties.")
    def filter_pair(self, queryset, name, pair):
        return queryset.involving(*pair) if pair else queryset

    @as_choice("The current status: the latest status change's, in any case.", PledgeStatus.choices)
    def filter_status(self, queryset, name, status):
        return queryset.filter(current_status=status) if status else queryset

    @as_text(SECTOR)
    def filter_sector(self, queryset, name, sector):
        return in_sector(queryset, Pledge.sectors.through, "pledge_id", sector)

    @as_text("Text in the title, the wording or any name of a party; case- and accent-insensitive.")
    def filter_q(self, queryset, name, text):
        return queryset.matching(text) if text else queryset

    @as_choice(
        "What an editor should check next, as of today. `overdue`: past the last day of its due "
        "date without an outcome (fulfilled, partly fulfilled, not fulfilled or cancelled). "
        "`silent`: no outcome, and nothing heard for more than a year: no status change, no "
        "observation and not its making (the event's date) in the last 365 days.",
        Attention.choices,
    )
    def filter_attention(self, queryset, name, attention):
        return queryset.needing_attention(attention) if attention else queryset

    def status_totals(self) -> tuple[list[tuple[PledgeStatus | None, int]], int | None]:
        """How many of the pledges that every filter but ``status`` matches have each status
        (`PledgeQuerySet.status_totals`), and the cap they were counted up to (``None``: exact).
        No filter, one country or one pair alone: the stored totals, exact. Any other filter:
        counted up to `STATUS_COUNT_CAP`. One query, two for a pair; call it on a valid filter."""
        used = {name: value for name, value in self.form.cleaned_data.items() if value and name != "status"}
        codes = set(used.pop("country", None) or ()) | set(used.pop("pair", None) or ())
        if not used and 1 <= len(codes) <= 2:
            return Pledge.objects.stored_status_totals(*codes), None
        others = self.queryset
        for name, value in self.form.cleaned_data.items():
            if name != "status":
                others = self.filters[name].filter(others, value)
        # Pledges that need attention have no outcome: the outcomes' counts are 0, not walked.
        possible = Pledge.objects.open_statuses() if used.get("attention") else None
        totals = others.status_totals(cap=STATUS_COUNT_CAP, possible=possible)
        return totals, STATUS_COUNT_CAP if others.query.where else None


class OfficialFilter(FilterSet):
    """The API's officials: by nationality, or by the country they acted for."""

    nationality = as_text("An ISO 3166-1 alpha-2 code in any case: that country's officials.")(
        FieldFilter(field_class=CountryCodeFormField, field_name="nationality_id", label="Nationality")
    )
    country = as_text(
        "An ISO 3166-1 alpha-2 code in any case: its nationals and anyone who held an "
        "office for it (the country page's officials)."
    )(FieldFilter(field_class=CountryCodeFormField, method="filter_country", label="Country"))

    class Meta:
        model = Official
        fields: list[str] = []

    def filter_country(self, queryset, name, code):
        return queryset.of_country(code) if code else queryset


class IdField(FilterField, forms.IntegerField):
    """A record's id: a whole number the id column can hold."""


class CurrencyCodeField(FilterField, forms.RegexField):
    """An ISO 4217 code, in any case; read in upper case."""

    def to_python(self, value) -> str:
        return super().to_python(value).strip().upper()


class ObservationFilter(FilterSet):
    """The API's observations: by pledge, by the pledge's parties (as the pledges' ``country``
    and ``pair``), by period (``from``, ``to``, by overlap) and by currency."""

    pledge = as_text("A pledge's id: its observations.", pattern=r"^\d+$", example="1")(
        FieldFilter(
            field_class=IdField, field_name="pledge_id", min_value=1, max_value=2**63 - 1, label="Pledge"
        )
    )
    country = countries_filter("Every chosen country is a party to the pledge.")
    pair = pair_filter()
    date_from = FieldFilter(
        field_class=DateBoundField,
        end=False,
        method="filter_from",
        label="From",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD",
    )
    date_to = FieldFilter(
        field_class=DateBoundField,
        end=True,
        method="filter_to",
        label="To",
        help_text="YYYY, YYYY-MM or YYYY-MM-DD",
    )
    currency = as_text("An ISO 4217 code in any case (`usd`): figures in that currency.", example="USD")(
        FieldFilter(
            field_class=CurrencyCodeField,
            regex=r"^\s*[A-Za-z]{3}\s*$",
            error_messages={"invalid": "Enter an ISO 4217 currency code of three letters, such as USD."},
            field_name="currency",
            label="Currency",
        )
    )

    class Meta:
        model = Observation
        fields: list[str] = []

    @as_codes(CODES + "observations of pledges to which every one of them is a party.")
    def filter_country(self, queryset, name, codes):
        return self.of_parties(queryset, codes)

    @as_text(PAIR + "observations of pledges to which both are parties.")
    def filter_pair(self, queryset, name, pair):
        return self.of_parties(queryset, pair or ())

    @staticmethod
    def of_parties(queryset: QuerySet, codes) -> QuerySet:
        for code in dict.fromkeys(codes):
            queryset = queryset.filter(
                Exists(PledgeParty.objects.filter(pledge=OuterRef("pledge_id"), country_id=code))
            )
        return queryset

    @as_date("`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: figures whose period ends on or after it (by overlap).")
    def filter_from(self, queryset, name, first):
        return queryset.filter(period_end__gte=first) if first else queryset

    @as_date("`YYYY`, `YYYY-MM` or `YYYY-MM-DD`: figures whose period starts on or before it (by overlap).")
    def filter_to(self, queryset, name, last):
        return queryset.filter(period_start__lte=last) if last else queryset


ObservationFilter.base_filters = {
    {"date_from": "from", "date_to": "to"}.get(name, name): f
    for name, f in ObservationFilter.base_filters.items()
}
