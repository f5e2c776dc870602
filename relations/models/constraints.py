"""Constraint messages: each model constraint carries the one message an editor reads when it is
broken (``violation_error_message``), which the admin's forms and the API's serializers show as
they are, and which checks made before the constraint (a loop in a tree, a repeat in a nested
list) quote rather than word again."""

from __future__ import annotations

from django.db import models


def constraint_message(model: type[models.Model], name: str) -> str:
    """The message of ``model``'s constraint ``name``."""
    for constraint in model._meta.constraints:
        if constraint.name == name:
            return str(constraint.violation_error_message)
    raise LookupError(f"{model.__name__} has no constraint {name!r}.")
