"""The seed story (`story.json`, beside this module) and its loader, `manage.py load_seed`."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from django.db import models, transaction

from relations.dates import FuzzyDate
from relations.history import SEED_LOADER, changes_made_by
from relations.models import (
    Citation,
    Commission,
    CommissionName,
    Country,
    Event,
    EventCountry,
    EventKind,
    EventLink,
    NameKind,
    Observation,
    OfficeHeld,
    Official,
    OfficialName,
    Organization,
    Participant,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
    Source,
    derived,
)
from relations.models.pledge_status import status_sequence_error

SEED_PATH = Path(__file__).resolve().parent / "story.json"

# Every model the seed writes, in the order it writes them.
SEED_MODELS: list[type[models.Model]] = [
    Sector,
    Organization,
    Source,
    Commission,
    CommissionName,
    Official,
    OfficialName,
    OfficeHeld,
    Event,
    EventCountry,
    Participant,
    EventLink,
    Pledge,
    PledgeParty,
    PledgeStatusChange,
    PledgeReaffirmation,
    Observation,
    Citation,
]

M = TypeVar("M", bound=models.Model)


def seed_story(*, path: Path | None = None) -> dict[str, Any]:
    """The seed story as written in ``story.json`` (or in ``path``)."""
    return json.loads((path or SEED_PATH).read_text(encoding="utf-8"))


def seed_load(*, path: Path | None = None, overwrite: bool = False) -> dict[str, int]:
    """Load the seed story in one transaction; return how many rows of each model it created.

    Idempotent: each record is found by its natural key (ISO code, slug,
    an office's holder, title and start, a pledge's event and title).
    A record that exists already is left as editors have it (`make run` loads the seed at every
    start), unless ``overwrite`` is set: then it is brought back to the story's values, saved
    only where a value differs, and the sectors and members it lists are set to the story's.
    A source that still holds a placeholder of an earlier story (`is_placeholder_source`) is
    brought up to the story's values either way.
    Rows the story does not mention are never touched. Every change it makes is attributed to
    the seed loader in the change history (`relations.history`).
    """
    story = seed_story(path=path)
    loader = _SeedLoader(overwrite=overwrite)
    # Its records' history says "seed loader", not a user: none is signed in.
    with transaction.atomic(), changes_made_by(SEED_LOADER):
        loader.load(story)
    return loader.created


# What earlier versions of the story wrote where a source's publisher or headline was not known:
# a stand-in publisher, and a description in [brackets] for a title. A source still holding one
# is brought up to the story's values on the next load; one an editor has corrected is left alone.
PLACEHOLDER_PUBLISHERS = {"News report (seed article)"}


def is_placeholder_source(source: Source) -> bool:
    """Whether ``source`` still holds a placeholder an earlier story wrote (see above)."""
    title = source.title.strip()
    return source.publisher in PLACEHOLDER_PUBLISHERS or (title.startswith("[") and title.endswith("]"))


def _date(text: str | None) -> FuzzyDate | None:
    return FuzzyDate.parse(text) if text else None


def _day(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _amount(text: str | None) -> Decimal | None:
    return Decimal(text) if text else None


class _SeedLoader:
    """Walks the story in dependency order, remembering what it wrote under each natural key."""

    def __init__(self, *, overwrite: bool) -> None:
        self.overwrite = overwrite
        self.new: set[tuple[type[models.Model], Any]] = set()
        self.created = {str(model._meta.verbose_name_plural): 0 for model in SEED_MODELS}
        self.countries: dict[str, Country] = Country.objects.in_bulk()
        self.kinds: dict[str, EventKind] = EventKind.objects.in_bulk()
        self.sectors: dict[str, Sector] = {}
        self.organizations: dict[str, Organization] = {}
        self.sources: dict[str, Source] = {}
        self.commissions: dict[str, Commission] = {}
        self.officials: dict[str, Official] = {}
        self.events: dict[str, Event] = {}

    def load(self, story: dict[str, Any]) -> None:
        for item in story["sectors"]:
            self.load_sector(item)
        for item in story["organizations"]:
            self.load_organization(item)
        for item in story["sources"]:
            self.load_source(item)
        for item in story["commissions"]:
            self.load_commission(item)
        for item in story["officials"]:
            self.load_official(item)
        for item in story["events"]:
            self.load_event(item)
        for item in story["event_links"]:
            self.upsert(
                EventLink,
                from_event=self.ref(self.events, item["from"], "event"),
                to_event=self.ref(self.events, item["to"], "event"),
                kind=EventLink.Kind(item["kind"]),
            )
        for item in story["pledges"]:
            self.load_pledge(item)

    # Writing ------------------------------------------------------------------------------

    def upsert(
        self,
        model: type[M],
        values: dict[str, Any] | None = None,
        *,
        stale: Callable[[M], bool] | None = None,
        **lookup: Any,
    ) -> M:
        """The row found by ``lookup``, created or updated to ``values``; saved only if it differs.

        An existing row is updated when overwriting, or when ``stale(row)`` says it still holds
        what an earlier version of the story wrote and no editor has corrected since.
        Unlike ``update_or_create``, an unchanged row is not saved again, so it gets no new
        history record.
        """
        values = values or {}
        obj = model._default_manager.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup)
            self.created[str(model._meta.verbose_name_plural)] += 1
        elif not (self.overwrite or (stale and stale(obj))) or all(
            getattr(obj, name) == value for name, value in values.items()
        ):
            return obj
        for name, value in values.items():
            setattr(obj, name, value)  # also fills FuzzyDateField columns, which __init__ refuses
        obj.save()
        self.new.add((model, obj.pk))
        return obj

    def may_change(self, obj: models.Model) -> bool:
        """Whether this run may rewrite ``obj``'s many-to-many lists: new, or overwriting."""
        return self.overwrite or (type(obj), obj.pk) in self.new

    def cite(self, fact: str, obj: models.Model, citations: list[dict[str, str]]) -> None:
        """Cite each source for ``obj``, which is the citation's ``fact`` (event, pledge…)."""
        for item in citations:
            source = self.ref(self.sources, item["source"], "source")
            self.upsert(Citation, {"excerpt": item.get("excerpt", "")}, source=source, **{fact: obj})

    def ref(self, table: dict[str, M], key: str, what: str) -> M:
        try:
            return table[key]
        except KeyError:
            raise ValueError(f"The seed story names an unknown {what}: {key!r}.") from None

    def country(self, code: str | None) -> Country | None:
        return self.ref(self.countries, code.upper(), "country") if code else None

    # Records ------------------------------------------------------------------------------

    def load_sector(self, item: dict[str, Any]) -> None:
        parent = self.ref(self.sectors, item["parent"], "sector") if item.get("parent") else None
        self.sectors[item["slug"]] = self.upsert(
            Sector, {"name": item["name"], "parent": parent}, slug=item["slug"]
        )

    def load_organization(self, item: dict[str, Any]) -> None:
        parent = item.get("parent")
        self.organizations[item["slug"]] = self.upsert(
            Organization,
            {
                "name": item["name"],
                "acronym": item.get("acronym", ""),
                "kind": Organization.Kind(item["kind"]),
                "country": self.country(item.get("country")),
                "parent": self.ref(self.organizations, parent, "organization") if parent else None,
            },
            slug=item["slug"],
        )

    def load_source(self, item: dict[str, Any]) -> None:
        values = {
            "title": item["title"],
            "url": item.get("url", ""),
            "publisher": item["publisher"],
            "published_on": _date(item.get("published_on")),
            "language": item.get("language", "en"),
            "kind": Source.Kind(item["kind"]),
        }
        self.sources[item["key"]] = self.upsert(Source, values, stale=is_placeholder_source, slug=item["key"])

    def load_commission(self, item: dict[str, Any]) -> None:
        parent = item.get("parent")
        commission = self.upsert(
            Commission,
            {
                "name": item["name"],
                "acronym": item.get("acronym", ""),
                "kind": Commission.Kind(item["kind"]),
                "founded": _date(item.get("founded")),
                "parent": self.ref(self.commissions, parent, "commission") if parent else None,
                "description": item.get("description", ""),
            },
            slug=item["slug"],
        )
        if self.may_change(commission):
            commission.members.set([self.country(code) for code in item["members"]])
        for other in item.get("names", []):
            self.upsert(
                CommissionName,
                {
                    "kind": NameKind(other["kind"]),
                    "valid_from": _day(other.get("valid_from")),
                    "valid_until": _day(other.get("valid_until")),
                },
                commission=commission,
                name=other["name"],
            )
        self.commissions[item["slug"]] = commission

    def load_official(self, item: dict[str, Any]) -> None:
        official = self.upsert(
            Official,
            {"name": item["name"], "nationality": self.country(item.get("nationality"))},
            slug=item["slug"],
        )
        for alias in item.get("aliases", []):
            self.upsert(
                OfficialName, {"kind": NameKind(alias["kind"])}, official=official, name=alias["name"]
            )
        for office in item.get("offices", []):
            start = _date(office.get("start"))
            held = self.upsert(
                OfficeHeld,
                {
                    "organization": self.ref(self.organizations, office["organization"], "organization"),
                    "country": self.country(office.get("country")),
                    "start": start,
                    "end": _date(office.get("end")),
                    "end_unknown": office.get("end_unknown", False),
                },
                official=official,
                title=office["title"],
                start_start=start.start if start else None,
            )
            self.cite("office", held, office.get("citations", []))
        self.officials[item["slug"]] = official

    def load_event(self, item: dict[str, Any]) -> None:
        commission, parent = item.get("commission"), item.get("parent")
        event = self.upsert(
            Event,
            {
                "title": item["title"],
                "kind": self.ref(self.kinds, item["kind"], "event kind"),
                "status": Event.Status(item["status"]),
                "date": FuzzyDate.parse(item["date"]),
                "place": item.get("place", ""),
                "place_country": self.country(item.get("place_country")),
                "commission": self.ref(self.commissions, commission, "commission") if commission else None,
                "session_number": item.get("session_number"),
                "parent": self.ref(self.events, parent, "event") if parent else None,
                "summary": item.get("summary", ""),
            },
            slug=item["slug"],
        )
        with derived.changing(event):  # its pairs and totals refreshed once, not once per country
            for role in item.get("countries", []):
                self.upsert(
                    EventCountry,
                    {"role": EventCountry.Role(role["role"])},
                    event=event,
                    country=self.country(role["country"]),
                )
        for person in item.get("participants", []):
            who = (
                {"official": self.ref(self.officials, person["official"], "official")}
                if person.get("official")
                else {"official": None, "name": person["name"]}
            )
            values = {
                "side": self.country(person.get("side")),
                "role": Participant.Role(person["role"]),
                "capacity": person.get("capacity", ""),
            }
            self.upsert(Participant, values, event=event, **who)
        if self.may_change(event):
            event.sectors.set([self.ref(self.sectors, slug, "sector") for slug in item.get("sectors", [])])
        self.cite("event", event, item.get("citations", []))
        self.events[item["slug"]] = event

    def load_pledge(self, item: dict[str, Any]) -> None:
        pledge = self.upsert(
            Pledge,
            {
                "description": item.get("description", ""),
                "wording": item.get("wording", ""),
                "target_amount": _amount(item.get("target_amount")),
                "target_currency": item.get("target_currency", ""),
                "target_unit": item.get("target_unit", ""),
                "target_measure": item.get("target_measure", ""),
                "baseline_amount": _amount(item.get("baseline_amount")),
                "baseline_note": item.get("baseline_note", ""),
                "currencies": item.get("currencies", []),
                "due": _date(item.get("due")),
            },
            event=self.ref(self.events, item["event"], "event"),
            title=item["title"],
        )
        with derived.changing(pledge):  # its totals refreshed once, not once per party
            for party in item["parties"]:
                self.upsert(
                    PledgeParty,
                    {"role": PledgeParty.Role(party["role"])},
                    pledge=pledge,
                    country=self.country(party["country"]),
                )
        if self.may_change(pledge):
            pledge.sectors.set([self.ref(self.sectors, slug, "sector") for slug in item.get("sectors", [])])
        self.cite("pledge", pledge, item.get("citations", []))

        statuses = sorted(item["statuses"], key=lambda change: FuzzyDate.parse(change["as_of"]).start)
        if error := status_sequence_error([change["status"] for change in statuses]):
            raise ValueError(f"The seed pledge {item['title']!r} has an impossible history: {error}")
        for change in statuses:
            as_of = FuzzyDate.parse(change["as_of"])
            recorded = self.upsert(
                PledgeStatusChange,
                {"as_of": as_of, "note": change.get("note", "")},
                pledge=pledge,
                status=PledgeStatus(change["status"]),
                as_of_start=as_of.start,
            )
            self.cite("status_change", recorded, change.get("citations", []))
        for seen in item.get("observations", []):
            period = FuzzyDate.parse(seen["period"])
            self.upsert(
                Observation,
                {
                    "period": period,
                    "value": Decimal(seen["value"]),
                    "currency": seen.get("currency", ""),
                    "unit": seen.get("unit", ""),
                    "source": self.ref(self.sources, seen["source"], "source"),
                    "excerpt": seen.get("excerpt", ""),
                    "note": seen.get("note", ""),
                },
                pledge=pledge,
                period_start=period.start,
                period_end=period.end,
            )
        for again in item.get("reaffirmations", []):
            self.upsert(
                PledgeReaffirmation,
                {"note": again.get("note", "")},
                pledge=pledge,
                event=self.ref(self.events, again["event"], "event"),
            )
