"""Observations of pledges' targets, and the evidence they give beside the editor's status: the
pledge's inline, the observations' own list, and the verdict, filters and warnings of the pledge
admin (`relations.admin.pledges`)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.html import format_html
from django.utils.text import Truncator

from relations.admin.base import TrackerAdmin, TrackerInline
from relations.forms import fuzzy_modelform
from relations.models import Observation, Pledge
from relations.models.pledge_status import PledgeStatus
from relations.models.progress import RECENT_MONTHS, Attention, Verdict
from relations.models.targets import Unit, quantity_text

DISAGREES = "⚠ status disagrees"


def rule_text() -> str:
    """The rule that decides a verdict, in one line (progress.py states it in full)."""
    return (
        "Met when the latest observation reaches the target; no recent data when there is none since "
        f"the pledge was made or the latest ended more than {RECENT_MONTHS} months ago; otherwise on "
        "track when the latest is at least where a straight line from the start to the target on the "
        "due date stands (without a due date: when it has moved toward the target), else behind."
    )


def share_text(pledge: Pledge) -> str:
    """The share of the way covered, as a whole percentage ("38%"), or "" where there is none."""
    if pledge.progress_share is None:
        return ""
    return f"{pledge.progress_share * 100:.0f}%"


def verdict_label(verdict: str | None) -> str:
    return Verdict(verdict).label if verdict else "not measurable"


def in_target_terms(pledge: Pledge, value) -> str:
    """A figure in the pledge's target currency or unit, as the pages write it."""
    unit = Unit(pledge.target_unit) if pledge.target_unit else None
    counted = unit is not None and (unit == Unit.PERCENT or unit.counts_things)
    return quantity_text(
        value,
        currency=pledge.target_currency,
        unit=pledge.target_unit,
        measure=pledge.target_measure if counted else "",
    )


def disagreement_text(pledge: Pledge, latest: Observation | None) -> str:
    """Why the editor's status and the evidence disagree, in one sentence, or "" if they do not."""
    if not pledge.disagrees_with_evidence:
        return ""
    status = PledgeStatus(pledge.current_status).label
    if latest is not None:
        seen = f"{latest.period_text}: {latest.value_text}"
    else:
        seen = in_target_terms(pledge, pledge.observed_value)
    target = in_target_terms(pledge, pledge.target_amount)
    if pledge.progress_verdict == Verdict.MET:
        return f"The status says {status}, but the latest observation ({seen}) reaches the target ({target})."
    # Short of a target below its start (a cut in tariffs) is above it.
    falling = pledge.progress_start is not None and pledge.target_amount < pledge.progress_start
    side = "above" if falling else "below"
    return f"The status says {status}, but the latest observation ({seen}) is {side} the target ({target})."


class ObservationForm(fuzzy_modelform(Observation)):
    """An observation on its pledge's form, where ``pledge`` is the pledge as submitted."""

    def _post_clean(self) -> None:
        pledge = self.cleaned_data.get("pledge")
        if (
            pledge is not None
            and pledge.target_amount is not None
            and not (pledge.target_currency or pledge.target_unit)
        ):
            # The pledge's own form refuses an amount with neither currency nor unit; until it has
            # one, there is nothing to check the figure against.
            self.add_error(None, "The target has no currency or unit yet: give it one first.")
            return
        super()._post_clean()


class ObservationFormSet(forms.BaseInlineFormSet):
    """A pledge's observations. New rows start in the target's currency or unit.

    Each row is checked against the target as submitted in the same form, not as stored: the
    admin validates the pledge's form first, which writes its values on ``self.instance`` (the
    pledge each row's ``Observation.clean`` reads) before the rows are validated.
    """

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is None or index >= self.initial_form_count():
            pledge = self.instance
            kwargs["initial"] = {"currency": pledge.target_currency, "unit": pledge.target_unit}
        return kwargs


class ObservationInline(TrackerInline):
    model = Observation
    form = ObservationForm
    formset = ObservationFormSet
    fields = ["period", "value", "currency", "unit", "source", "excerpt", "note"]
    autocomplete_fields = ["source"]
    # In the order the rule reads them: by the period's end, a year before its last quarter.
    ordering = ["period_end", "period_start", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("source")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # A narrow row: a new source can be added from here, others are changed on their own page.
        source = formset.form.base_fields["source"].widget
        source.can_change_related = source.can_delete_related = source.can_view_related = False
        return formset


class EvidenceFilter(admin.SimpleListFilter):
    """The verdict on today's date (`Pledge.objects.with_verdict`, annotated by the admin)."""

    title = "evidence"
    parameter_name = "evidence"
    NOT_MEASURABLE = "none"

    def lookups(self, request, model_admin):
        return [*Verdict.choices, (self.NOT_MEASURABLE, "not measurable")]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(verdict_now="" if self.value() == self.NOT_MEASURABLE else self.value())


class DisagreesFilter(admin.SimpleListFilter):
    title = "disagreement"
    parameter_name = "disagrees"

    def lookups(self, request, model_admin):
        return [("yes", "status disagrees with the evidence")]

    def queryset(self, request, queryset):
        return queryset.disagreeing() if self.value() == "yes" else queryset


class AttentionFilter(admin.SimpleListFilter):
    title = "needs attention"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return Attention.choices

    def queryset(self, request, queryset):
        return queryset.needing_attention(self.value()) if self.value() in Attention.values else queryset


class CurrencyFilter(admin.SimpleListFilter):
    """The currencies observations are in, and "not money" for those counted in a unit.

    One query over the observations, a small table (a few rows per measurable pledge)."""

    title = "currency"
    parameter_name = "currency"
    NONE = "none"

    def lookups(self, request, model_admin):
        used = Observation.objects.order_by("currency").values_list("currency", flat=True).distinct()
        return [(code or self.NONE, code or "not money") for code in used]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        return queryset.filter(currency="" if self.value() == self.NONE else self.value())


@admin.register(Observation)
class ObservationAdmin(TrackerAdmin):
    list_display = ["pledge", "period_display", "value_display", "source_display"]
    # The newest first, along the index that serves it (`observation_newest`).
    ordering = ["-period_end", "-id"]
    list_filter = [CurrencyFilter]
    list_select_related = ["pledge", "source"]
    search_fields = ["pledge__search_text"]
    autocomplete_fields = ["pledge", "source"]
    fields = ["pledge", "period", "value", "currency", "unit", "source", "excerpt", "note"]

    @admin.display(description="period", ordering="period_end")
    def period_display(self, observation: Observation) -> str:
        return observation.period_text

    @admin.display(description="value", ordering="value")
    def value_display(self, observation: Observation) -> str:
        return observation.value_text

    @admin.display(description="source", ordering="source__title")
    def source_display(self, observation: Observation) -> str:
        return Truncator(str(observation.source)).chars(48)


def evidence_html(pledge: Pledge, verdict: str) -> str:
    """The change list's evidence cell: the verdict, the share covered and the disagreement flag."""
    if not verdict:
        return format_html('<span class="evidence-none" title="{}">—</span>', verdict_label(verdict))
    share = share_text(pledge)
    flag = (
        format_html(' <strong class="evidence-disagrees">{}</strong>', DISAGREES)
        if pledge.disagrees_with_evidence
        else ""
    )
    return format_html(
        '<span class="evidence evidence-{}">{}</span>{}{}',
        verdict,
        verdict_label(verdict),
        format_html(' <span class="evidence-share">{}</span>', share) if share else "",
        flag,
    )
