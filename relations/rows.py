"""Stored timeline rows: a list of events reads the first part of each row instead of rendering it.

A timeline page shows 50 rows, and rendering `_event_row.html` 50 times through Django's template
engine cost more than everything else on the page together (0.6 to 0.8 ms a row). A row has two
parts:

* its **head**, what the event alone decides (`_event_row_head.html`): its date, kind, status,
  whether a source is cited, title and link, place, countries with their flags and names then,
  and key participants. It is stored in `EventRecord.row_html` (derived data, listed in
  relations/models/derived.py) and read with the page;
* its **tail**, what the page decides: how many of its pledges are between the page's pair, the
  pledges made again at it, the related events not nested with it on the page, and the events
  nested under it. `row` writes it in Python, markup for markup what the template wrote.

**When a head is trusted.** As for the API's records (relations/records.py): it carries
``row_stamp``, the event's ``updated_at`` when it was rendered, and ``row_format`` (`FORMAT`),
and is used only while both still hold. Every write that changes what a head shows moves
``updated_at`` (relations/models/touched.py), so a stale head is never shown; the first page
that lists a changed event renders its head again and stores it for the next reader (`heads`): in
one statement, once the request's transaction has committed (at once when there is none). A
change to `_event_row_head.html` or to anything it calls (a filter, the flags' addresses) must
raise `FORMAT`: every head then counts as missing.

**Costs.** Writes: none. The first read of a page after a write renders the changed rows' heads,
about 0.5 ms each, and stores them in one statement. Storage: about 1.2 kB per event listed at
least once (measured in bench/RESULTS.md).

**Checked**: `differences` renders every trusted head again and compares (``rebuild_derived
--check`` and the property test of tests/test_derived_property.py); tests compare whole pages
with the template's own rendering of every row.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable, Iterator, Sequence

from django.db import DatabaseError, models, transaction
from django.template.defaultfilters import pluralize
from django.template.loader import get_template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from relations.templatetags.tracker import fuzzy_time

log = logging.getLogger(__name__)

#: The head's rendering version: raise it when `_event_row_head.html` or what it calls changes.
FORMAT = 1
HEAD_TEMPLATE = "relations/includes/_event_row_head.html"
BATCH = 2000  # events rendered per query by `rebuild` and `differences`


def head_trusted() -> models.Q:
    """Whether an event's stored head may be shown: one was stored, its stamp is the event's
    ``updated_at`` and its format `FORMAT` (a condition on a query of events)."""
    return models.Q(record__row_stamp=models.F("updated_at"), record__row_format=FORMAT) & ~models.Q(
        record__row_html=""
    )


def with_heads(queryset: models.QuerySet) -> models.QuerySet:
    """``queryset`` of events with each one's stored head, read in the same query (a LEFT JOIN by
    primary key): ``row_head``, and ``row_trusted``, whether it may be shown (`head_trusted`,
    compared by the database)."""
    return queryset.annotate(
        row_head=models.F("record__row_html"),
        row_trusted=models.ExpressionWrapper(head_trusted(), output_field=models.BooleanField()),
    )


def render_head(event) -> str:
    """The head of ``event``'s row (an event read by ``Event.objects.listed()``, or by
    ``for_list()`` where its head is not stored), rendered."""
    return get_template(HEAD_TEMPLATE).render({"event": event})


def store(rendered: Iterable[tuple[models.Model, str]]) -> None:
    """Store these heads (event, html), replacing what was there, in one statement; an event
    without a stored record gets one whose API part is missing (relations/records.py)."""
    from relations.models.records import EventRecord

    rows = [
        EventRecord(event_id=event.pk, format=0, row_stamp=event.updated_at, row_format=FORMAT, row_html=html)
        for event, html in rendered
    ]
    if rows:
        EventRecord.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["event"],
            update_fields=["row_stamp", "row_format", "row_html"],
        )


def _stored(events: Sequence) -> dict[int, str]:
    """The trusted heads of events read without `with_heads`: one query by primary key."""
    from relations.models.records import EventRecord

    stamps = {event.pk: event.updated_at for event in events}
    found = EventRecord.objects.filter(event__in=list(stamps), row_format=FORMAT).values_list(
        "event_id", "row_stamp", "row_html"
    )
    return {pk: html for pk, stamp, html in found if stamp is not None and stamp == stamps[pk]}


def heads(events: Sequence) -> dict[int, SafeString]:
    """Each event's head by primary key: the stored one where it is trusted (read with the page by
    `with_heads`, or else in one query), the others rendered now and stored for the next reader,
    in one statement, once the request's transaction commits (at once outside one). A failure to
    store is logged; the page stays right."""
    if events and all(hasattr(event, "row_trusted") for event in events):
        found = {event.pk: event.row_head for event in events if event.row_trusted and event.row_head}
    else:
        found = _stored(events)
    missing = [event for event in events if event.pk not in found]
    if missing:
        rendered = [(event, render_head(event)) for event in missing]
        found.update((event.pk, html) for event, html in rendered)
        transaction.on_commit(functools.partial(_keep, rendered), robust=True)
    return {pk: mark_safe(html) for pk, html in found.items()}  # noqa: S308 - rendered by the template engine


def _keep(rendered: list) -> None:
    try:
        store(rendered)
    except DatabaseError:
        log.warning("Stored timeline rows could not be written.", exc_info=True)


def _pledge_count(event, between: str) -> str:
    count = event.pledge_count
    if not count:
        return ""
    text = f"{count} pledge{pluralize(count)} made"
    if between and event.pledges_between != count:
        text += f", {event.pledges_between or 'none'} between {conditional_escape(between)}"
    return f'<p class="pledge-count">{text}</p>'


def _again(again) -> str:
    if not again:
        return ""
    items = "".join(
        format_html(
            '<li>Pledged again: <a href="{}">{}</a> <span class="again-first">(first made {} at '
            '<a href="{}">{}</a>)</span></li>',
            pledge.get_absolute_url(),
            pledge.title,
            fuzzy_time(pledge.first_date),
            pledge.first_url(),
            pledge.first_title,
        )
        for pledge in again
    )
    return f'<ul class="event-again">{items}</ul>'


def _related(related) -> str:
    if not related:
        return ""
    items = "".join(
        format_html(
            '<li class="related-{}">{}: <a href="{}">{} <span class="related-when">({})</span></a></li>',
            other.relation.key,
            other.relation.label,
            other.get_absolute_url(),
            other.title,
            fuzzy_time(other.date),
        )
        for other in related
    )
    return f'<ul class="event-related">{items}</ul>'


def row(timeline_row, between: str = "", nested: bool = False) -> str:
    """One timeline row (`event_related.TimelineRow`, its ``head`` given by `with_heads_of`), as
    the list writes it: the stored head, then the tail, with the rows nested under it (unless it
    is one of them: ``nested``)."""
    event = timeline_row.event
    children = ""
    if timeline_row.children and not nested:
        inner = "".join(row(child, between, nested=True) for child in timeline_row.children)
        title = conditional_escape(event.title)
        children = f'<ol class="event-children" aria-label="Held during {title}">{inner}</ol>'
    return (
        f"{timeline_row.head}    {_pledge_count(event, between)}\n"
        f"    {_again(timeline_row.again)}\n"
        f"    {_related(timeline_row.related)}\n"
        f"  </div>\n  {children}\n</li>\n"
    )


def _all_rows(rows) -> Iterator:
    for timeline_row in rows:
        yield timeline_row
        yield from _all_rows(timeline_row.children)


def with_heads_of(rows: list) -> list:
    """These timeline rows, each (and each nested under it) given its ``head`` (`heads`)."""
    every = list(_all_rows(rows))
    found = heads([timeline_row.event for timeline_row in every])
    for timeline_row in every:
        timeline_row.head = found[timeline_row.event.pk]
    return rows


def rows_html(rows, between: str = "") -> SafeString:
    """These timeline rows (given their heads by `with_heads_of`), as the list shows them."""
    return mark_safe("".join(row(timeline_row, between or "") for timeline_row in rows))  # noqa: S308 - escaped above


def _batches(ids: Sequence[int]) -> Iterator[Sequence[int]]:
    for start in range(0, len(ids), BATCH):
        yield ids[start : start + BATCH]


def _listed(ids: Sequence[int]):
    # What a head shows, read whether or not a head is stored (`for_list` skips it where one is).
    from relations.models import Event

    return Event.objects.listed().filter(pk__in=ids).order_by("pk")


def rebuild() -> None:
    """Render and store every event's head."""
    from relations.models import Event

    ids = list(Event.objects.order_by("pk").values_list("pk", flat=True))
    for batch in _batches(ids):
        store((event, render_head(event)) for event in _listed(batch))


def differences() -> list[str]:
    """Trusted heads whose HTML differs from the event's rendering now, one line each."""
    from relations.models import Event

    found = []
    ids = with_heads(Event.objects.all()).filter(row_trusted=True).order_by("pk").values_list("pk", flat=True)
    for batch in _batches(list(ids)):
        stored = dict(with_heads(Event.objects.filter(pk__in=batch)).values_list("pk", "row_head"))
        for event in _listed(batch):
            if stored[event.pk] != render_head(event):
                found.append(
                    f"EventRecord: event {event.pk}'s stored timeline row differs from its rendering"
                )
    return found
