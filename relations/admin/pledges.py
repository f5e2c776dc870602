"""Pledges with their parties, status history, reaffirmations and citations."""

from django import forms
from django.contrib import admin
from django.utils.text import Truncator

from relations.admin.base import TrackerAdmin, TrackerInline
from relations.models import (
    Citation,
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
    list_display = ["title", "status", "target", "due_display", "made_at"]
    list_filter = [
        CurrentStatusFilter,
        ("sectors", admin.RelatedFieldListFilter),
        ("countries", admin.RelatedFieldListFilter),
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
