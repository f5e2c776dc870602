"""Countries and their names; the ISO list is complete, so none is added or deleted here."""

from django.contrib import admin

from relations.admin.base import TrackerAdmin, TrackerInline
from relations.models import Country, CountryName


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

    def has_delete_permission(self, request, obj=None) -> bool:
        # Events, officials and pledges point at countries; the ISO list is complete.
        return False

    def get_readonly_fields(self, request, obj=None):
        # The ISO code is the country's identity in URLs and the API: fixed once created.
        return ["code"] if obj else []

    @admin.display(description="other names")
    def aliases(self, country: Country) -> str:
        return ", ".join(n.name for n in country.names.all() if n.name != country.name)
