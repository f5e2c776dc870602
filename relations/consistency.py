"""Consistency checks made before a record is saved: what would make the tracker say something
false (an error, never saved) and what is unusual but may be right (a warning an editor accepts).

The checks take plain values (the event's countries, participants, dates, place…) and return
`Finding`s: a level, a message an editor understands, and where it belongs (a field, a row of a
list) with the record it names, if any. They read nothing; the lookups of
`relations.consistency_reads` do, each in a fixed number of queries whatever the number of
rows. Admin (`relations.admin.checks`) and the API call them with the values they are about to
write.

What is an error and what a warning:

* a place outside the countries involved: a warning (a meeting on the sidelines of the UN in
  New York is real);
* a participant's side outside the countries involved: an error. The side is the country the
  person spoke for, so that country took part; left out, the event is missing from its
  timeline, its pairs and its totals. Adding it (as a party, supporter or mediator) is always
  possible;
* an official in an office on a date: an error where the capacity names an office on file
  whose recorded period rules the date out (`offices_ruled_out`: the record contradicts the
  tracker's own); a warning where the capacity names none of the official's offices on file and
  none of them may have been held then (the office list may be what is incomplete);
* a session number a commission already uses: an error naming that session;
* a pledge party that is not among its event's countries, or a country removed from an event
  while a pledge made there binds it: an error (a pledge binds countries that took part);
* a possible duplicate event (the same countries, overlapping dates, a similar title,
  `similar_titles`): a warning naming the other event.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from django.db import models

from relations.consistency_reads import (
    CountryLike,
    OtherEvent,
    code_of,
    countries_of_event,
    duplicate_candidates,
    name_of,
    offices_by_official,
    parties_of_pledges_at,
    session_holder,
    similar_titles,
)
from relations.dates import FuzzyDate
from relations.models import Event, OfficeHeld
from relations.models.constraints import constraint_message
from relations.models.people import offices_ruled_out
from relations.names import fold


class Level(enum.StrEnum):
    WARNING = "warning"
    ERROR = "error"


@dataclass(frozen=True)
class Finding:
    """One thing found: ``field`` is the field it is about, on the record or (with ``rows`` and
    ``row``) on one row of the record's list ``rows`` ("participants", "parties"), numbered as
    the caller listed them; ``record`` is a record it names (the session with that number)."""

    level: Level
    message: str
    field: str = ""
    rows: str = ""
    row: int | None = None
    record: models.Model | None = dataclasses.field(default=None, compare=False)

    @property
    def is_error(self) -> bool:
        return self.level == Level.ERROR


class PersonValues(Protocol):
    """A participant as the caller holds it: a `Participant` (saved or not) or any object with
    these attributes."""

    official: Any  # an Official or None
    name: str
    side: CountryLike | None
    capacity: str


class Person(NamedTuple):
    official: Any
    name: str = ""
    side: CountryLike | None = None
    capacity: str = ""


def names_of(countries: Iterable[CountryLike]) -> str:
    return ", ".join(sorted(name_of(c) for c in countries)) or "none yet"


def person_name(person: PersonValues) -> str:
    return str(person.official) if person.official else (person.name or "A participant")


# The checks ---------------------------------------------------------------------------------


def place_findings(
    *, place: str, place_country: CountryLike | None, countries: Sequence[CountryLike]
) -> list[Finding]:
    """A warning if the place's country is not among the countries involved."""
    codes = {code_of(c) for c in countries}
    if place_country is None or not codes or code_of(place_country) in codes:
        return []
    where = f"{place}, {name_of(place_country)}" if place else name_of(place_country)
    return [
        Finding(
            Level.WARNING,
            f"The place ({where}) is not among the countries involved ({names_of(countries)}). "
            "That is right for a meeting held elsewhere, such as on the sidelines of the UN in New "
            "York; otherwise add the country or correct the place.",
            field="place_country",
        )
    ]


def side_findings(*, participants: Sequence[PersonValues], countries: Sequence[CountryLike]) -> list[Finding]:
    """An error for each participant who spoke for a country that is not among those involved."""
    codes = {code_of(c) for c in countries}
    if not codes:
        return []
    return [
        Finding(
            Level.ERROR,
            f"{person_name(person)} spoke for {name_of(person.side)}, which is not among the countries "
            f"involved ({names_of(countries)}): add {name_of(person.side)} to them (as a party, "
            "supporter or mediator) or correct the side.",
            field="side",
            rows="participants",
            row=i,
        )
        for i, person in enumerate(participants)
        if person.side is not None and code_of(person.side) not in codes
    ]


def office_findings(
    *,
    participants: Sequence[PersonValues],
    date: FuzzyDate | None,
    offices: Mapping[Any, Sequence[OfficeHeld]],
    today: dt.date | None = None,
) -> list[Finding]:
    """Each participant's capacity against their official's ``offices`` on file (by official id):
    an error where it names an office none of whose periods may include ``date``; a warning where
    it names no office on file and no office on file may have been held on ``date``."""
    if date is None:
        return []
    findings = []
    for i, person in enumerate(participants):
        official = person.official
        held = list(offices.get(getattr(official, "pk", None), ())) if official else []
        if not (held and person.capacity.strip()):
            continue
        if ruled_out := offices_ruled_out(person.capacity, date, held, today=today):
            periods = "; ".join(office.period_display() for office in ruled_out)
            message = (
                f"{official} cannot have come as “{person.capacity}” on {date}: "
                f"that office is recorded for {periods}."
            )
            findings.append(Finding(Level.ERROR, message, field="capacity", rows="participants", row=i))
            continue
        named = fold(person.capacity)
        if any(fold(office.title) == named for office in held):
            continue
        if any(office.may_be_held_during(date, today=today) for office in held):
            continue
        on_file = "; ".join(f"{office.title}, {office.period_display()}" for office in held)
        findings.append(
            Finding(
                Level.WARNING,
                f"{official} came as “{person.capacity}” on {date}, but held none of the offices on file "
                f"then ({on_file}). Check the date and the official, or record the office.",
                field="capacity",
                rows="participants",
                row=i,
            )
        )
    return findings


