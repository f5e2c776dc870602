"""The natural key of each record that editors and programs write: what makes a second record
the same as one that exists, so that it is refused (an admin form error, an API 400 naming the
record) rather than stored twice. A record is changed on its own page or URL, never by writing
it again as new.

| record       | the same record if it has                                                       |
|--------------|---------------------------------------------------------------------------------|
| pledge       | the same event and title (case and accents folded)                              |
| event        | the same slug; or commission and session number; or title (folded), dates and  |
|              | countries (two calls titled alike on one day between other pairs are two events) |
| official     | the same slug or Wikidata id; or name (folded) and nationality, unless their     |
|              | Wikidata ids differ (namesakes are told apart by them)                          |
| organization | the same slug; or name (folded) and country (none for an international body)    |
| commission   | the same slug; or name (folded) and the same member countries                  |
| sector       | the same slug; or name (folded) and parent                                      |
| source       | the same slug or URL                                                            |

Slugs, Wikidata ids, URLs and session numbers are unique in the database and refused by their
own constraints; the rest are checked here, in Python, because rows stored before the check
may share a key and must not be lost. The candidates are read through indexed columns (a
pledge's event, an event's first day, an official's folded name) and folded in Python: a few
rows, whatever the size of the table.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Q

from relations.models.commissions import Commission
from relations.models.events import Event
from relations.models.people import Official, Organization
from relations.models.pledges import Pledge
from relations.models.sectors import Sector
from relations.names import fold


@dataclass(frozen=True)
class Duplicate:
    """A record that already exists with the natural key of the one being written."""

    record: models.Model
    message: str


def find_duplicate(instance: models.Model, related: Mapping[str, Any] | None = None) -> Duplicate | None:
    """The other record with ``instance``'s natural key, if there is one. ``related`` holds
    what is written with it but not on the row itself (a commission's ``members``); what it
    leaves out is read from the instance as stored."""
    finder = FINDERS.get(type(instance))
    return finder(instance, related or {}) if finder else None


def _others(instance: models.Model) -> models.QuerySet:
    return (
        type(instance)._default_manager.exclude(pk=instance.pk)
        if instance.pk
        else type(instance)._default_manager.all()
    )


def _first_folded(rows: models.QuerySet, attribute: str, text: str) -> models.Model | None:
    folded = fold(text)
    if not folded:
        return None
    return next((row for row in rows if fold(getattr(row, attribute)) == folded), None)


def _pledge(pledge: Pledge, related: Mapping[str, Any]) -> Duplicate | None:
    if not pledge.event_id:
        return None
    other = _first_folded(
        _others(pledge).filter(event_id=pledge.event_id).select_related("event"), "title", pledge.title
    )
    if other is None:
        return None
    return Duplicate(other, f"A pledge “{other.title}” made at “{other.event.title}” already exists")


def _event(event: Event, related: Mapping[str, Any]) -> Duplicate | None:
    date = event.date
    if date is None:
        return None
    countries = _event_countries(event, related)
    rows = _others(event).filter(date_start=date.start, date_end=date.end)
    for other in rows.prefetch_related("event_countries") if countries is not None else rows:
        if fold(other.title) != fold(event.title):
            continue
        if countries is None or {row.country_id for row in other.event_countries.all()} == countries:
            return Duplicate(other, f"An event “{other.title}” on {other.date} already exists")
    return None


def _event_countries(event: Event, related: Mapping[str, Any]) -> set[str] | None:
    """The codes of the countries written with ``event`` (the API's nested rows), or stored
    with it; ``None`` when neither is known (a new event whose countries come in a later form)."""
    if related.get("event_countries") is not None:
        return {getattr(row["country"], "pk", row["country"]) for row in related["event_countries"]}
    if event.pk:
        return set(event.event_countries.values_list("country_id", flat=True))
    return None


def _official(official: Official, related: Mapping[str, Any]) -> Duplicate | None:
    rows = _others(official).filter(name_folded=fold(official.name), nationality_id=official.nationality_id)
    if official.wikidata_id:
        rows = rows.filter(Q(wikidata_id="") | Q(wikidata_id=official.wikidata_id))
    other = rows.select_related("nationality").first() if fold(official.name) else None
    if other is None:
        return None
    of = f" of {other.nationality.name}" if other.nationality else ""
    return Duplicate(
        other,
        f"An official “{other.name}”{of} already exists; if this is a namesake, give each their Wikidata id",
    )


def _organization(organization: Organization, related: Mapping[str, Any]) -> Duplicate | None:
    rows = _others(organization).filter(country_id=organization.country_id).select_related("country")
    other = _first_folded(rows, "name", organization.name)
    if other is None:
        return None
    of = f" of {other.country.name}" if other.country else ""
    return Duplicate(other, f"An organization “{other.name}”{of} already exists")


def _commission(commission: Commission, related: Mapping[str, Any]) -> Duplicate | None:
    if "members" in related:
        members = {getattr(country, "pk", country) for country in related["members"] or []}
    elif commission.pk:
        members = set(commission.members.values_list("pk", flat=True))
    else:
        members = set()
    folded = fold(commission.name)
    if not folded:
        return None
    for other in _others(commission).filter(search_text__contains=folded).prefetch_related("members"):
        if fold(other.name) == folded and {country.pk for country in other.members.all()} == members:
            return Duplicate(other, f"A commission “{other.name}” with the same members already exists")
    return None


def _sector(sector: Sector, related: Mapping[str, Any]) -> Duplicate | None:
    other = _first_folded(_others(sector).filter(parent_id=sector.parent_id), "name", sector.name)
    if other is None:
        return None
    return Duplicate(other, f"A sector “{other.name}” already exists there")


FINDERS: dict[type[models.Model], Callable[[Any, Mapping[str, Any]], Duplicate | None]] = {
    Pledge: _pledge,
    Event: _event,
    Official: _official,
    Organization: _organization,
    Commission: _commission,
    Sector: _sector,
}
