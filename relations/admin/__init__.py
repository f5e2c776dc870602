"""Data entry: every record of the tracker, with its owned children inline."""

from functools import partial

from django import forms
from django.contrib import admin
from django.urls import path
from django.utils.text import Truncator

from relations.admin.article import URL_NAME, AddFromArticleLink, add_from_article
from relations.admin.base import TrackerAdmin, TrackerInline
from relations.forms import fuzzy_modelform
from relations.models import (
    Citation,
    Commission,
    CommissionName,
    Country,
    CountryName,
    Event,
    EventCountry,
    EventKind,
    EventLink,
    OfficeHeld,
    Official,
    OfficialName,
    Organization,
    Participant,
    Pledge,
    PledgeParty,
    PledgeReaffirmation,
    PledgeStatus,
    PledgeStatusChange,
    Sector,
    Source,
)
from relations.models.people import office_event_errors
from relations.models.pledges import status_sequence_error

# Countries -----------------------------------------------------------------------------------


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


# People and organizations --------------------------------------------------------------------


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
    list_filter = [("nationality", admin.RelatedFieldListFilter)]
    list_select_related = ["nationality"]
    search_fields = ["name_folded", "names__folded"]
    autocomplete_fields = ["nationality"]
    inlines = [OfficialNameInline, OfficeHeldInline]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Organization)
class OrganizationAdmin(TrackerAdmin):
    list_display = ["name", "acronym", "kind", "country", "parent"]
    list_filter = ["kind", ("country", admin.RelatedFieldListFilter)]
    list_select_related = ["country", "parent"]
    search_fields = ["name", "acronym"]
    fold_search = False
    autocomplete_fields = ["country", "parent"]
    prepopulated_fields = {"slug": ["name"]}


# Commissions ---------------------------------------------------------------------------------


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


# Events --------------------------------------------------------------------------------------


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
    # Every commission, country and sector is offered, read from their own small tables: the
    # choices that events use would be read from every event.
    list_filter = [
        "kind",
        "status",
        ("commission", admin.RelatedFieldListFilter),
        ("countries", admin.RelatedFieldListFilter),
        ("sectors", admin.RelatedFieldListFilter),
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


# Pledges -------------------------------------------------------------------------------------


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


# Reference data ------------------------------------------------------------------------------


@admin.register(EventKind)
class EventKindAdmin(TrackerAdmin):
    list_display = ["name", "slug", "parent", "tone", "code"]
    list_select_related = ["parent"]
    list_filter = ["tone", ("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug", "cameo_code", "plover_event"]
    fold_search = False
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "parent", "tone", "plover_event", "plover_mode", "cameo_code", "description"]

    def get_readonly_fields(self, request, obj=None):
        # The slug is the kind's identity in events, filters and the API: fixed once created.
        return ["slug"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields

    @admin.display(description="codes")
    def code(self, kind: EventKind) -> str:
        return kind.code


@admin.register(Sector)
class SectorAdmin(TrackerAdmin):
    list_display = ["name", "slug", "parent"]
    list_select_related = ["parent"]
    list_filter = [("parent", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "slug"]
    fold_search = False
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Source)
class SourceAdmin(AddFromArticleLink, TrackerAdmin):
    list_display = ["publisher", "title", "published", "kind", "language"]
    # No filter by publisher: its choices would be read from every source; the search finds one.
    # By precision: the sources dated only by month or year, to be made precise when the day is found.
    list_filter = ["kind", "language", "published_on_precision"]
    search_fields = ["title", "publisher", "url"]
    fold_search = False
    # By the first possible day: a source of "July 2025" is under July, one of "2025" under January.
    date_hierarchy = "published_on_start"
    fields = ["title", "slug", "url", "publisher", "published_on", "language", "kind"]

    @admin.display(description="published", ordering="published_on_start")
    def published(self, source: Source) -> str:
        return str(source.published_on) if source.published_on else "—"

    def get_urls(self):
        # "Add from article" starts from a source (the article) and writes events, pledges and
        # citations too; the event list links here as well.
        view = self.admin_site.admin_view(partial(add_from_article, site=self.admin_site))
        return [path("add-from-article/", view, name=URL_NAME), *super().get_urls()]


@admin.register(Citation)
class CitationAdmin(TrackerAdmin):
    list_display = ["source", "excerpt", "event", "pledge", "status_change", "office"]
    list_select_related = ["source", "event", "pledge", "status_change", "office__official"]
    search_fields = ["excerpt", "source__title", "source__publisher"]
    fold_search = False
    autocomplete_fields = ["source", "event", "pledge", "status_change", "office"]


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
    list_filter = [("country", admin.RelatedFieldListFilter)]
    search_fields = ["title", "official__name_folded", "official__names__folded"]
    autocomplete_fields = ["official", "organization", "country"]

    @admin.display(description="start", ordering="start_start")
    def start_display(self, office: OfficeHeld) -> str:
        return str(office.start or "—")

    @admin.display(description="end", ordering="end_start")
    def end_display(self, office: OfficeHeld) -> str:
        return "ended (date unknown)" if office.end_unknown else str(office.end or "—")
