"""Stored event records: ``/api/events/`` reads each event's JSON instead of rendering it.

A page of 50 events costs the database about 2 ms and Python ten times that, most of it DRF's
serializer building the same JSON for each event on every request. Each event's JSON is stored
in `EventRecord` (derived data, listed in relations/models/derived.py), and a list reads it with
the page's own query: one LEFT JOIN, no model instance beyond the page's own, no serializer.

**What is stored.** The text `EventSerializer` and DRF's `JSONRenderer` give for the event, as
one item of a list, with its ``url`` relative to the site (``"url":"/api/events/…/"``): the
scheme and host are the request's, put back when served (`served_text`). The ``page`` link and
the API's addresses depend on the script prefix, so only a site served at ``/`` reads records.

**When it is trusted.** A record carries ``stamp``, the event's ``updated_at`` when it was
rendered, and ``format`` (`FORMAT`). It is served only while both still hold. Every write that
changes what an event's record shows moves ``updated_at``: the event's own save, its owned rows'
writes, and renames of what it refers to (relations/models/touched.py). So a record is not
served stale, whichever write path changed the event, with one exception: a rename shown by
more than 2,000 events moves their stamps after it commits, in batches, and until its batch
reaches an event, that event's old record is served (the busiest country at a million events:
307,190 events, about two minutes on a loaded machine). The first read after a change renders
the changed events again (`page_texts`: the events missing from the page, in one query, as the
live list would) and stores them, in one statement, for the next reader. A change to how the
API renders events (a field, a label) must raise `FORMAT`: every record then counts as missing.

**Costs.** Writes: none (nothing is rendered or stored when an event is written). The first
read of a page after a write: one query for the changed events and one statement storing them,
about 8 ms of CPU. Storage: about 840 bytes per event read at least once (0.84 GB if every one
of a million events has been).

**Filled** on reading, or all at once by ``manage.py rebuild_derived`` (`rebuild`). **Checked**:
`differences` renders every trusted record again and compares (``rebuild_derived --check`` and
the property test of tests/test_derived_property.py).

**Served** only where the answer is exactly the list's own: JSON without indentation, no
``?format=``, no versioning, script prefix ``/``. Everything else (the browsable API, CSV, a
detail) goes the usual way.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from django.db import DatabaseError, models, transaction
from django.http import HttpRequest
from django.urls import get_script_prefix
from rest_framework.renderers import JSONRenderer
from rest_framework.settings import api_settings

log = logging.getLogger(__name__)

#: The rendering's version: raise it when the API's representation of an event changes.
FORMAT = 1

# Records are rendered for this origin and stored without it (`_relative`).
_HOST = "origin.invalid"
_ORIGIN = f"http://{_HOST}"
# The event's own ``url`` is its third key, after an id and a slug (which hold no quote), so
# the first ``"url":"`` of the text is it: a quote inside a value is written ``\"``.
_URL = '"url":"'
BATCH = 2000  # events rendered per query by `rebuild` and `differences`


class _RenderingRequest(HttpRequest):
    """A request for rendering records outside any request: links on `_ORIGIN`."""

    def get_host(self) -> str:
        return _HOST

    def _get_scheme(self) -> str:
        return "http"


def with_records(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` of events with each one's stored record, read in the same query (a LEFT JOIN
    by primary key): ``record_json``, and ``record_trusted``, whether it may be served (its
    stamp is the event's ``updated_at`` and its format `FORMAT`, compared by the database)."""
    trusted = models.Q(record__stamp=models.F("updated_at"), record__format=FORMAT)
    return queryset.annotate(
        record_json=models.F("record__api_json"),
        record_trusted=models.ExpressionWrapper(trusted, output_field=models.BooleanField()),
    )


@cache
def _listed(format: int) -> models.QuerySet:
    from relations.models import Event

    return with_records(Event.objects.all())


@cache
def _exported() -> models.QuerySet:
    from relations.models import Event

    return Event.objects.for_export()


def exported(ids: Iterable[int]) -> models.QuerySet:
    """These events as a record renders them (``Event.objects.for_export()``, whose annotations
    are resolved once per process), by id."""
    return _exported().filter(pk__in=ids).order_by("pk")


def listed_events() -> models.QuerySet:
    """Every event, as a list of records reads it (`with_records`): the filters and the cursor
    narrow and order it as they do the live list's, then `as_rows` reads it. A copy of one
    queryset, whose annotations are resolved once per process."""
    return _listed(FORMAT).all()


