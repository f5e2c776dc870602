"""Commissions with their sessions, and events with their countries, participants, citations and links."""

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import path

from relations.admin.article import AddFromArticleLink
from relations.admin.attention import CitedFilter
from relations.admin.base import TrackerAdmin, TrackerInline
from relations.admin.filters import TypedChoiceFilter
from relations.admin.meeting import (
    EventCitationInline,
    EventCountryInline,
    EventLinkedFromInline,
    EventLinkInline,
    ParticipantInline,
    PledgeInline,
    add_countries,
    participant_rows,
    row_count,
    sent_values,
)
from relations.models import (
    Commission,
    CommissionName,
    Country,
    Event,
    Official,
    Source,
)


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
    # The whole meeting on one form: who took part, what was pledged, where it is reported, and
    # how it relates to other events either way.
    inlines = [
        EventCountryInline,
        ParticipantInline,
        PledgeInline,
        EventCitationInline,
        EventLinkInline,
        EventLinkedFromInline,
    ]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", ("kind", "status"), ("date", "place", "place_country"), "summary"]},
        ),
        ("Commission and context", {"fields": [("commission", "session_number"), "parent", "sectors"]}),
    ]

    class Media:
        css = {"all": ["css/admin-event.css"]}
        js = ["admin/js/vendor/jquery/jquery.js", "admin/js/jquery.init.js", "js/event-form.js"]

    def get_fieldsets(self, request, obj=None):
        """The commission and context folded away on an event that has none (a new one too); the
        fold opens by itself on an error inside."""
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and (obj.commission_id or obj.parent_id or obj.sectors.exists()):
            return fieldsets
        (main, context) = fieldsets
        return [main, (context[0], {**context[1], "classes": ["collapse"]})]

    def get_urls(self):
        sides = self.admin_site.admin_view(self.official_sides_view)
        return [path("official-sides/", sides, name="relations_event_official_sides"), *super().get_urls()]

    def official_sides_view(self, request: HttpRequest) -> JsonResponse:
        """The nationality of each official asked for (``?official=3&official=4``), for the form's
        script to propose a participant's side: ``{"3": {"id": "TR", "text": "Türkiye"}}``."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        ids = [value for value in request.GET.getlist("official")[:50] if value.isdigit()]
        rows = Official.objects.filter(pk__in=ids, nationality__isnull=False).values_list(
            "pk", "nationality_id", "nationality__name"
        )
        return JsonResponse({str(pk): {"id": code, "text": name} for pk, code, name in rows})

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if "data" in kwargs:
            kwargs["data"] = self.proposed(request, obj)
            if f"{prefix}-TOTAL_FORMS" not in kwargs["data"]:
                # A form sent without this inline (a page opened before it was added, a script)
                # leaves its rows as they are.
                kwargs["data"].update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        if isinstance(inline, PledgeInline):
            kwargs["form_kwargs"] = {
                "countries": self.countries_involved(request, obj),
                "sources": self.sources_cited(request, obj),
            }
        return kwargs

    def proposed(self, request: HttpRequest, obj: Event | None):
        """The form as sent, with the blanks the form's script would have filled filled in the
        same way: a participant's empty side is the official's nationality, and a new event sent
        with its country rows left blank gets its participants' sides. One query, read once per request."""
        if not hasattr(request, "_event_form_data"):
            data = request.POST.copy()
            rows = participant_rows(data)
            missing = {data[f"{row}-official"] for row in rows if not data.get(f"{row}-side")}
            nationality = dict(
                Official.objects.filter(pk__in=[pk for pk in missing if pk.isdigit()])
                .exclude(nationality=None)
                .values_list("pk", "nationality_id")
            )
            for row in rows:
                if not data.get(f"{row}-side"):
                    official = data.get(f"{row}-official", "")
                    data[f"{row}-side"] = nationality.get(int(official), "") if official.isdigit() else ""
            # Blank rows sent are left for the proposal; a form whose rows were all removed is
            # refused (`AtLeastOneCountryFormSet`).
            blank_rows = row_count(data, "event_countries-TOTAL_FORMS") > 0
            if not (obj and obj.pk) and blank_rows and not sent_values(data, "event_countries", "country"):
                sides = [data.get(f"{row}-side") for row in rows]
                visit = "visit" in data.get("kind", "")
                add_countries(data, sides, place=data.get("place_country"), visit=visit)
            request._event_form_data = data
        return request._event_form_data

    def countries_involved(self, request: HttpRequest, obj: Event | None) -> dict[str, str]:
        """The countries a pledge's parties are ticked among, code to name: as sent on a POST
        (with the stored rows the form did not send), as stored on a GET. Two queries."""
        stored = list(obj.event_countries.values_list("pk", "country_id")) if obj and obj.pk else []
        if request.method == "POST":
            codes = sent_values(self.proposed(request, obj), "event_countries", "country", stored)
        else:
            codes = [code for _, code in stored]
        names = dict(Country.objects.filter(pk__in=codes).values_list("pk", "name"))
        return {code: names[code] for code in codes if code in names}

    def sources_cited(self, request: HttpRequest, obj: Event | None) -> dict[str, str]:
        """The sources a pledge may be cited with, id to name: the event's, as for
        `countries_involved`. Two queries."""
        stored = list(obj.citations.values_list("pk", "source_id")) if obj and obj.pk else []
        if request.method == "POST":
            ids = sent_values(self.proposed(request, obj), "citations", "source", stored)
        else:
            ids = [str(source) for _, source in stored]
        sources = Source.objects.filter(pk__in=[pk for pk in ids if str(pk).isdigit()]).order_by("pk")
        return {str(source.pk): str(source) for source in sources}

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
