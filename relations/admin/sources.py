"""Reference data (event kinds, sectors) and the sources and citations every fact rests on."""

from functools import partial

from django.contrib import admin
from django.urls import path

from relations.admin.article import URL_NAME, AddFromArticleLink, add_from_article
from relations.admin.base import TrackerAdmin
from relations.admin.filters import TypedChoiceFilter
from relations.models import Citation, EventKind, Sector, Source


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
    list_filter = [("source", TypedChoiceFilter)]
    search_fields = ["excerpt", "source__title", "source__publisher"]
    fold_search = False
    autocomplete_fields = ["source", "event", "pledge", "status_change", "office"]
