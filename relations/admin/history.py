"""The changes a history page shows, word by word, in a fixed number of queries.

simple_history's history page diffs each record with the one before it and shortens long values
to their first difference ("Kenya[123 chars]…"). Here:

- a changed text is shown whole-word by whole-word, removed words in ``<del>`` and added ones in
  ``<ins>``, long unchanged stretches folded to their first and last words (`word_diff`);
- a many-to-many field (an event's sectors, a commission's members) shows what was removed and
  added; the rows of every record on the page are read at once, and their related objects once
  per foreign key (simple_history read them per record: some 400 queries for 100 records);
- an event's page also lists the changes to its countries, participants, citations, pledges and
  links, from their own history tables, in time order with its own (`RELATED_HISTORY`): one
  query per table and one per related table named, whatever the number of records;
- each change says who or what made it (`changed_by`): the editor, or what `relations.history`
  recorded where no editor was signed in ("seed loader"), never "None".
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page
from django.db.models import ForeignKey, ManyToManyField, Model
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, capfirst
from simple_history.models import DeletedObject, ModelChange
from simple_history.utils import get_m2m_reverse_field_name

from relations.history import API_TOKEN
from relations.models import Citation, Event, EventCountry, EventLink, Participant, Pledge

# Unchanged words kept on each side of a change; a longer unchanged stretch is folded to "…".
CONTEXT_WORDS = 8

ACTIONS = {"+": "added", "~": "changed", "-": "removed"}
OWN_ACTIONS = {"+": "Created", "~": "Changed", "-": "Deleted"}


# Differences --------------------------------------------------------------------------------


def _words(value) -> list[str]:
    return [] if value in (None, "") else str(value).split()


def word_diff(old, new) -> SafeString:
    """``old`` and ``new`` as one line of whole words: the removed ones in ``<del>``, the added
    ones in ``<ins>``, stretches of more than ``2 × CONTEXT_WORDS`` unchanged words folded to
    their first and last ``CONTEXT_WORDS`` (only the first or last at the ends)."""
    before, after = _words(old), _words(new)
    parts: list[SafeString] = []
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    opcodes = matcher.get_opcodes()
    for position, (tag, i1, i2, j1, j2) in enumerate(opcodes):
        if tag == "equal":
            same = before[i1:i2]
            first, last = position == 0, position == len(opcodes) - 1
            if len(opcodes) > 1 and len(same) > (1 if first or last else 2) * CONTEXT_WORDS:
                head = [] if first else same[:CONTEXT_WORDS]
                tail = [] if last else same[-CONTEXT_WORDS:]
                parts.append(format_html("{} … {}", " ".join(head), " ".join(tail)))
            else:
                parts.append(format_html("{}", " ".join(same)))
            continue
        if i2 > i1:
            parts.append(format_html("<del>{}</del>", " ".join(before[i1:i2])))
        if j2 > j1:
            parts.append(format_html("<ins>{}</ins>", " ".join(after[j1:j2])))
    if not before:
        parts.insert(0, mark_safe('<span class="history-empty">(empty)</span>'))
    if not after:
        parts.append(mark_safe('<span class="history-empty">(empty)</span>'))
    return mark_safe(" ".join(part.strip() for part in parts if part.strip()))


def list_diff(old: Sequence, new: Sequence) -> SafeString:
    """What left and joined a list (a many-to-many field), by name."""
    before, after = [str(item) for item in old], [str(item) for item in new]
    removed = [item for item in before if item not in after]
    added = [item for item in after if item not in before]
    parts = []
    if removed:
        parts.append(
            format_html("removed {}", format_html_join(", ", "<del>{}</del>", ((r,) for r in removed)))
        )
    if added:
        parts.append(format_html("added {}", format_html_join(", ", "<ins>{}</ins>", ((a,) for a in added))))
    return mark_safe("; ".join(parts))


def _shown(model: type[Model], name: str, value) -> str:
    """A field's value as an editor reads it: a choice's label, a related record's name."""
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return "" if value is None else str(value)
    if value is None or value == "":
        return ""
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def change_context(model: type[Model], change: ModelChange) -> dict:
    """One change as the history page shows it: the field's name and the word-by-word line."""
    model_field = model._meta.get_field(change.field)
    if isinstance(model_field, ManyToManyField):
        name = get_m2m_reverse_field_name(model_field)
        diff = list_diff([row[name] for row in change.old or []], [row[name] for row in change.new or []])
    else:
        diff = word_diff(_shown(model, change.field, change.old), _shown(model, change.field, change.new))
    return {"field": capfirst(model_field.verbose_name), "diff": diff, "old": change.old, "new": change.new}


# Many-to-many rows ----------------------------------------------------------------------------


