"""What a commission's page reads: the commission with its members, other names and child bodies,
and its sessions with their co-chairs and pledges, each query compiled once per process
(`relations.prepared`) and run with the commission's slug or id.

The rows and their orders are those of the ``prefetch_related`` reading they replace (Django
builds and compiles each of those queries again on every request), which
`tests/test_commission_page.py` compares them with. The lists are handed over as
``prefetch_related`` would have left them: ``commission.members.all()`` answers without a
query, and each session's ``co_chairs`` and ``pledge_list`` are lists.
"""

from __future__ import annotations

from django.db.models import F, OuterRef
from django.http import Http404

from relations.models import Commission, CommissionName, Country, Event, Participant, Pledge
from relations.models.countries import name_as_of
from relations.models.jsonrows import JSONRows
from relations.prepared import Prepared, attach


def _commission(slug: str):
    # Its other names are read with it, as JSON: no query of their own.
    names = CommissionName.objects.filter(commission=OuterRef("pk")).order_by("kind", "name")
    return (
        Commission.objects.select_related("parent")
        .annotate(name_rows=JSONRows(names, name="name", kind="kind"))
        .filter(slug=slug)
        .order_by()[:1]
    )


_COMMISSION = Prepared(_commission)
_MEMBERS = Prepared(lambda commission: Country.objects.order_by("name").filter(commissions=commission))
_CHILDREN = Prepared(lambda commission: Commission.objects.filter(parent_id=commission))
_SESSIONS = Prepared(
    lambda commission: (
        Event.objects.with_reaffirmed()
        .select_related("place_country", "kind")
        # Countries are named as they were on each session's first day ("Turkey" in 2019).
        .annotate(place_name=name_as_of("place_country_id", "date_start"))
        .filter(commission_id=commission)
        .order_by(F("session_number").asc(nulls_last=True), "date_start", "pk")
    )
)
_CO_CHAIRS = Prepared(
    lambda commission: (
        Participant.objects.filter(role=Participant.Role.CO_CHAIR)
        .select_related("official", "side")
        .annotate(side_name=name_as_of("side_id", "date_start"))
        .filter(event__commission_id=commission)
        .order_by("pk")
    )
)
_PLEDGES = Prepared(lambda commission: Pledge.objects.filter(event__commission_id=commission).order_by("pk"))

# Each co-chair and pledge knows its session, as a prefetch leaves it.
_PARTICIPANT_EVENT = Participant._meta.get_field("event")
_PLEDGE_EVENT = Pledge._meta.get_field("event")


def commission_page(slug: str) -> tuple[Commission, list[Event]]:
    """The commission whose slug is ``slug`` with its members (by name) and child bodies, and its
    sessions in number order, each with ``co_chairs`` and ``pledge_list``; Http404 when there
    is no such commission."""
    found = _COMMISSION.rows(slug=slug)
    if not found:
        raise Http404("No Commission matches the given query.")
    commission = found[0]
    attach(commission, "members", _MEMBERS.rows(commission=commission.pk))
    attach(commission, "children", _CHILDREN.rows(commission=commission.pk))
    sessions = _SESSIONS.rows(commission=commission.pk)
    attach(commission, "sessions", sessions)
    for session in sessions:
        session.co_chairs, session.pledge_list = [], []
    if sessions:
        by_pk = {session.pk: session for session in sessions}
        for co_chair in _CO_CHAIRS.rows(commission=commission.pk):
            by_pk[co_chair.event_id].co_chairs.append(co_chair)
            _PARTICIPANT_EVENT.set_cached_value(co_chair, by_pk[co_chair.event_id])
        for pledge in _PLEDGES.rows(commission=commission.pk):
            by_pk[pledge.event_id].pledge_list.append(pledge)
            _PLEDGE_EVENT.set_cached_value(pledge, by_pk[pledge.event_id])
    return commission, sessions
