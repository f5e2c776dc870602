"""Countries and their names; the ISO list is complete, so none is added or deleted here."""

from django.contrib import admin

from relations.admin.base import TrackerAdmin, TrackerInline
from relations.admin.lookups import keep_chosen_order
from relations.models import Country, CountryName
from relations.names import fold


class CountryNameInline(TrackerInline):
    model = CountryName
    fields = ["name", "kind", "valid_from", "valid_until"]


@admin.register(Country)
class CountryAdmin(TrackerAdmin):
    list_display = ["code", "name", "aliases"]
    search_fields = ["code", "names__folded"]
    inlines = [CountryNameInline]
    ordering = ["name"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("names")

    def get_search_results(self, request, queryset, search_term):
        """By code and every name, best match first (`CountryQuerySet.ranked_matching`): in the
        change list and in every form's country box alike."""
        if not fold(search_term):
            return queryset, False
        return keep_chosen_order(request, queryset, queryset.ranked_matching(search_term)), False

    def autocomplete_queryset(self, request, queryset):
        # The names are read by the search itself (``matched_name``): nothing to add.
        return queryset.prefetch_related(None)

    def autocomplete_label(self, country: Country, term: str) -> str:
        """The current name, and the name ``term`` matched if the current name does not contain
        it: "Türkiye (Turkey)" for "Turke", "Netherlands (Holland)", "Türkiye" for "Turk"."""
        matched = getattr(country, "matched_name", None)
        if matched and fold(term) not in fold(country.name):
            return f"{country.name} ({matched})"
        return country.name

    def has_delete_permission(self, request, obj=None) -> bool:
        # Events, officials and pledges point at countries; the ISO list is complete.
        return False

    def get_readonly_fields(self, request, obj=None):
        # The ISO code is the country's identity in URLs and the API: fixed once created.
        return ["code"] if obj else []

    @admin.display(description="other names")
    def aliases(self, country: Country) -> str:
        return ", ".join(n.name for n in country.names.all() if n.name != country.name)
