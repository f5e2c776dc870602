"""What made each change of the change history when no editor signed in to make it.

simple_history records the signed-in user of the request that made a change. A change made
elsewhere has none: the seed loader's, a management command's, a script's in the shell. Each says
what made it in its record's ``history_change_reason`` instead, so the history never says
"changed by None":

- the seed loader, and any code run inside ``changes_made_by(...)``: what that names;
- a change through the API with a token: ``API_TOKEN`` (the token's user is the record's user);
- a change outside any request: the management command that ran (``manage.py <command>``), or
  ``SCRIPT`` where there is none (a script, a test).

A reason given explicitly (``instance._change_reason``) is kept.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

SEED_LOADER = "seed loader"
API_TOKEN = "API token"
SCRIPT = "a script"

_made_by: ContextVar[str | None] = ContextVar("history_made_by", default=None)


@contextmanager
def changes_made_by(what: str) -> Iterator[None]:
    """Attribute every change recorded inside the block to ``what`` ("seed loader")."""
    token = _made_by.set(what)
    try:
        yield
    finally:
        _made_by.reset(token)


def what_made_the_change() -> str | None:
    """What the change being recorded now is attributed to, or ``None`` where the record's user
    says it (a change in a signed-in editor's request)."""
    named = _made_by.get()
    if named:
        return named
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        # Django REST framework sets the Django request's ``auth`` to the token it accepted.
        return API_TOKEN if getattr(request, "auth", None) is not None else None
    if len(sys.argv) > 1 and Path(sys.argv[0]).name == "manage.py":
        return f"management command {sys.argv[1]}"
    return SCRIPT


def attribute_change(sender, history_instance, **kwargs) -> None:
    if not history_instance.history_change_reason:
        history_instance.history_change_reason = what_made_the_change()


pre_create_historical_record.connect(attribute_change, dispatch_uid="relations.history.attribute_change")
