"""The autocomplete boxes of every admin form: records offered best match first, each named so
that two of the same name can be told apart.

Django's autocomplete view lists what the model admin's ``get_search_results`` finds, in its
order, and names each record with ``str()``. Here a model admin may name them itself: its
``autocomplete_queryset(request, queryset)`` adds what the names read to the page's query
(select or prefetch: a fixed number of queries, whatever the rows) and its
``autocomplete_label(obj, term)`` gives each name without a query. The records whose admin module
does not (events, pledges, status changes) are named by `LABELS` below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.main import ORDER_VAR
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from relations.models import Event, OfficeHeld, Pledge, PledgeStatusChange

#: How many of an event's countries its name lists before "and N more".
COUNTRIES_NAMED = 3


def keep_chosen_order(request: HttpRequest, queryset: QuerySet, ranked: QuerySet) -> QuerySet:
    """``ranked`` (a search's results, best match first), or in ``queryset``'s order where the
    editor sorted the change list by a column."""
    return ranked.order_by(*queryset.query.order_by) if request.GET.get(ORDER_VAR) else ranked


def office_years(office: OfficeHeld) -> str:
    """The years an office was held, as a lookup shows them: "2013–2017", "2024–" (still held),
    "2019–?" (ended on a day nobody reported), "–2017", or "" when neither end is known."""
    start = str(office.start.start.year) if office.start else ""
    if office.end:
        end = str(office.end.start.year)
        return end if end == start else f"{start}–{end}"
    if not start:
        return ""
    return f"{start}–?" if office.end_unknown else f"{start}–"


def office_label(office: OfficeHeld, *, country_name: str = "") -> str:
    """ "Deputy Prime Minister, Pakistan (2024–)"; "former …" once it has ended."""
    where = office.country.name if office.country_id else country_name
    years = office_years(office)
    text = f"{office.title}, {where}" if where else office.title
    if years:
        text += f" ({years})"
    ended = office.end_unknown or (office.end and office.end.end < dt.date.today())
    return f"former {text}" if ended else text


def event_label(event: Event) -> str:
    """ "16th session of the JMC (8–9 September 2025; Pakistan, Türkiye)": its date and countries
    (prefetched with the page)."""
    names = [country.name for country in event.countries.all()]
    if len(names) > COUNTRIES_NAMED:
        names = [*names[:COUNTRIES_NAMED], f"{len(names) - COUNTRIES_NAMED} more"]
    details = [str(event.date)] if event.date_start else []
    if names:
        details.append(", ".join(names))
    return f"{event.title} ({'; '.join(details)})" if details else event.title


def pledge_label(pledge: Pledge) -> str:
    """ "Cooperate on LNG — Pakistan, Türkiye, at the 16th session … (8–9 September 2025)"."""
    parties = ", ".join(party.country.name for party in pledge.parties.all())
    made_at = f"at {pledge.event}"
    return f"{pledge.title} — {parties}, {made_at}" if parties else f"{pledge.title} — {made_at}"


def status_change_label(change: PledgeStatusChange) -> str:
    """ "Cooperate on LNG: fulfilled (October 2026)"."""
    return f"{change.pledge.title}: {change}"


@dataclass(frozen=True)
class Label:
    """How the autocomplete names one model's records: what the page's query reads for it
    (``prepare``) and each record's name (``text``, no query)."""

    text: Callable[[Model], str]
    prepare: Callable[[QuerySet], QuerySet] = lambda queryset: queryset


LABELS: dict[type[Model], Label] = {
    Event: Label(event_label, lambda events: events.prefetch_related("countries")),
    Pledge: Label(pledge_label, lambda pledges: pledges.for_list()),
    PledgeStatusChange: Label(status_change_label, lambda changes: changes.select_related("pledge")),
}


class TrackerAutocompleteJsonView(AutocompleteJsonView):
    """Django's autocomplete view, naming records as their model admin or `LABELS` says."""

    def label(self) -> Label:
        model_admin = self.model_admin
        if hasattr(model_admin, "autocomplete_label"):
            return Label(
                lambda obj: model_admin.autocomplete_label(obj, self.term),
                lambda queryset: model_admin.autocomplete_queryset(self.request, queryset),
            )
        return LABELS.get(model_admin.model, Label(str))

    def get_queryset(self) -> QuerySet:
        self.naming = self.label()
        return self.naming.prepare(super().get_queryset())

    def serialize_result(self, obj: Model, to_field_name: str) -> dict[str, str]:
        return {"id": str(getattr(obj, to_field_name)), "text": self.naming.text(obj)}


def autocomplete_view(request: HttpRequest):
    return TrackerAutocompleteJsonView.as_view(admin_site=admin.site)(request)


# Assigned on the site itself (whatever its class) before its URLs are read.
admin.site.autocomplete_view = autocomplete_view
