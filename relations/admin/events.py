"""Commissions with their sessions, and events with their countries, participants, citations and links."""

from django import forms
from django.contrib import admin

from relations.admin.article import AddFromArticleLink
from relations.admin.attention import CitedFilter
from relations.admin.base import TrackerAdmin, TrackerInline
from relations.admin.filters import TypedChoiceFilter
from relations.models import Citation, Commission, CommissionName, Event, EventCountry, EventLink, Participant


class SessionInline(TrackerInline):
    model = Event
    fk_name = "commission"
    verbose_name = "session"
    verbose_name_plural = "sessions"
    fields = ["session_number", "title", "kind", "date", "status", "place", "place_country"]
    autocomplete_fields = ["place_country"]
    show_change_link = True
    ordering = ["session_number"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        # Every row offers the same kinds: read once, not once per row.
        kind = formset.form.base_fields["kind"]
        kind.choices = list(kind.choices)
        return formset


class CommissionNameInline(TrackerInline):
    model = CommissionName
    fields = ["name", "kind", "valid_from", "valid_until"]


@admin.register(Commission)
class CommissionAdmin(TrackerAdmin):
    list_display = ["name", "acronym", "kind", "member_codes", "founded_display"]
    list_filter = ["kind"]
    search_fields = ["search_text", "names__folded", "members__names__folded"]
    autocomplete_fields = ["members", "parent"]
    inlines = [CommissionNameInline, SessionInline]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("members")

    @admin.display(description="members")
    def member_codes(self, commission: Commission) -> str:
        return " · ".join(sorted(c.code for c in commission.members.all()))

    @admin.display(description="founded", ordering="founded_start")
    def founded_display(self, commission: Commission) -> str:
        return str(commission.founded or "—")


class AtLeastOneCountryFormSet(forms.BaseInlineFormSet):
    """Refuses an event left without a country (every row removed or marked for deletion)."""

    def clean(self) -> None:
        super().clean()
        kept = [f for f in self.forms if f.cleaned_data.get("country") and not f.cleaned_data.get("DELETE")]
        # Rows of the event that the form did not send are kept as they are.
        unsent = len(self.get_queryset()) - self.initial_form_count() if self.instance.pk else 0
        if not kept and unsent <= 0:
            raise forms.ValidationError("An event needs at least one country.", code="no_countries")


class EventCountryInline(TrackerInline):
    model = EventCountry
    formset = AtLeastOneCountryFormSet
    fields = ["country", "role"]
    autocomplete_fields = ["country"]
    min_num = 1


class ParticipantInline(TrackerInline):
    model = Participant
    fields = ["official", "name", "side", "role", "capacity"]
    autocomplete_fields = ["official", "side"]


class EventCitationInline(TrackerInline):
    model = Citation
    fk_name = "event"
    fields = ["source", "excerpt"]
    autocomplete_fields = ["source"]


class EventLinkInline(TrackerInline):
    model = EventLink
    fk_name = "from_event"
    fields = ["kind", "to_event"]
    autocomplete_fields = ["to_event"]


@admin.register(Event)
class EventAdmin(AddFromArticleLink, TrackerAdmin):
    list_display = [
        "title",
        "when",
        "kind",
        "status",
        "place",
        "country_codes",
        "commission",
        "session_number",
    ]
    # Commissions and countries are chosen by typing (`TypedChoiceFilter`); every sector is
    # offered, read from its own small table: the choices that events use would be read from
    # every event.
    list_filter = [
        "kind",
        "status",
        ("commission", TypedChoiceFilter),
        ("countries", TypedChoiceFilter.using("involving")),
        ("sectors", admin.RelatedFieldListFilter),
        CitedFilter,
    ]
    list_select_related = ["kind", "commission"]
    # The search is the timeline's (`get_search_results`); these fields only turn the box on.
    search_fields = ["search_text"]
    search_help_text = (
        "Title or summary, a country, a participant or a commission; accents and case do not matter."
    )
    # Sorting by another column would sort every event for one page; the date has an index.
    sortable_by = ["when"]
    autocomplete_fields = ["place_country", "commission", "parent"]
    filter_horizontal = ["sectors"]
    date_hierarchy = "date_start"
    inlines = [EventCountryInline, ParticipantInline, EventCitationInline, EventLinkInline]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "kind", "status", "date", "place", "place_country", "summary"]}),
        ("Commission and context", {"fields": ["commission", "session_number", "parent", "sectors"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("countries")

    def get_search_results(self, request, queryset, search_term):
        """The timeline's search (`EventQuerySet.matching`): subqueries, so no row comes twice and
        the list needs no DISTINCT."""
        return queryset.matching(search_term), False

    @admin.display(description="date", ordering="date_start")
    def when(self, event: Event) -> str:
        return str(event.date)

    @admin.display(description="countries")
    def country_codes(self, event: Event) -> str:
        return " · ".join(sorted(c.code for c in event.countries.all()))