def as_rows(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` (`listed_events`, filtered and ordered) read as dictionaries: the id, the
    record, and what the list is ordered by, from which a cursor takes its position (a column
    or an annotation: ``index_date``). No model instance per row."""
    order = [name.lstrip("-") for name in queryset.query.order_by]
    return queryset.values(*dict.fromkeys(["id", "record_json", "record_trusted", *order]))


def reads_records(request) -> bool:
    """Whether this (DRF) request's list may be answered from stored records."""
    renderer = request.accepted_renderer
    return (
        type(renderer) is RecordsJSONRenderer
        and renderer.get_indent(request.accepted_media_type, {}) is None
        and request.method in ("GET", "HEAD")
        and not getattr(request, "format_kwarg", None)
        and getattr(request, "versioning_scheme", None) is None
        and api_settings.URL_FORMAT_OVERRIDE not in request.query_params
        and get_script_prefix() == "/"
    )


def trusted(row: dict) -> bool:
    """Whether an event's row (`as_rows`) has a record that may be served."""
    return bool(row["record_trusted"]) and row["record_json"] is not None


def render(events: Iterable[models.Model]) -> Iterator[tuple[models.Model, str]]:
    """Each event (read by ``Event.objects.for_export()``) with its record's text, relative to
    the site: what the list would show for it, less the scheme and host."""
    from relations.api.serializers import EventSerializer

    events = list(events)
    # One list serializer for them all: building a serializer's fields costs more than using them.
    items = EventSerializer(events, many=True, context={"request": _RenderingRequest()}).data
    renderer = JSONRenderer()
    for event, data in zip(events, items, strict=True):
        yield event, _relative(renderer.render(data).decode())


def _relative(text: str) -> str:
    head, found, tail = text.partition(_URL + _ORIGIN + "/")
    if not found or _URL in head:
        raise ValueError("An event's record starts with its id, slug and url.")
    return head + _URL + "/" + tail


def served_text(text: str, origin: str) -> str:
    """A stored record as this request's list gives it: its ``url`` on ``origin``
    (``https://example.org``, the request's scheme and host)."""
    return text.replace(_URL + "/", _URL + origin + "/", 1)


def store(rendered: Iterable[tuple[models.Model, str]]) -> None:
    """Store these records (event, text), replacing what was there, in one statement."""
    from relations.models.records import EventRecord

    rows = [
        EventRecord(event_id=event.pk, stamp=event.updated_at, format=FORMAT, api_json=text)
        for event, text in rendered
    ]
    if rows:
        fields = ["stamp", "format", "api_json"]
        EventRecord.objects.bulk_create(
            rows, update_conflicts=True, unique_fields=["event"], update_fields=fields
        )


def page_texts(rows: Sequence[dict], request: HttpRequest) -> list[str]:
    """The records of a page of events (`as_rows`), in its order, each as this request's list
    gives it. Events without a trusted record are rendered in one query and stored for the next
    read; a failure to store them is logged, and the answer stays right."""

    missing = [row["id"] for row in rows if not trusted(row)]
    fresh: dict[int, str] = {}
    if missing:
        rendered = list(render(exported(missing)))
        fresh = {event.pk: text for event, text in rendered}
        try:
            with transaction.atomic():
                store(rendered)
        except DatabaseError:
            log.warning("Stored event records could not be written.", exc_info=True)
    origin = request.build_absolute_uri("/")[:-1]
    return [
        served_text(fresh[row["id"]] if row["id"] in fresh else row["record_json"], origin)
        for row in rows
        if row["id"] in fresh or trusted(row)
    ]


def _batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def rebuild() -> None:
    """Render and store every event's record; remove records of events that are gone."""
    from relations.models import Event
    from relations.models.records import EventRecord

    EventRecord.objects.exclude(event__in=Event.objects.values("pk")).delete()
    ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    for batch in _batches(ids):
        store(render(exported(batch)))


def differences() -> list[str]:
    """Trusted records whose text differs from the event's rendering now, one line each."""
    from relations.models import Event

    found = []
    ids = (
        with_records(Event.objects.all())
        .filter(record_trusted=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for batch in _batches(list(ids)):
        stored = dict(with_records(Event.objects.filter(pk__in=batch)).values_list("pk", "record_json"))
        for event, text in render(exported(batch)):
            if stored[event.pk] != text:
                found.append(f"EventRecord: event {event.pk}'s stored record differs from its rendering")
    return found


class Prerendered(Sequence):
    """A page's records as stored text (``texts``), for `RecordsJSONRenderer` to write as they
    are. Read as a sequence (a test's ``response.data``, another renderer), each is its JSON
    object."""

    def __init__(self, texts: list[str]) -> None:
        self.texts = texts

    def __len__(self) -> int:
        return len(self.texts)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [json.loads(text) for text in self.texts[index]]
        return json.loads(self.texts[index])


class RecordsJSONRenderer(JSONRenderer):
    """DRF's JSON renderer, which writes a page of `Prerendered` records as they are stored:
    the envelope (``next``, ``previous``) rendered as usual around an empty ``results``, the
    texts joined into it. The same bytes as rendering the records' objects."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        results = data.get("results") if isinstance(data, dict) else None
        if not isinstance(results, Prerendered):
            return super().render(data, accepted_media_type, renderer_context)
        if self.get_indent(accepted_media_type, renderer_context or {}) is not None:
            return super().render({**data, "results": list(results)}, accepted_media_type, renderer_context)
        envelope = super().render({**data, "results": []}, accepted_media_type, renderer_context)
        assert envelope.endswith(b'"results":[]}'), "The records' page ends with its results."
        # Each text is already escaped as the renderer escapes (\u2028 and \u2029 included).
        return envelope[:-2] + ",".join(results.texts).encode() + b"]}"