def m2m_rows(records: Sequence, field_name: str, *, foreign_keys_are_objs: bool) -> dict[int, list[dict]]:
    """The many-to-many rows of each of ``records`` (by ``history_id``) for ``field_name``, as
    simple_history's diff shows them: one dict per row, related objects in place of ids if
    ``foreign_keys_are_objs`` (a deleted one as a `DeletedObject`), ordered by the related object.
    One query for the rows, one per foreign key of the through table."""
    field = records[0].instance_type._meta.get_field(field_name)
    through = getattr(records[0], field_name).model
    opts = through._meta
    names = [f.name for f in opts.fields if f.editable and f.name not in ("id", "m2m_history_id", "history")]
    keys = [opts.get_field(name) for name in names if isinstance(opts.get_field(name), ForeignKey)]
    rows = list(
        through.objects.filter(history__in=[record.history_id for record in records]).order_by(
            get_m2m_reverse_field_name(field)
        )
    )
    related = {}
    if foreign_keys_are_objs:
        for key in keys:
            ids = {getattr(row, key.attname) for row in rows}
            related[key.name] = key.related_model._base_manager.in_bulk(ids)

    def value(row, name: str):
        if name not in related:
            return getattr(row, opts.get_field(name).attname)
        key = getattr(row, opts.get_field(name).attname)
        found = related[name].get(key)
        return found if found is not None else DeletedObject(opts.get_field(name).related_model, key)

    by_record = defaultdict(list)
    for row in rows:
        by_record[row.history_id].append({name: value(row, name) for name in names})
    return by_record


def own_changes(records: Sequence, *, foreign_keys_are_objs: bool = True) -> None:
    """Give every record of ``records`` (newest first) but the oldest its
    ``history_delta_changes``: what changed since the record before it, as `change_context`s."""
    if len(records) < 2:
        return
    model = records[0].instance_type
    m2m = [field.name for field in records[0]._history_m2m_fields]
    rows = {name: m2m_rows(records, name, foreign_keys_are_objs=foreign_keys_are_objs) for name in m2m}
    for newer, older in zip(records, records[1:], strict=False):
        delta = newer.diff_against(older, excluded_fields=m2m, foreign_keys_are_objs=foreign_keys_are_objs)
        changes = list(delta.changes)
        for name in m2m:
            before, after = rows[name].get(older.history_id, []), rows[name].get(newer.history_id, [])
            if before != after:
                changes.append(ModelChange(name, before, after))
        changes.sort(key=lambda change: change.field)
        newer.history_delta_changes = [change_context(model, change) for change in changes]


# Who made a change ----------------------------------------------------------------------------


def changed_by(record) -> str:
    """Who or what made ``record``'s change: the editor ("maria", "maria with an API token"), or
    what was recorded where none was signed in ("seed loader", "management command …")."""
    reason = record.history_change_reason
    if record.history_user_id is not None:
        user = (
            record.history_user.get_username() if record.history_user else f"user #{record.history_user_id}"
        )
        return f"{user} with an {API_TOKEN}" if reason == API_TOKEN else user
    return reason or "not recorded (no signed-in editor)"


# An event's page: the changes to its own rows --------------------------------------------------


@dataclass
class Entry:
    """One line of a history page: a record of the object itself, or of a row it owns."""

    date: object
    action: str
    by: str
    what: SafeString
    changes: list[dict] = field(default_factory=list)
    record: object = None
    own: bool = False


@dataclass(frozen=True)
class Related:
    """Rows with their own history that belong to a record: ``model``'s rows whose ``key`` is
    the record, called ``noun`` on its history page."""

    model: type[Model]
    key: str
    noun: str


RELATED_HISTORY: dict[type[Model], list[Related]] = {
    Event: [
        Related(EventCountry, "event", "country"),
        Related(Participant, "event", "participant"),
        Related(Citation, "event", "citation"),
        Related(Pledge, "event", "pledge made"),
        Related(EventLink, "from_event", "related event"),
    ],
}


class _Names:
    """The records the history rows name, read once per related table (``in_bulk``)."""

    def __init__(self, rows_by_model: dict[type[Model], list]) -> None:
        wanted: dict[type[Model], set] = defaultdict(set)
        for model, rows in rows_by_model.items():
            for key in _foreign_keys(model):
                for row in rows:
                    if (value := getattr(row, key.attname)) is not None:
                        wanted[key.related_model].add(value)
        self.found = {model: model._base_manager.in_bulk(ids) for model, ids in wanted.items() if ids}

    def get(self, model: type[Model], name: str, value):
        key = model._meta.get_field(name)
        if not isinstance(key, ForeignKey) or value is None:
            return value
        found = self.found.get(key.related_model, {}).get(value)
        return found if found is not None else f"{key.related_model._meta.verbose_name} #{value} (deleted)"


def _foreign_keys(model: type[Model]) -> list[ForeignKey]:
    return [f for f in model._meta.fields if isinstance(f, ForeignKey)]


