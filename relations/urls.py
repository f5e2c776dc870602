from django.urls import path

from relations.cache import cached_page as cached
from relations.views import citations as cite_views
from relations.views import commissions, countries, events, officials, pledges, search

app_name = "relations"

# Every public page is read-only, so an anonymous reader's copy is stored until the data changes.
urlpatterns = [
    path("", cached(events.home), name="home"),
    path("timeline/", cached(events.timeline), name="timeline"),
    path("search/", cached(search.search_page), name="search"),
    path("ties/<str:pair>/", cached(events.ties), name="ties"),
    path("events/<slug:slug>/", cached(events.event_detail), name="event-detail"),
    path("countries/", cached(countries.country_list), name="country-list"),
    path("countries/<str:code>/", cached(countries.country_detail), name="country-detail"),
    path("commissions/", cached(commissions.commission_list), name="commission-list"),
    path("commissions/<slug:slug>/", cached(commissions.commission_detail), name="commission-detail"),
    path("officials/", cached(officials.official_list), name="official-list"),
    path("officials/<slug:slug>/", cached(officials.official_detail), name="official-detail"),
    path("pledges/", cached(pledges.pledge_list), name="pledge-list"),
    path("pledges/<int:pk>/", cached(pledges.pledge_detail), name="pledge-detail"),
    # Citations to download (never stored: they carry the day accessed) and permanent addresses.
    path("events/id/<int:pk>/", cite_views.event_permalink, name="event-permalink"),
    path("commissions/id/<int:pk>/", cite_views.commission_permalink, name="commission-permalink"),
    path("events/<slug:slug>/cite.bib", cite_views.event_cite, {"fmt": "bib"}, name="event-cite-bibtex"),
    path("events/<slug:slug>/cite.json", cite_views.event_cite, {"fmt": "json"}, name="event-cite-csl"),
    path("pledges/<int:pk>/cite.bib", cite_views.pledge_cite, {"fmt": "bib"}, name="pledge-cite-bibtex"),
    path("pledges/<int:pk>/cite.json", cite_views.pledge_cite, {"fmt": "json"}, name="pledge-cite-csl"),
    path(
        "commissions/<slug:slug>/cite.bib",
        cite_views.commission_cite,
        {"fmt": "bib"},
        name="commission-cite-bibtex",
    ),
    path(
        "commissions/<slug:slug>/cite.json",
        cite_views.commission_cite,
        {"fmt": "json"},
        name="commission-cite-csl",
    ),
]
