"""A pledge's lifecycle: its statuses and the order they may follow one another in."""

from __future__ import annotations

from django.db import models


class PledgeStatus(models.TextChoices):
    """A pledge's lifecycle: announced → in progress ⇄ stalled → an outcome.

    Statuses rate outcomes, not intentions: "fulfilled" needs the thing done.
    """

    ANNOUNCED = "announced", "announced"
    IN_PROGRESS = "in_progress", "in progress"
    STALLED = "stalled", "stalled"
    FULFILLED = "fulfilled", "fulfilled"
    PARTLY_FULFILLED = "partly_fulfilled", "partly fulfilled"
    NOT_FULFILLED = "not_fulfilled", "not fulfilled"
    CANCELLED = "cancelled", "cancelled"

    @classmethod
    def outcomes(cls) -> set[PledgeStatus]:
        return {cls.FULFILLED, cls.PARTLY_FULFILLED, cls.NOT_FULFILLED, cls.CANCELLED}

    def may_follow(self, previous: PledgeStatus | str | None) -> bool:
        """Whether a change to this status may come after ``previous`` (None: the first change).

        "Announced" only opens a history; an outcome is final, except that a partly fulfilled
        pledge may later be fulfilled; a status does not follow itself.
        """
        if previous is None:
            return True
        previous = PledgeStatus(previous)
        if self == previous or self == PledgeStatus.ANNOUNCED:
            return False
        if previous == PledgeStatus.PARTLY_FULFILLED:
            return self == PledgeStatus.FULFILLED
        return previous not in PledgeStatus.outcomes()


def status_sequence_error(statuses: list[PledgeStatus | str]) -> str | None:
    """Why a history of statuses in date order is impossible, or ``None`` if it is fine."""
    previous = None
    for status in map(PledgeStatus, statuses):
        if not status.may_follow(previous):
            return f"“{status.label}” cannot follow “{previous.label}”."
        previous = status
    return None
