"""Officials, the offices they held, and organizations."""

from django import forms
from django.contrib import admin

from relations.admin.base import TrackerAdmin, TrackerInline
from relations.admin.filters import TypedChoiceFilter
from relations.admin.lookups import keep_chosen_order, office_label
from relations.forms import fuzzy_modelform
from relations.models import OfficeHeld, Official, OfficialName, Organization
from relations.models.people import office_event_errors
from relations.names import fold


class OfficialNameInline(TrackerInline):
    model = OfficialName
    fields = ["name", "kind"]


class OfficeFormSet(forms.BaseInlineFormSet):
    """Refuses an office's dates where an event the official is recorded at in that office falls
    outside them (`office_event_errors`); checked once every row is valid."""

    def clean(self) -> None:
        super().clean()
        if any(form.errors for form in self.forms):
            return
        kept = [form for form in self.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]
        for position, messages in office_event_errors(self.instance, [f.instance for f in kept]).items():
            for message in messages:
                kept[position].add_error(None, message)


class OfficeHeldInline(TrackerInline):
    model = OfficeHeld
    formset = OfficeFormSet
    fields = ["title", "organization", "country", "start", "end", "end_unknown"]
    autocomplete_fields = ["organization", "country"]


@admin.register(Official)
class OfficialAdmin(TrackerAdmin):
    list_display = ["name", "nationality", "wikidata_id"]
    list_filter = [("nationality", TypedChoiceFilter)]
    list_select_related = ["nationality"]
    search_fields = ["name_folded", "names__folded"]
    autocomplete_fields = ["nationality"]
    inlines = [OfficialNameInline, OfficeHeldInline]
    prepopulated_fields = {"slug": ["name"]}

    def get_search_results(self, request, queryset, search_term):
        """Through every name, the one most likely meant first (`OfficialQuerySet.ranked_matching`:
        exact name, office held now, events, name): in the change list and every form's box."""
        if not fold(search_term):
            return queryset, False
        return keep_chosen_order(request, queryset, queryset.ranked_matching(search_term)), False

    def autocomplete_queryset(self, request, queryset):
        return queryset.for_lookup()

    def autocomplete_label(self, official: Official, term: str) -> str:
        """Enough to tell two of the same name apart: "Ishaq Dar — Deputy Prime Minister,
        Pakistan (2024–) · events 2013–2025": the office held now, or else the latest, or else
        the nationality; and the years of the events the official took part in."""
        nationality = official.nationality.name if official.nationality_id else ""
        offices = official.offices_latest
        about = office_label(offices[0], country_name=nationality) if offices else nationality
        text = f"{official.name} — {about}" if about else official.name
        first, last = official.first_event_on, official.last_event_on
        if first:
            years = str(first.year) if first.year == last.year else f"{first.year}–{last.year}"
            text += f" · events {years}"
        return text


@admin.register(Organization)
class OrganizationAdmin(TrackerAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind", ("country", TypedChoiceFilter)]
    list_select_related = ["country", "parent"]
    search_fields = ["name", "acronym"]
    fold_search = False
    autocomplete_fields = ["country", "parent"]
    prepopulated_fields = {"slug": ["name"]}


class OfficeHeldForm(fuzzy_modelform(OfficeHeld)):
    """One office on its own page, checked against its events with the official's other offices."""

    def _post_clean(self) -> None:
        super()._post_clean()
        office = self.instance
        if self.errors or not office.official_id:
            return
        others = OfficeHeld.objects.filter(official_id=office.official_id).exclude(pk=office.pk)
        for message in office_event_errors(office.official, [office, *others]).get(0, []):
            self.add_error(None, message)


@admin.register(OfficeHeld)
class OfficeHeldAdmin(TrackerAdmin):
    form = OfficeHeldForm
    list_display = ["official", "title", "organization", "country", "start_display", "end_display"]
    list_select_related = ["official", "organization", "country"]
    list_filter = [("country", TypedChoiceFilter), ("official", TypedChoiceFilter)]
    search_fields = ["title", "official__name_folded", "official__names__folded"]
    autocomplete_fields = ["official", "organization", "country"]

    def get_search_results(self, request, queryset, search_term):
        """By title and the official's names, the official named exactly first, then the offices
        held now, then the latest (`OfficeQuerySet.ranked_matching`)."""
        if not fold(search_term):
            return queryset, False
        return keep_chosen_order(request, queryset, queryset.ranked_matching(search_term)), False

    def autocomplete_queryset(self, request, queryset):
        return queryset.select_related("official", "country")

    def autocomplete_label(self, office: OfficeHeld, term: str) -> str:
        """ "Ishaq Dar: Deputy Prime Minister, Pakistan (2024–)"."""
        return f"{office.official.name}: {office_label(office)}"

    @admin.display(description="start", ordering="start_start")
    def start_display(self, office: OfficeHeld) -> str:
        return str(office.start or "—")

    @admin.display(description="end", ordering="end_start")
    def end_display(self, office: OfficeHeld) -> str:
        return "ended (date unknown)" if office.end_unknown else str(office.end or "—")
