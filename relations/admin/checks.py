"""Consistency checked on the change form before saving (`relations.consistency`).

`ConsistencyChecksAdmin` (a base of every tracker admin) gives a model that has checks here
(`@checks_for(Model)`) a form that runs them once the form and its inlines are otherwise valid,
with the inlines' rows found by their model, not their place on the page. Errors stop the save
and show on the field or the inline row they are about. Warnings stop the first save and show
above the form with a box, "I have checked these warnings: save anyway", whose value names the
warnings shown (`digest`): ticked, the next submit saves, unless what it would save now raises
other warnings.

The form reaches its inlines through its instance, which `_create_formsets` hands them to: the
admin builds the form, then its inlines for the form's instance, then validates the form, so the
form is validated with its inlines at hand and checks them after its own values are on the
instance (an inline row reads the event's date from it).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html

from relations.consistency import EventValues, Finding, Person, event_findings, pledge_findings
from relations.models import Event, EventCountry, Participant, Pledge, PledgeParty
from relations.models.constraints import constraint_message

#: The box an editor ticks to save despite the warnings shown; its value is their `digest`.
ACCEPT_FIELD = "accept_warnings"
UNCHECKED = "unchecked_warnings"

Rows = dict[str, list[forms.Form]]


class ModelChecks:
    """What is checked on one model's change form: `findings` from the form's values and its
    inlines' rows, and `rows`, the inline forms each finding's ``rows``/``row`` refer to."""

    def __init__(self, form: forms.ModelForm, formsets: Iterable[forms.BaseFormSet]) -> None:
        self.form = form
        self.formsets = list(formsets)
        self.rows: Rows = {}

    @property
    def adding(self) -> bool:
        return self.form.instance._state.adding

    def formset_of(self, model: type[models.Model]) -> forms.BaseFormSet | None:
        return next((fs for fs in self.formsets if getattr(fs, "model", None) is model), None)

    def kept(self, model: type[models.Model], *required: str) -> list[forms.Form]:
        """The rows of the inline of ``model`` that are to be saved: filled in (``required``)
        and not marked for deletion."""
        formset = self.formset_of(model)
        if formset is None:
            return []
        return [
            f
            for f in formset.forms
            if f.cleaned_data
            and not f.cleaned_data.get("DELETE")
            and all(f.cleaned_data.get(name) for name in required)
        ]

    def deleted(self, model: type[models.Model]) -> list[int]:
        formset = self.formset_of(model)
        if formset is None:
            return []
        return [f.instance.pk for f in formset.deleted_forms if f.instance.pk]

    def changed(self, model: type[models.Model]) -> bool:
        formset = self.formset_of(model)
        return formset is not None and formset.has_changed()

    def refine_errors(self) -> None:
        """Reword the errors the form has already (run whether or not the form is valid)."""

    def findings(self) -> list[Finding]:
        raise NotImplementedError


CHECKS: dict[type[models.Model], type[ModelChecks]] = {}


def checks_for(model: type[models.Model]) -> Callable[[type[ModelChecks]], type[ModelChecks]]:
    def register(cls: type[ModelChecks]) -> type[ModelChecks]:
        CHECKS[model] = cls
        return cls

    return register


@checks_for(Event)
class EventChecks(ModelChecks):
    def refine_errors(self) -> None:
        """The database's one session number per commission, naming the session that has it."""
        data = self.form.cleaned_data
        if data.get("commission") is None or data.get("session_number") is None:
            return
        if not drop_error(self.form, constraint_message(Event, "event_one_session_number_per_commission")):
            return
        values = EventValues(
            title="",
            date=None,
            countries=(),
            commission=data["commission"],
            session_number=data["session_number"],
            pk=self.form.instance.pk,
            changed={"session_number"},
        )
        for finding in event_findings(values):
            self.form.add_error("session_number", finding_html(finding))

    def findings(self) -> list[Finding]:
        data = self.form.cleaned_data
        countries = [f.cleaned_data["country"] for f in self.kept(EventCountry, "country")]
        countries += self.unsent_countries()
        self.rows["participants"] = people = [
            f for f in self.kept(Participant) if f.cleaned_data.get("official") or f.cleaned_data.get("name")
        ]
        changed = None
        if not self.adding:
            changed = set(self.form.changed_data)
            changed |= {"countries"} if self.changed(EventCountry) else set()
            changed |= {"participants"} if self.changed(Participant) else set()
        values = EventValues(
            title=data.get("title", ""),
            date=data.get("date"),
            countries=countries,
            participants=[
                Person(
                    official=f.cleaned_data.get("official"),
                    name=f.cleaned_data.get("name", ""),
                    side=f.cleaned_data.get("side"),
                    capacity=f.cleaned_data.get("capacity", ""),
                )
                for f in people
            ],
            place=data.get("place", ""),
            place_country=data.get("place_country"),
            commission=data.get("commission"),
            session_number=data.get("session_number"),
            parent=data.get("parent"),
            pk=self.form.instance.pk,
            changed=changed,
            removed_pledges=self.deleted(Pledge),
        )
        return event_findings(values)

    def unsent_countries(self) -> list:
        """Stored countries whose rows the form did not send: kept as they are."""
        formset = self.formset_of(EventCountry)
        if formset is None or self.adding:
            return []
        sent = {f.instance.pk for f in formset.initial_forms}
        return [row.country for row in formset.get_queryset() if row.pk not in sent]