def session_findings(*, session_number: int | None, taken_by: Event | None) -> list[Finding]:
    """An error naming the session that already has this number in the commission."""
    if session_number is None or taken_by is None:
        return []
    generic = constraint_message(Event, "event_one_session_number_per_commission")
    message = f"{generic} It is “{taken_by.title}” ({taken_by.date})."
    return [Finding(Level.ERROR, message, field="session_number", record=taken_by)]


def party_findings(
    *, parties: Sequence[CountryLike], event_title: str, event_countries: Sequence[CountryLike]
) -> list[Finding]:
    """An error for each pledge party that is not among the countries of the pledge's event."""
    codes = {code_of(c) for c in event_countries}
    return [
        Finding(
            Level.ERROR,
            f"{name_of(country)} is not among the countries of “{event_title}” "
            f"({names_of(event_countries)}): a pledge binds countries that took part. Add it to "
            "the event's countries first, or choose another party.",
            field="country",
            rows="parties",
            row=i,
        )
        for i, country in enumerate(parties)
        if code_of(country) not in codes
    ]


def pledged_country_findings(
    *, countries: Sequence[CountryLike], pledges: Iterable[tuple[models.Model, Sequence[CountryLike]]]
) -> list[Finding]:
    """An error for each pledge made at the event that binds a country no longer among its
    countries (``pledges``: each pledge with its parties)."""
    codes = {code_of(c) for c in countries}
    findings = []
    for pledge, parties in pledges:
        for country in parties:
            if code_of(country) not in codes:
                findings.append(
                    Finding(
                        Level.ERROR,
                        f"{name_of(country)} is a party to “{pledge}”, a pledge made at this event: "
                        f"keep {name_of(country)} among the countries involved, or change the "
                        "pledge's parties first.",
                        record=pledge,
                    )
                )
    return findings


def duplicate_findings(
    *,
    title: str,
    date: FuzzyDate | None,
    countries: Sequence[CountryLike],
    others: Iterable[OtherEvent],
) -> list[Finding]:
    """A warning for each other event with the same countries, overlapping dates and a similar
    title (`similar_titles`)."""
    codes = frozenset(code_of(c) for c in countries)
    if date is None or not codes:
        return []
    return [
        Finding(
            Level.WARNING,
            f"This may be an event already recorded: “{other.title}” ({other.date}), with the same "
            "countries and overlapping dates. If this is another event, save anyway.",
            record=other.record,
        )
        for other in others
        if other.countries == codes
        and other.date.start <= date.end
        and other.date.end >= date.start
        and similar_titles(title, other.title, ignore=countries)
    ]


# Whole records ------------------------------------------------------------------------------


@dataclass
class EventValues:
    """An event as it is about to be saved. ``pk`` is None for a new one; ``changed`` names what
    this edit changes among its fields and "countries" and "participants" (None: everything,
    as for a new event). Warnings are given only about what changed, so that one an editor
    accepted is not raised again at each later edit; errors always."""

    title: str
    date: FuzzyDate | None
    countries: Sequence[CountryLike]
    participants: Sequence[PersonValues] = ()
    place: str = ""
    place_country: CountryLike | None = None
    commission: Any = None
    session_number: int | None = None
    parent: Any = None
    pk: int | None = None
    changed: Collection[str] | None = None
    removed_pledges: Collection[int] = ()

    def changes(self, *names: str) -> bool:
        return self.changed is None or any(name in self.changed for name in names)


def event_findings(values: EventValues, *, today: dt.date | None = None) -> list[Finding]:
    """Everything checked on an event (see the module's docstring). At most six queries,
    whatever the number of countries and participants."""
    v = values
    findings = side_findings(participants=v.participants, countries=v.countries)
    if v.changes("date", "participants"):
        officials = [p.official for p in v.participants if p.official and p.capacity]
        offices = offices_by_official(officials) if officials else {}
        findings += office_findings(participants=v.participants, date=v.date, offices=offices, today=today)
    if v.session_number is not None and v.changes("commission", "session_number"):
        holder = session_holder(commission=v.commission, session_number=v.session_number, exclude=v.pk)
        findings += session_findings(session_number=v.session_number, taken_by=holder)
    if v.pk is not None and v.changes("countries"):
        pledges = parties_of_pledges_at(Event(pk=v.pk), exclude=v.removed_pledges)
        findings += pledged_country_findings(countries=v.countries, pledges=pledges)
    if v.changes("place_country", "countries"):
        findings += place_findings(place=v.place, place_country=v.place_country, countries=v.countries)
    if v.changes("title", "date", "countries"):
        exclude = [pk for pk in (v.pk, getattr(v.parent, "pk", v.parent)) if pk is not None]
        others = duplicate_candidates(date=v.date, countries=v.countries, exclude=exclude)
        if v.pk is not None:  # an event's own parts (a meeting during the visit) are not duplicates of it
            others = [o for o in others if o.record.parent_id != v.pk]
        findings += duplicate_findings(title=v.title, date=v.date, countries=v.countries, others=others)
    return findings


def pledge_findings(*, event: Event | None, parties: Sequence[CountryLike]) -> list[Finding]:
    """A pledge's parties against its event's countries. One query."""
    if event is None or not parties:
        return []
    return party_findings(parties=parties, event_title=event.title, event_countries=countries_of_event(event))
