"""Pledges with their parties, status history, reaffirmations, citations and observations, and
the evidence the observations give beside the editor's status."""

from django import forms
from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.text import Truncator

from relations.admin.attention import CitedFilter
from relations.admin.base import TrackerAdmin, TrackerInline
from relations.admin.filters import TypedChoiceFilter
from relations.admin.observations import (
    DISAGREES,
    AttentionFilter,
    DisagreesFilter,
    EvidenceFilter,
    ObservationInline,
    disagreement_text,
    evidence_html,
    in_target_terms,
    rule_text,
    share_text,
    verdict_label,
)
from relations.models import (
    Citation,
    Observation,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatus,
    PledgeStatusChange,
)
from relations.models.pledge_status import status_sequence_error


class PledgePartyInline(TrackerInline):
    model = PledgeParty
    fields = ["country", "role"]
    autocomplete_fields = ["country"]
    min_num = 1


class StatusHistoryFormSet(forms.BaseInlineFormSet):
    """Refuses a history that cannot happen, such as "stalled" after "fulfilled"."""

    def clean(self) -> None:
        super().clean()
        kept = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("as_of")
        ]
        kept.sort(key=lambda data: data["as_of"].start)
        error = status_sequence_error([data["status"] for data in kept if data.get("status")])
        if error:
            raise forms.ValidationError(error)


class PledgeStatusChangeInline(TrackerInline):
    model = PledgeStatusChange
    formset = StatusHistoryFormSet
    fields = ["as_of", "status", "note"]
    ordering = ["as_of_start", "pk"]


class PledgeReaffirmationInline(TrackerInline):
    model = PledgeReaffirmation
    fields = ["event", "note"]
    autocomplete_fields = ["event"]


class PledgeCitationInline(TrackerInline):
    model = Citation
    fk_name = "pledge"
    fields = ["source", "excerpt"]
    autocomplete_fields = ["source"]


class CurrentStatusFilter(admin.SimpleListFilter):
    title = "current status"
    parameter_name = "current_status"

    def lookups(self, request, model_admin):
        return PledgeStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(current_status=self.value()) if self.value() else queryset


@admin.register(Pledge)
class PledgeAdmin(TrackerAdmin):
    list_display = ["title", "status", "evidence", "target", "due_display", "made_at"]
    list_filter = [
        CurrentStatusFilter,
        EvidenceFilter,
        DisagreesFilter,
        AttentionFilter,
        CitedFilter,
        ("sectors", admin.RelatedFieldListFilter),
        ("countries", TypedChoiceFilter.using("involving")),
    ]
    list_select_related = ["event"]
    search_fields = ["search_text", "countries__names__folded"]
    autocomplete_fields = ["event"]
    filter_horizontal = ["sectors"]
    inlines = [PledgePartyInline, PledgeStatusChangeInline, PledgeReaffirmationInline, PledgeCitationInline]
    fieldsets = [
        (None, {"fields": ["event", "title", "description", "wording", "sectors"]}),
        (
            "Measurable target",
            {
                "description": "A quantity in a currency (money, never converted) or in a unit "
                "(people, percent, megawatts…), not both.",
                "fields": [
                    "target_amount",
                    "target_currency",
                    "target_unit",
                    "target_measure",
                    "baseline_amount",
                    "baseline_note",
                    "currencies",
                    "due",
                ],
            },
        ),
    ]
    # Derived from the observations (progress.py), shown on the change form only.
    PROGRESS = ["status", "verdict_display", "share_display", "latest_observation", "pace_display", "rule"]
    progress_fieldset = (
        "Progress",
        {
            "description": "Derived from the observations below, never typed. The status stays "
            "the rating of record; this is the evidence beside it.",
            "fields": PROGRESS,
        },
    )
    readonly_fields = PROGRESS

    class Media:
        css = {"all": ["css/admin-pledges.css"]}

    def get_queryset(self, request):
        # The verdict on today's date, in the list's own query: its column and filter read it.
        return super().get_queryset(request).with_verdict()

    def get_inlines(self, request, obj):
        # Observations are checked against a stored pledge's target: recorded once it is saved.
        return [*self.inlines, ObservationInline] if obj is not None else self.inlines

    def get_fieldsets(self, request, obj=None):
        return [*self.fieldsets, self.progress_fieldset] if obj is not None else self.fieldsets

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if request.method == "GET":
            pledge = self.get_object(request, object_id)
            if pledge is not None and pledge.disagrees_with_evidence:
                self.message_user(request, disagreement_text(pledge, self.latest(pledge)), messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    def latest(self, pledge: Pledge) -> Observation | None:
        """The observation the verdict reads: its period ends last, the shorter one when two end
        on the same day (progress.py, step 3). One query, memoised on the pledge."""
        if not hasattr(pledge, "_latest_observation"):
            pledge._latest_observation = (
                pledge.observations.order_by("-period_end", "-period_start", "-pk").first()
                if pledge.observed_until
                else None
            )
        return pledge._latest_observation

    @admin.display(description="evidence")
    def evidence(self, pledge: Pledge) -> str:
        return evidence_html(pledge, pledge.verdict_now)

    @admin.display(description="verdict")
    def verdict_display(self, pledge: Pledge) -> str:
        if pledge.pk is None:
            return "—"
        text = verdict_label(pledge.verdict())
        if pledge.disagrees_with_evidence:
            return format_html('{} <strong class="evidence-disagrees">{}</strong>', text, DISAGREES)
        return text

    @admin.display(description="share covered")
    def share_display(self, pledge: Pledge) -> str:
        share = share_text(pledge)
        if not share:
            return "—"
        start = in_target_terms(pledge, pledge.progress_start)
        return f"{share} of the way from {start} to {in_target_terms(pledge, pledge.target_amount)}"

    @admin.display(description="latest observation")
    def latest_observation(self, pledge: Pledge) -> str:
        latest = self.latest(pledge) if pledge.pk else None
        return f"{latest.period_text}: {latest.value_text}" if latest else "—"

    @admin.display(description="pace needed")
    def pace_display(self, pledge: Pledge) -> str:
        if pledge.pace_needed is None:
            return "—" if pledge.due else "— (no due date)"
        return f"{in_target_terms(pledge, pledge.pace_needed)} more a year until {pledge.due}"

    @admin.display(description="the rule")
    def rule(self, pledge: Pledge) -> str:
        if pledge.pk is None:
            return rule_text()
        return format_html(
            '{} <a href="{}">See the pledge\'s page</a>.', rule_text(), pledge.get_absolute_url()
        )

    @admin.display(description="current status", ordering="current_status")
    def status(self, pledge: Pledge) -> str:
        return PledgeStatus(pledge.current_status).label if pledge.current_status else "—"

    @admin.display(description="made at", ordering="event__date_start")
    def made_at(self, pledge: Pledge) -> str:
        return f"{Truncator(pledge.event.title).chars(48)} ({pledge.event.date})"

    @admin.display(description="target")
    def target(self, pledge: Pledge) -> str:
        return pledge.target_text or "—"

    @admin.display(description="due", ordering="due_start")
    def due_display(self, pledge: Pledge) -> str:
        return str(pledge.due or "—")


@admin.register(PledgeStatusChange)
class PledgeStatusChangeAdmin(TrackerAdmin):
    list_display = ["pledge", "status", "as_of_display", "note"]
    list_filter = ["status"]
    list_select_related = ["pledge"]
    search_fields = ["pledge__search_text"]
    autocomplete_fields = ["pledge"]

    @admin.display(description="as of", ordering="as_of_start")
    def as_of_display(self, change: PledgeStatusChange) -> str:
        return str(change.as_of)
