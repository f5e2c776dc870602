"""What an official's page reads: the official with their other names and offices (each with its
sources) and a page of the events they attended, each query compiled once per process
(`relations.prepared`) and run with the official's slug or id; the summary's figures are read
the same way (`relations.summaries.official_summary`).

The rows and their orders are those of the ``prefetch_related`` and ORM reading they replace
(Django builds and compiles each of those queries again on every request), which
`tests/test_official_page.py` compares them with.
"""

from __future__ import annotations

from django.db.models import F
from django.http import Http404

from relations.models import Citation, OfficeHeld, Official, OfficialName, Participant
from relations.models.countries import name_as_of
from relations.pagination import prepared_pages
from relations.prepared import Prepared, attach, attach_each

_OFFICIAL = Prepared(
    lambda slug: Official.objects.select_related("nationality").filter(slug=slug).order_by()[:1]
)
_NAMES = Prepared(lambda official: OfficialName.objects.filter(official_id=official))
_OFFICES = Prepared(
    lambda official: (
        OfficeHeld.objects.select_related("organization", "country")
        .filter(official_id=official)
        .order_by(F("start_start").desc(nulls_last=True), "-pk")
    )
)
_OFFICE_SOURCES = Prepared(lambda official: Citation.objects.filter(office__official_id=official))

# The events attended, as participations, newest first along their index (`attended_by`).
# Each side is named as it was on the event's first day ("Turkey" in 2019).
ATTENDED = prepared_pages(
    lambda official: (
        Participant.objects.attended_by(official)
        .select_related("event__kind", "side")
        .annotate(side_name=name_as_of("side_id", "date_start"))
    )
)


def official_page(slug: str) -> Official:
    """The official whose slug is ``slug``, with their names and offices (each office's
    ``citations`` too); Http404 when there is no such official."""
    found = _OFFICIAL.rows(slug=slug)
    if not found:
        raise Http404("No Official matches the given query.")
    official = found[0]
    attach(official, "names", _NAMES.rows(official=official.pk))
    offices = _OFFICES.rows(official=official.pk)
    attach(official, "offices", offices)
    if offices:
        attach_each(offices, "citations", _OFFICE_SOURCES.rows(official=official.pk), key="office_id")
    return official
