"""`FuzzyDateField`: one date-with-precision stored as four plain columns.

Declaring ``date = FuzzyDateField()`` on a model adds

* ``date_start`` (first possible day; lists sort by it),
* ``date_end`` (last possible day; overlap filters compare with it),
* ``date_precision`` (9 year, 10 month, 11 day) and ``date_approximate``,

named check constraints that keep them coherent, and a descriptor: ``event.date`` reads and
writes a `relations.dates.FuzzyDate` (or ``None`` for an optional date that is not set), and
assigning text parses it. The descriptor is a ``property`` with a setter, which is what Django's
model constructor and ``get_or_create``/``update_or_create`` accept besides fields, so a record
takes its date in one line: ``Event.objects.create(title=…, date="2025-07")`` (text or a
`FuzzyDate`; ``None`` leaves an optional date empty).
The columns are ``editable=False``: forms offer one text box for the whole value instead
(`relations.forms.FuzzyDateFormField`). The same pattern as ``GenericForeignKey``: a model
attribute that contributes real fields rather than being one.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from relations.dates import FuzzyDate, Precision

PRECISION_CHOICES = [(p.value, p.label) for p in Precision]


class FuzzyDateField(property):
    def __init__(
        self,
        verbose_name: str = "",
        *,
        required: bool = True,
        ranges: bool = False,
        help_text: str = "",
    ) -> None:
        super().__init__(self._read, self._write)
        self.verbose_name = verbose_name
        self.required = required
        self.ranges = ranges
        self.help_text = help_text

    def contribute_to_class(self, cls: type[models.Model], name: str) -> None:
        self.name = name
        self.verbose_name = self.verbose_name or name.replace("_", " ")
        null = not self.required
        columns = {
            "start": models.DateField(
                f"{self.verbose_name} (first day)", null=null, editable=False, db_index=False
            ),
            "end": models.DateField(f"{self.verbose_name} (last day)", null=null, editable=False),
            "precision": models.PositiveSmallIntegerField(
                f"{self.verbose_name} precision",
                choices=PRECISION_CHOICES,
                null=null,
                editable=False,
            ),
            "approximate": models.BooleanField(
                f"{self.verbose_name} approximate", default=False, editable=False
            ),
        }
        for suffix, field in columns.items():
            cls.add_to_class(f"{name}_{suffix}", field)
        if not cls._meta.abstract:
            cls._meta.constraints = [*cls._meta.constraints, *self._constraints(cls)]
        cls._fuzzy_dates = [*getattr(cls, "_fuzzy_dates", []), self]
        setattr(cls, name, self)

    def _constraints(self, cls: type[models.Model]) -> list[models.BaseConstraint]:
        n = self.name
        prefix = f"{cls._meta.app_label}_{cls._meta.model_name}_{n}"
        all_or_nothing = Q(
            **{f"{n}_start__isnull": True, f"{n}_end__isnull": True, f"{n}_precision__isnull": True}
        ) | Q(
            **{
                f"{n}_start__isnull": False,
                f"{n}_end__isnull": False,
                f"{n}_precision__isnull": False,
            }
        )
        return [
            models.CheckConstraint(
                condition=Q(**{f"{n}_end__gte": F(f"{n}_start")}) | Q(**{f"{n}_start__isnull": True}),
                name=f"{prefix}_end_on_or_after_start",
                violation_error_message="The end of a date cannot be before its start.",
            ),
            models.CheckConstraint(
                condition=Q(**{f"{n}_precision__in": [p.value for p in Precision]})
                | Q(**{f"{n}_precision__isnull": True}),
                name=f"{prefix}_known_precision",
            ),
            models.CheckConstraint(condition=all_or_nothing, name=f"{prefix}_complete"),
        ]

    def columns(self) -> list[str]:
        return [f"{self.name}_{s}" for s in ("start", "end", "precision", "approximate")]

    def _read(self, instance: models.Model) -> FuzzyDate | None:
        start = getattr(instance, f"{self.name}_start")
        if start is None:
            return None
        return FuzzyDate(
            start,
            getattr(instance, f"{self.name}_end"),
            getattr(instance, f"{self.name}_precision"),
            getattr(instance, f"{self.name}_approximate"),
        )

    def _write(self, instance: models.Model, value: FuzzyDate | str | None) -> None:
        if isinstance(value, str):
            value = FuzzyDate.parse(value)
        n = self.name
        setattr(instance, f"{n}_start", value.start if value else None)
        setattr(instance, f"{n}_end", value.end if value else None)
        setattr(instance, f"{n}_precision", int(value.precision) if value else None)
        setattr(instance, f"{n}_approximate", value.approximate if value else False)


def fuzzy_dates_of(model: type[models.Model]) -> list[FuzzyDateField]:
    return list(getattr(model, "_fuzzy_dates", []))
