"""Writes that span several models: a record saved with its children, by the API and the article review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import models, transaction

from relations.models import Citation, Commission, Country, Event, Official, Pledge, Sector, derived


def _sync_children(
    manager: models.Manager, rows: list[dict[str, Any]] | None, *, key: Callable[[dict], Any], **parent: Any
) -> list[models.Model]:
    """Make ``manager``'s rows match ``rows``: update those with the same ``key``, add the new
    ones, delete the rest. ``None`` leaves the children as they are. Nested ``citations`` in a
    row are synced for the child they belong to. Rows that share a key (two participants known
    only as "Delegate") are matched one to one, in order."""
    if rows is None:
        return list(manager.all())
    existing: dict[Any, list[models.Model]] = {}
    for child in manager.all():
        existing.setdefault(key(vars(child)), []).append(child)
    kept = []
    for row in rows:
        row = dict(row)
        citations = row.pop("citations", None)
        same = existing.get(key(row))
        child = same.pop(0) if same else manager.model(**parent)
        for name, value in row.items():
            setattr(child, name, value)
        child.save()
        if citations is not None:
            fact = Citation.CITED_BY[manager.model]
            _sync_children(child.citations, citations, key=_source_key, **{fact: child})
        kept.append(child)
    for children in existing.values():
        for child in children:
            child.delete()
    return kept


def _source_key(row: dict) -> Any:
    return row.get("source_id") or row["source"].pk


def _country_key(row: dict) -> Any:
    return row.get("country_id") or row["country"].pk


def event_save(
    *,
    event: Event,
    countries: list[dict] | None = None,
    participants: list[dict] | None = None,
    sectors: list[Sector] | None = None,
    citations: list[dict] | None = None,
) -> Event:
    """Save an event with the countries, participants, sectors and citations given; a list left
    as ``None`` is not changed. One transaction."""
    with transaction.atomic():
        event.save()
        with derived.changing(event):  # refreshed once, not once per child row
            _sync_children(event.event_countries, countries, key=_country_key, event=event)
            _sync_children(
                event.participants,
                participants,
                key=lambda row: (
                    row.get("official_id") or getattr(row.get("official"), "pk", None) or row.get("name")
                ),
                event=event,
            )
            _sync_children(event.citations, citations, key=_source_key, event=event)
            if sectors is not None:
                event.sectors.set(sectors)
    return event


def pledge_save(
    *,
    pledge: Pledge,
    parties: list[dict] | None = None,
    sectors: list[Sector] | None = None,
    status_history: list[dict] | None = None,
    reaffirmations: list[dict] | None = None,
    observations: list[dict] | None = None,
    citations: list[dict] | None = None,
) -> Pledge:
    """Save a pledge with its parties, sectors, status history, reaffirmations, observations and
    citations; a list left as ``None`` is not changed. An observation is matched to the stored
    one of the same period (its first and last day). One transaction."""
    with transaction.atomic():
        pledge.save()
        with derived.changing(pledge):  # refreshed once, not once per child row
            _sync_children(pledge.parties, parties, key=_country_key, pledge=pledge)
            _sync_children(
                pledge.status_changes,
                status_history,
                key=lambda row: (row["status"], (row.get("as_of_start") or row["as_of"].start)),
                pledge=pledge,
            )
            _sync_children(
                pledge.reaffirmations,
                reaffirmations,
                key=lambda row: row.get("event_id") or row["event"].pk,
                pledge=pledge,
            )
            _sync_children(pledge.observations, observations, key=_period_key, pledge=pledge)
            _sync_children(pledge.citations, citations, key=_source_key, pledge=pledge)
            if sectors is not None:
                pledge.sectors.set(sectors)
    return pledge


def _period_key(row: dict) -> Any:
    if "period" in row:
        return (row["period"].start, row["period"].end)
    return (row["period_start"], row["period_end"])


def official_save(
    *, official: Official, names: list[dict] | None = None, offices: list[dict] | None = None
) -> Official:
    """Save an official with the other names and offices given. One transaction."""
    with transaction.atomic():
        official.save()
        _sync_children(official.names, names, key=lambda row: row["name"], official=official)
        _sync_children(
            official.offices,
            offices,
            key=lambda row: (
                row["title"],
                row.get("start_start") or getattr(row.get("start"), "start", None),
            ),
            official=official,
        )
    return official


def commission_save(
    *, commission: Commission, members: list[Country] | None = None, names: list[dict] | None = None
) -> Commission:
    """Save a commission with the members and other names given; a list left as ``None`` is not
    changed. One transaction."""
    with transaction.atomic():
        commission.save()
        if members is not None:
            commission.members.set(members)
        _sync_children(commission.names, names, key=lambda row: row["name"], commission=commission)
    return commission