def _describe(model: type[Model], row, names: _Names) -> str:
    """A row of ``model`` as its history line names it: "Hakan Fidan (Türkiye)"."""
    if model is Participant:
        who = names.get(model, "official", row.official_id) if row.official_id else row.name
        side = names.get(model, "side", row.side_id)
        return f"{who} ({side})" if side else str(who)
    if model is EventCountry:
        return f"{names.get(model, 'country', row.country_id)} ({_shown(model, 'role', row.role)})"
    if model is Citation:
        source = names.get(model, "source", row.source_id)
        excerpt = Truncator(row.excerpt).words(14)
        return f"{source}: “{excerpt}”" if excerpt else str(source)
    if model is Pledge:
        return row.title
    if model is EventLink:
        return f"{_shown(model, 'kind', row.kind)} {names.get(model, 'to_event', row.to_event_id)}"
    return str(row.instance)


def _row_changes(model: type[Model], newer, older, names: _Names) -> list[dict]:
    m2m = [f.name for f in newer._history_m2m_fields]
    delta = newer.diff_against(older, excluded_fields=m2m, foreign_keys_are_objs=False)
    changes = []
    for change in sorted(delta.changes, key=lambda c: c.field):
        old = names.get(model, change.field, change.old)
        new = names.get(model, change.field, change.new)
        changes.append(change_context(model, ModelChange(change.field, old, new)))
    return changes


def related_entries(owner: type[Model], pk, *, since=None, until=None) -> list[Entry]:
    """The changes to the rows ``owner`` ``pk`` has (`RELATED_HISTORY`) made at or after
    ``since`` and before ``until`` (either open), each with what changed since the row's record
    before it. One query per table (the rows' history up to ``until``, by the indexed key), one
    per related table the rows name."""
    rows_by_model = {}
    for related in RELATED_HISTORY.get(owner, []):
        rows = related.model.history.filter(**{f"{related.key}_id": pk}).select_related("history_user")
        if until is not None:
            rows = rows.filter(history_date__lt=until)
        rows_by_model[related.model] = list(rows.order_by("history_date", "history_id"))
    names = _Names(rows_by_model)
    entries = []
    for related in RELATED_HISTORY.get(owner, []):
        last_of_row = {}
        for row in rows_by_model[related.model]:
            older = last_of_row.get(row.id)
            last_of_row[row.id] = row
            if since is not None and row.history_date < since:
                continue
            action = ACTIONS[row.history_type] if older is not None or row.history_type != "~" else "changed"
            changes = (
                _row_changes(related.model, row, older, names) if row.history_type == "~" and older else []
            )
            if row.history_type == "~" and older is not None and not changes:
                continue  # saved again unchanged (a copied date, say): nothing an editor would see
            what = format_html(
                "{} {}: {}", capfirst(related.noun), action, _describe(related.model, row, names)
            )
            entries.append(Entry(row.history_date, action, changed_by(row), what, changes, row))
    return entries


def _own_entries(admin, records: Sequence) -> list[Entry]:
    entries = []
    opts = admin.model._meta
    for record in records:
        try:
            url = reverse(
                f"{admin.admin_site.name}:{opts.app_label}_{opts.model_name}_simple_history",
                args=[getattr(record, opts.pk.attname), record.pk],
            )
        except NoReverseMatch:
            url = ""
        what = format_html('<a href="{}">{}</a>', url, record.history_object) if url else str(record)
        changes = getattr(record, "history_delta_changes", [])
        action = OWN_ACTIONS[record.history_type]
        entries.append(
            Entry(record.history_date, action, changed_by(record), what, changes, record, own=True)
        )
    return entries


def set_delta_changes(admin, request, records: Sequence, *, foreign_keys_are_objs: bool = True) -> None:
    """Give every record on a history page but the oldest its ``history_delta_changes`` (as
    ``SimpleHistoryAdmin.set_history_delta_changes`` does, word by word), and the page its
    ``history_entries``: its records and, for a record with rows of its own
    (`RELATED_HISTORY`), the changes to those rows in the same span of time, newest first."""
    page = records
    records = list(records)
    own_changes(records, foreign_keys_are_objs=foreign_keys_are_objs)
    if not isinstance(page, Page):
        return
    entries = _own_entries(admin, records)
    if records and admin.model in RELATED_HISTORY:
        # This page holds the changes to the rows made from its oldest record's date (the last
        # page: from the start) until the next newer page's oldest record (the first: until now).
        since = records[-1].history_date if page.has_next() else None
        until = None
        if page.has_previous():
            until = page.paginator.object_list[page.start_index() - 2].history_date
        pk = getattr(records[0], admin.model._meta.pk.attname)
        entries += related_entries(admin.model, pk, since=since, until=until)
        entries.sort(key=lambda entry: entry.date, reverse=True)
    page.history_entries = entries