@checks_for(Pledge)
class PledgeChecks(ModelChecks):
    def findings(self) -> list[Finding]:
        self.rows["parties"] = parties = self.kept(PledgeParty, "country")
        return pledge_findings(
            event=self.form.cleaned_data.get("event"), parties=[f.cleaned_data["country"] for f in parties]
        )


def drop_error(form: forms.Form, message: str) -> bool:
    """Take ``message`` out of the form's errors for the whole record; whether it was there."""
    errors = form._errors.get(NON_FIELD_ERRORS) if form._errors else None
    if not errors:
        return False
    kept = [e for e in errors.data if message not in (e.messages if isinstance(e, ValidationError) else [e])]
    if len(kept) == len(errors.data):
        return False
    if kept:
        errors.data[:] = kept
    else:
        del form._errors[NON_FIELD_ERRORS]
    return True


def record_link(record: models.Model | None) -> str:
    """The admin page of ``record`` (its public page if it has no admin page)."""
    if record is None or record.pk is None:
        return ""
    try:
        return reverse(f"admin:{record._meta.app_label}_{record._meta.model_name}_change", args=[record.pk])
    except NoReverseMatch:
        return record.get_absolute_url() if hasattr(record, "get_absolute_url") else ""


def finding_html(finding: Finding) -> str:
    link = record_link(finding.record)
    if not link:
        return finding.message
    return format_html('{} <a href="{}">Open it</a>.', finding.message, link)


def digest(findings: Iterable[Finding]) -> str:
    """What names a set of warnings: the box ticked for these accepts these, not others."""
    text = "\n".join(sorted(f.message for f in findings))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


class CheckedForm:
    """Mixed into a model admin's form for a model with checks (`ConsistencyChecksAdmin.get_form`)."""

    warnings: list[Finding] = []
    warnings_digest = ""

    def _post_clean(self) -> None:
        super()._post_clean()
        formsets = getattr(self.instance, "_checked_formsets", None)
        if formsets is None:
            return
        checks = CHECKS[self._meta.model](self, formsets)
        checks.refine_errors()
        if self.errors or not all([formset.is_valid() for formset in formsets]):
            return
        findings = checks.findings()
        for finding in findings:
            if finding.is_error:
                self.place_error(finding, checks.rows)
        self.warnings = [f for f in findings if not f.is_error]
        self.warnings_digest = digest(self.warnings)
        stopped = self.errors or any(f.is_error for f in findings)
        if self.warnings and not stopped and self.data.get(ACCEPT_FIELD) != self.warnings_digest:
            self.add_error(
                None,
                ValidationError(
                    "Check the warnings above, tick “I have checked these warnings” and save again.",
                    code=UNCHECKED,
                ),
            )

    def place_error(self, finding: Finding, rows: Rows) -> None:
        """On the row and field it is about, else on the form's field, else on the whole form."""
        form = self
        if finding.rows and finding.row is not None and finding.row < len(rows.get(finding.rows, [])):
            form = rows[finding.rows][finding.row]
        field = finding.field if finding.field in form.fields else None
        form.add_error(field, finding_html(finding))

    @property
    def only_unchecked_warnings(self) -> bool:
        """Whether the one thing stopping the save is warnings not yet ticked as checked."""
        errors = self.errors.as_data()
        return list(errors) == [NON_FIELD_ERRORS] and all(
            e.code == UNCHECKED for e in errors[NON_FIELD_ERRORS]
        )


class ConsistencyChecksAdmin:
    """Model admin mixin: the model's checks (`CHECKS`) on its change form."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if self.model in CHECKS and not issubclass(form, CheckedForm):
            form = type(form.__name__, (CheckedForm, form), {})
        return form

    def _create_formsets(self, request, obj, change):
        formsets, inline_instances = super()._create_formsets(request, obj, change)
        if self.model in CHECKS and request.method == "POST":
            obj._checked_formsets = formsets
        return formsets, inline_instances

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        if isinstance(form, CheckedForm) and form.warnings:
            context["consistency_warnings"] = [
                {"message": w.message, "link": record_link(w.record), "record": w.record}
                for w in form.warnings
            ]
            context["warnings_digest"] = form.warnings_digest
            context["accept_field"] = ACCEPT_FIELD
            if form.only_unchecked_warnings:
                # Nothing to correct: the box above says what to do.
                context["errors"] = []
        return super().render_change_form(request, context, add, change, form_url, obj)
