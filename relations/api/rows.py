"""Lists read as rows: a page of records as the serializers show them, without a serializer.

A list of 50 commissions, officials or observations spent most of its time in DRF: a model
instance per record and per nested row, then each serializer field's ``get_attribute`` and
``to_representation`` for each of them, and the serializer's fields deep-copied on every
request. Here each list reads the columns it shows with ``values()`` (one query per nested
list, as the prefetches did) and builds the same dictionaries, key for key, that its
serializer gives: tests/test_api_rows.py compares the two on every list. Pledges keep their
model instances (`Pledge.objects.for_export()`, their lists already read as JSON in the same
query) and only leave out the serializer.

Used only where the answer is exactly the list's own (`relations.records.reads_records`:
plain JSON, no ``?format=``, no versioning, script prefix ``/``); anything else (the
browsable API, CSV, a detail, a write) goes through the serializer. A change to a serializer's
fields must be made here too: the comparison test fails until it is.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from functools import cache, lru_cache

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.utils.encoding import iri_to_uri

from relations.api.fields import date_columns
from relations.api.links import record_path
from relations.dates import FuzzyDate, Precision

Row = dict
Link = Callable[[object], str]


def fuzzy_date(start: dt.date, end: dt.date, precision: int, approximate: bool) -> dict:
    """`FuzzyDateAPIField`'s output for a date read as its four columns."""
    return dict(_fuzzy_date(start, end, precision, approximate))


@lru_cache(maxsize=8192)
def _fuzzy_date(start: dt.date, end: dt.date, precision: int, approximate: bool) -> dict:
    # A pure function of the columns, kept for the process (a list repeats the same dates);
    # `fuzzy_date` hands out copies, so that no answer can change what the next one reads.
    value = FuzzyDate(start, end, precision, approximate)
    return {
        "edtf": value.edtf(),
        "start": value.start.isoformat(),
        "end": value.end.isoformat(),
        "precision": Precision(value.precision).label,
        "approximate": value.approximate,
        "display": value.display(),
    }


def optional_date(start, end, precision, approximate) -> dict | None:
    """`fuzzy_date`, or None for a date that is not set (an optional one)."""
    return None if start is None else fuzzy_date(start, end, precision, approximate)


def iso(day: dt.date | None) -> str | None:
    """A `DateField`'s output."""
    return None if day is None else day.isoformat()


def links(request, view_name: str, kwarg: str) -> Link:
    """The absolute API address of a record by ``kwarg`` (its slug or id), as `RecordLinkField`
    gives it for a plain JSON list (`relations.api.links.MemoLinks`)."""
    origin = request.build_absolute_uri("/")[:-1]

    def link(value) -> str:
        path = record_path(view_name, kwarg, value)
        if not path.startswith("/") or path.startswith("//") or "/." in path:
            return request.build_absolute_uri(path)
        return origin + iri_to_uri(path)

    return link


@cache
def _country_path(resolver, prefix: str, code: str) -> str:
    return reverse("api:country-detail", kwargs={"code": code})


@receiver(setting_changed)
def _forget_paths(**kwargs) -> None:
    _country_path.cache_clear()


def country_links(request) -> Link:
    """A country's absolute API address by its code, as DRF's hyperlinked field reverses it
    (`reverse()` once per code, URL configuration and script prefix)."""
    origin = request.build_absolute_uri("/")[:-1]

    def link(code: str) -> str:
        path = _country_path(get_resolver(get_urlconf()), get_script_prefix(), code)
        if not path.startswith("/") or path.startswith("//") or "/." in path:
            return request.build_absolute_uri(path)
        return origin + iri_to_uri(path)

    return link


def grouped(rows: Iterable[tuple], key: int = 0) -> dict:
    """Rows (tuples) by the value at ``key``, each group in the rows' order, without that value."""
    groups: dict = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row[:key] + row[key + 1 :])
    return groups


def ids_of(page: Sequence[Row]) -> list:
    return [row["id"] for row in page]


# -- Countries ------------------------------------------------------------------------------

COUNTRY_COLUMNS = ("code", "name")


def countries(page: Sequence[Row], request) -> list[dict]:
    """`CountrySerializer` over a page of countries (``values(*COUNTRY_COLUMNS)``)."""
    from relations.models import CountryName

    codes = [row["code"] for row in page]
    names = grouped(
        CountryName.objects.filter(country__in=codes)
        .order_by(*CountryName._meta.ordering)
        .values_list("country_id", "name", "kind", "valid_from", "valid_until")
    )
    link = country_links(request)
    return [
        {
            "code": row["code"],
            "url": link(row["code"]),
            "name": row["name"],
            "names": [
                {"name": name, "kind": kind, "valid_from": iso(since), "valid_until": iso(until)}
                for name, kind, since, until in names.get(row["code"], ())
            ],
        }
        for row in page
    ]


