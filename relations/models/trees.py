"""Records in a tree through ``parent`` (sectors, organizations, commissions, events).

The database refuses a record as its own parent (a check constraint on each model); a longer
loop (A's parent is B, B's parent is A) no constraint can see, so each model's ``clean()``, run
by the admin's forms and by the API's serializers, calls `refuse_cycle`.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from relations.models.constraints import constraint_message


def refuse_cycle(record: models.Model, *, label: str, constraint: str) -> None:
    """Raises a ``ValidationError`` on ``parent`` if ``record`` would sit below itself: its
    (possibly unsaved) parent is one of the records below it.

    The message is that of the model's check ``constraint`` against being its own parent, with
    the loop by ``label`` (a field of the model): "An event cannot be part of itself: Visit →
    Talks → Visit.". A record as its own direct parent is left to that constraint itself.

    Costs one query per level above the new parent; the trees are a few levels deep. A loop
    already stored above the record (written before this check) ends the walk, not the request.
    """
    if record.pk is None or record.parent_id in (None, record.pk):
        return
    model = type(record)
    message = constraint_message(model, constraint).removesuffix(".")
    path = [getattr(record, label)]
    seen: set = set()
    current = record.parent_id
    while current is not None and current not in seen:
        seen.add(current)
        row = model._default_manager.filter(pk=current).values_list("parent_id", label).first()
        if row is None:
            return
        current, name = row
        path.append(name)
        if current == record.pk:
            path.append(path[0])
            raise ValidationError({"parent": f"{message}: {' → '.join(path)}."}, code="cycle")
