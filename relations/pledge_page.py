"""What a pledge's page reads: the pledge with its event, and seven lists around it, each query
compiled once per process (`relations.prepared`) and run with the pledge's id.

Through ``prefetch_related`` Django builds and compiles every list's query again on each
request, which cost more of the page's time than the database spent answering. The rows and
their orders are those of the ``Prefetch`` querysets they replace, which
`tests/test_pledge_page.py` compares them with. The lists are handed to the pledge (and each
status change its sources) as ``prefetch_related`` would have left them.
"""

from __future__ import annotations

from django.db import connection
from django.http import Http404

from relations.models import (
    Citation,
    Observation,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatusChange,
    Sector,
)
from relations.prepared import Prepared, attach, attach_each

_PLEDGE = Prepared(
    lambda pledge: (
        Pledge.objects.select_related("event__place_country", "event__commission")
        .filter(pk=pledge)
        .order_by()[:1]
    )
)

_LISTS = {
    "parties": Prepared(
        lambda pledge: (
            PledgeParty.objects.select_related("country").order_by("country__name").filter(pledge_id=pledge)
        )
    ),
    "sectors": Prepared(lambda pledge: Sector.objects.filter(pledges=pledge)),
    "reaffirmations": Prepared(
        lambda pledge: (
            PledgeReaffirmation.objects.select_related("event")
            .order_by("event__date_start", "pk")
            .filter(pledge_id=pledge)
        )
    ),
    "citations": Prepared(
        lambda pledge: Citation.objects.select_related("source").order_by("pk").filter(pledge_id=pledge)
    ),
    "observations": Prepared(
        lambda pledge: Observation.objects.select_related("source").filter(pledge_id=pledge)
    ),
}
# The status history in date order, and the sources of each change.
_HISTORY = Prepared(
    lambda pledge: PledgeStatusChange.objects.order_by("as_of_start", "pk").filter(pledge_id=pledge)
)
_HISTORY_SOURCES = Prepared(
    lambda pledge: (
        Citation.objects.select_related("source").order_by("pk").filter(status_change__pledge_id=pledge)
    )
)


def pledge_page(pk: int) -> Pledge:
    """The pledge ``pk`` with everything its page shows; Http404 when there is no such pledge."""
    low, high = connection.ops.integer_field_range(Pledge._meta.pk.get_internal_type())
    # An id no column can hold is no pledge's, as the ORM's own lookup would say.
    found = _PLEDGE.rows(pledge=pk) if low <= pk <= high else []
    if not found:
        raise Http404("No Pledge matches the given query.")
    pledge = found[0]
    for name, prepared in _LISTS.items():
        attach(pledge, name, prepared.rows(pledge=pk))
    history = _HISTORY.rows(pledge=pk)
    attach(pledge, "status_changes", history)
    if history:
        attach_each(history, "citations", _HISTORY_SOURCES.rows(pledge=pk), key="status_change_id")
    return pledge