# -- Commissions ----------------------------------------------------------------------------

COMMISSION_COLUMNS = (
    "id", "slug", "name", "acronym", "kind", "founded_start", "founded_end", "founded_precision",
    "founded_approximate", "parent__slug", "description",
)  # fmt: skip


def commissions(page: Sequence[Row], request) -> list[dict]:
    """`CommissionSerializer` over a page of commissions (``values(*COMMISSION_COLUMNS)``): its
    members, other names and sessions in one query each, in the orders the serializer lists them."""
    from relations.models import Commission, CommissionName, Country, Event

    ids = ids_of(page)
    through = Commission.members.through
    members = grouped(
        through.objects.filter(commission__in=ids)
        .order_by(*(f"country__{name}" for name in Country._meta.ordering))
        .values_list("commission_id", "country_id")
    )
    names = grouped(
        CommissionName.objects.filter(commission__in=ids)
        .order_by(*CommissionName._meta.ordering)
        .values_list("commission_id", "name", "kind", "valid_from", "valid_until")
    )
    sessions = grouped(
        Event.objects.filter(commission__in=ids)
        .order_by("session_number", "date_start")
        .values_list(
            "commission_id",
            "id",
            "slug",
            "session_number",
            "title",
            "date_start",
            "date_end",
            "date_precision",
            "date_approximate",
        )  # fmt: skip
    )
    link = links(request, "api:commission-detail", "slug")
    return [
        {
            "id": row["id"],
            "slug": row["slug"],
            "url": link(row["slug"]),
            "name": row["name"],
            "acronym": row["acronym"],
            "kind": row["kind"],
            "members": [code for (code,) in members.get(row["id"], ())],
            "founded": optional_date(
                row["founded_start"], row["founded_end"], row["founded_precision"], row["founded_approximate"]
            ),
            "parent": row["parent__slug"],
            "description": row["description"],
            "names": [
                {"name": name, "kind": kind, "valid_from": iso(since), "valid_until": iso(until)}
                for name, kind, since, until in names.get(row["id"], ())
            ],
            "sessions": [
                {
                    "id": pk,
                    "slug": slug,
                    "session_number": number,
                    "title": title,
                    "date": fuzzy_date(start, end, precision, approximate),
                }
                for pk, slug, number, title, start, end, precision, approximate in sessions.get(row["id"], ())
            ],
        }
        for row in page
    ]


# -- Officials ------------------------------------------------------------------------------

OFFICIAL_COLUMNS = ("id", "slug", "name", "nationality_id", "wikidata_id")


def officials(page: Sequence[Row], request) -> list[dict]:
    """`OfficialSerializer` over a page of officials (``values(*OFFICIAL_COLUMNS)``): their other
    names, offices and each office's citations in one query each."""
    from relations.models import Citation, OfficeHeld, OfficialName

    ids = ids_of(page)
    names = grouped(
        OfficialName.objects.filter(official__in=ids)
        .order_by(*OfficialName._meta.ordering)
        .values_list("official_id", "name", "kind")
    )
    offices = grouped(
        OfficeHeld.objects.filter(official__in=ids)
        .order_by(*OfficeHeld._meta.ordering)
        .values_list(
            "official_id",
            "id",
            "title",
            "organization__slug",
            "country_id",
            "start_start",
            "start_end",
            "start_precision",
            "start_approximate",
            "end_start",
            "end_end",
            "end_precision",
            "end_approximate",
            "end_unknown",
        )  # fmt: skip
    )
    office_ids = [office[0] for rows in offices.values() for office in rows]
    citations = grouped(
        Citation.objects.filter(office__in=office_ids)
        .order_by(*Citation._meta.ordering)
        .values_list("office_id", "source__slug", "excerpt")
    )
    link = links(request, "api:official-detail", "slug")
    return [
        {
            "id": row["id"],
            "slug": row["slug"],
            "url": link(row["slug"]),
            "name": row["name"],
            "nationality": row["nationality_id"],
            "wikidata_id": row["wikidata_id"],
            "names": [{"name": name, "kind": kind} for name, kind in names.get(row["id"], ())],
            "offices": [office(held, citations) for held in offices.get(row["id"], ())],
        }
        for row in page
    ]


def office(row: tuple, citations: dict) -> dict:
    """`OfficeSerializer` over an office's row (as `officials` reads it, less the official)."""
    pk, title, organization, country, *dates, end_unknown = row
    return {
        "title": title,
        "organization": organization,
        "country": country,
        "start": optional_date(*dates[:4]),
        "end": optional_date(*dates[4:]),
        "end_unknown": end_unknown,
        "citations": [{"source": source, "excerpt": excerpt} for source, excerpt in citations.get(pk, ())],
    }


# -- Observations ---------------------------------------------------------------------------

