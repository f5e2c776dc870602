"""Events as iCalendar (RFC 5545): the calendars a reader subscribes to or adds an event from.

What a calendar holds:

* Only events known to the day. A day-precision event is an all-day event (``DTSTART;VALUE=DATE``)
  ending the day after its last day (``DTEND`` is exclusive); a range of days is one multi-day
  all-day event. An event known only to its month or year ("July 2025", "c. 1975") is left out,
  and so is a range whose ends are months or years: a calendar has no way to show "some day in
  July" that a reader would not take for a real day, and the tracker never invents a day nobody
  reported. Each calendar's own description says so and links the page that lists them.
* Every status. Announced and held events are ``CONFIRMED``; a cancelled one is ``CANCELLED``, so
  a subscribed calendar strikes it out or drops it; a postponed one is ``TENTATIVE`` with
  "(postponed)" in its title: it is still expected, on a day not yet known, and many clients
  delete a ``CANCELLED`` event for good, so it would not come back once the session is given
  its new day.
* A bounded window (`window`): at most `LIMIT` events, newest first, starting on or after the
  first of January of last year unless the reader chose dates (``from``/``to``). Read along the
  same index as the page it belongs to, in one query whatever the number of events.

Each event keeps its ``UID`` (`uid`: its primary key, never its date, title or slug), so a
subscribed calendar updates it in place when it is re-dated or renamed. ``SEQUENCE``
(`sequence`) is the number of seconds from `SEQUENCE_EPOCH` to the event's ``updated_at``: it
grows with every save, which is what clients compare to know which copy is newer. ``DTSTAMP``
and ``LAST-MODIFIED`` are ``updated_at`` too (RFC 5545 3.8.7.2: without a ``METHOD``, DTSTAMP is
when the information was last revised), so the same data always makes the same bytes.

This module knows nothing of views: it is given the events (from `Event.objects.listed()`,
whose JSON rows name countries and participants without further queries) and the site's address.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import icalendar
from icalendar.parser.string import _foldline

from relations.dates import FuzzyDate, Precision
from relations.models import Event, EventCountry
from relations.models.event_queries import EventQuerySet

PRODID = "-//Diplomatic Ties Tracker//Calendars//EN"
#: The fixed part of every UID: an event's UID is ``event-<pk>@`` this, whatever its date or title.
UID_DOMAIN = "diplomatic-ties-tracker"
#: SEQUENCE counts seconds from here to the event's last change (fits a signed 32-bit integer
#: until 2088).
SEQUENCE_EPOCH = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
#: The most events one calendar holds: enough for two years of a busy pair's sessions and visits.
#: Writing an event costs milliseconds of CPU (the icalendar package builds and folds each line
#: character by character), far more than reading it, so this bounds the first read after a write.
LIMIT = 200
#: How often a subscribed client should read the calendar again.
REFRESH = dt.timedelta(hours=6)

STATUSES = {
    Event.Status.ANNOUNCED: "CONFIRMED",
    Event.Status.HELD: "CONFIRMED",
    Event.Status.POSTPONED: "TENTATIVE",
    Event.Status.CANCELLED: "CANCELLED",
}

ROLES = dict(EventCountry.Role.choices)

LEFT_OUT = (
    "Events known only to the month or year (such as “July 2025”) are not put on a day and are "
    "left out, as are ranges whose ends are not days."
)


def window_start(today: dt.date | None = None) -> dt.date:
    """The first day a calendar reaches back to unless the reader chose dates: 1 January of last
    year (a year of past events at least, two at most)."""
    today = today or dt.date.today()
    return dt.date(today.year - 1, 1, 1)


def window(events: EventQuerySet, *, since: dt.date | None) -> EventQuerySet:
    """The day-precision events among ``events`` that a calendar holds: at most `LIMIT`, newest
    first, starting on or after ``since`` (None: no lower bound, for a reader who chose dates).

    The bound is put on the date of the rows the events are read through (a pair's or a
    country's index rows, `NewestFirstQuerySet.read_through`), else on the event's own date, so
    the database reads a range of the same index as the page, not every event of the pair."""
    if since is not None:
        field = "index_date" if events.newest_order else "date_start"
        events = events.filter(**{f"{field}__gte": since})
    return events.filter(date_precision=Precision.DAY).newest_first()[:LIMIT]


def describe_window(*, since: dt.date | None, page_url: str) -> str:
    """The calendar's description of what it holds and where the rest is."""
    reach = f"starting on or after {since.day} {since:%B %Y}" if since else "in the dates chosen"
    return (
        f"Events with a known day, {reach}, at most {LIMIT}, newest first. {LEFT_OUT} "
        f"Older events and those without a day are on the page: {page_url}"
    )


def uid(event: Event) -> str:
    return f"event-{event.pk}@{UID_DOMAIN}"


def sequence(event: Event) -> int:
    return max(0, int((event.updated_at - SEQUENCE_EPOCH).total_seconds()))


def on_a_day(date: FuzzyDate | None) -> bool:
    """Whether a calendar can show the date: a day or a range of days."""
    return date is not None and date.precision == Precision.DAY


def calendar(events: Iterable[Event], *, name: str, description: str, site: str) -> bytes:
    """A calendar of ``events`` (those not known to the day are skipped), named ``name`` and
    described by ``description``; ``site`` is the scheme and host that event URLs start with.

    The calendar's own lines come from the icalendar package, once; each event's are written
    here (`vevent`), the same bytes the package writes for it at a fraction of its cost."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    cal.add("x-wr-caldesc", description)
    cal.add("description", description)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", icalendar.vDuration(REFRESH))
    head = cal.to_ical()
    assert head.endswith(_END)
    entries = "".join(vevent(event, site=site) for event in events if on_a_day(event.date))
    return head[: -len(_END)] + entries.encode() + _END


_END = b"END:VCALENDAR\r\n"


def text(value: str) -> str:
    """A TEXT value escaped as RFC 5545 3.3.11 says (what ``icalendar.vText`` writes)."""
    return (
        value.replace(r"\N", "\n")
        .replace("\\", "\\\\")
        .replace(";", r"\;")
        .replace(",", r"\,")
        .replace("\r\n", r"\n")
        .replace("\n", r"\n")
        .replace("\r", r"\n")
    )


def fold(line: str) -> str:
    """``line`` folded as the icalendar package folds it: pieces of at most 74 octets joined by
    CRLF and a space, an escape's backslash (or caret) never left at a piece's end. Lines of
    ASCII are cut here by position; others go through the package's own loop."""
    n = len(line)
    if n < 75 and (n < 19 or len(line.encode()) < 75):  # 75 octets need 19 characters at least
        return line
    if not line.isascii():
        return _foldline(line)
    pieces = []
    start = 0
    while start + 74 < n:
        end = start + 74
        if line[end - 1] in "\\^":
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return "\r\n ".join(pieces)


def _day(day: dt.date) -> str:
    return f"{day.year:04}{day.month:02}{day.day:02}"


def _utc(moment: dt.datetime) -> str:
    return f"{_day(moment)}T{moment.hour:02}{moment.minute:02}{moment.second:02}Z"


def vevent(event: Event, *, site: str) -> str:
    """One event as a VEVENT: all day, on its day or days (``DTEND`` is the day after the last),
    its lines in the order the icalendar package writes them (its canonical ones, then by name)."""
    date = event.date
    url = site + event.get_absolute_url()
    changed = _utc(event.updated_at.astimezone(dt.UTC))
    location = ", ".join(part for part in (event.place, event.place_name) if part)
    lines = [
        "BEGIN:VEVENT",
        fold(f"SUMMARY:{text(summary(event))}"),
        f"DTSTART;VALUE=DATE:{_day(date.start)}",
        f"DTEND;VALUE=DATE:{_day(date.end + dt.timedelta(days=1))}",
        f"DTSTAMP:{changed}",
        fold(f"UID:{text(uid(event))}"),
        f"SEQUENCE:{sequence(event)}",
        fold(f"CATEGORIES:{text(event.kind.name)}"),
        fold(f"DESCRIPTION:{text(description(event, url))}"),
        f"LAST-MODIFIED:{changed}",
    ]
    if location:
        lines.append(fold(f"LOCATION:{text(location)}"))
    lines += [
        f"STATUS:{STATUSES[event.status]}",
        "TRANSP:TRANSPARENT",  # a record of diplomacy, not time the reader is busy
        fold(f"URL:{url}"),
        "END:VEVENT\r\n",
    ]
    return "\r\n".join(lines)


def summary(event: Event) -> str:
    if event.status == Event.Status.HELD:
        return event.title
    return f"{event.title} ({event.get_status_display()})"


def description(event: Event, url: str) -> str:
    lines = [event.summary] if event.summary else []
    countries = [
        f"{row['name']} ({ROLES[row['role']]})" if row["role"] in ROLES else row["name"]
        for row in event.country_rows
    ]
    if countries:
        lines.append("Countries: " + ", ".join(countries))
    people = []
    for person in event.key_participants:
        who = person.official_name or person.name
        people.append(f"{who} ({person.role_label})" if person.role_label else who)
    if people:
        lines.append("Participants: " + ", ".join(people))
    lines.append(url)
    return "\n\n".join(lines)