OBSERVATION_COLUMNS = (
    "id", "pledge_id", "period_start", "period_end", "period_precision", "period_approximate",
    "value", "currency", "unit", "source__slug", "excerpt", "note",
)  # fmt: skip


@cache
def _observation_value():
    from relations.api.serializers import PledgeObservationSerializer

    return PledgeObservationSerializer().fields["value"]


@lru_cache(maxsize=8192)
def _period_text(start, end, precision, approximate) -> str:
    from relations.models.observations import period_text

    return period_text(FuzzyDate(start, end, precision, approximate))


def observations(page: Sequence[Row], request) -> list[dict]:
    """`PledgeObservationSerializer` over a page of observations (``values(*OBSERVATION_COLUMNS)``)."""
    link = links(request, "api:observation-detail", "pk")
    pledge_link = links(request, "api:pledge-detail", "pk")
    value = _observation_value().to_representation
    out = []
    for row in page:
        period = (row["period_start"], row["period_end"], row["period_precision"], row["period_approximate"])
        out.append(
            {
                "id": row["id"],
                "url": link(row["id"]),
                "pledge": row["pledge_id"],
                "pledge_url": pledge_link(row["pledge_id"]),
                "period": fuzzy_date(*period),
                "period_text": _period_text(*period),
                "value": value(row["value"]),
                "currency": row["currency"],
                "unit": row["unit"],
                "source": row["source__slug"],
                "excerpt": row["excerpt"],
                "note": row["note"],
            }
        )
    return out


# -- Pledges --------------------------------------------------------------------------------


@cache
def _pledge_fields() -> dict:
    """`PledgeSerializer`'s fields, built once: those whose output is more than a copy (amounts
    quantized as the model field's decimal places, the progress) are used as they are."""
    from relations.api.serializers import PledgeSerializer

    return dict(PledgeSerializer().fields)


def _json_date(row: dict, name: str) -> dict | None:
    """A date held in a JSON row as its four columns (`relations.api.fields.date_columns`)."""
    columns = date_columns(row, name)
    return None if columns is None else fuzzy_date(*columns)


def _or_none(write: Callable, value):
    """``write(value)``, or None for None, as a serializer leaves an empty value."""
    return None if value is None else write(value)


def _text(value) -> str | None:
    """A `CharField`'s output, as a `ListField` writes each item."""
    return None if value is None else str(value)


def _citations(rows: list[dict]) -> list[dict]:
    return [{"source": row["source"], "excerpt": row["excerpt"]} for row in rows]


def pledges(page: Sequence, request) -> list[dict]:
    """`PledgeSerializer` over a page of pledges read by ``Pledge.objects.for_export()`` (model
    instances, with their lists as JSON rows)."""
    fields = _pledge_fields()
    amount = fields["target_amount"].to_representation
    baseline = fields["baseline_amount"].to_representation
    progress = fields["progress"].to_representation
    value = fields["observations"].child.fields["value"].to_representation
    link = links(request, "api:pledge-detail", "pk")
    out = []
    for pledge in page:
        due = pledge.due_start
        out.append(
            {
                "id": pledge.pk,
                "url": link(pledge.pk),
                "event": pledge.event.slug,
                "title": pledge.title,
                "description": pledge.description,
                "wording": pledge.wording,
                "parties": [{"country": row["country"], "role": row["role"]} for row in pledge.party_rows],
                "sectors": [row["slug"] for row in pledge.sector_rows],
                "target_amount": _or_none(amount, pledge.target_amount),
                "target_currency": pledge.target_currency,
                "target_unit": pledge.target_unit,
                "target_measure": pledge.target_measure,
                "baseline_amount": None
                if pledge.baseline_amount is None
                else baseline(pledge.baseline_amount),
                "baseline_note": pledge.baseline_note,
                "currencies": None
                if pledge.currencies is None
                else [_text(code) for code in pledge.currencies],
                "due": None
                if due is None
                else fuzzy_date(due, pledge.due_end, pledge.due_precision, pledge.due_approximate),
                "current_status": pledge.current_status or None,
                "progress": progress(pledge),
                "status_history": [
                    {
                        "status": row["status"],
                        "as_of": _json_date(row, "as_of"),
                        "note": row["note"],
                        "citations": _citations(row["citations"]),
                    }
                    for row in pledge.status_rows
                ],
                "observations": [
                    {
                        "period": _json_date(row, "period"),
                        "value": _or_none(value, row["value"]),
                        "currency": row["currency"],
                        "unit": row["unit"],
                        "source": row["source"],
                        "excerpt": row["excerpt"],
                        "note": row["note"],
                    }
                    for row in pledge.observation_rows
                ],
                "reaffirmations": [
                    {"event": row["event"], "note": row["note"]} for row in pledge.reaffirmation_rows
                ],
                "citations": _citations(pledge.citation_rows),
            }
        )
    return out
