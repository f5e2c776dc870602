from django.urls import path

from relations.cache import cached_page as cached
from relations.views import calendars, commissions, countries, events, officials, pledges, search
from relations.views import citations as cite_views
from relations.views.feeds import commission_feed, country_feed, official_feed, ties_feed, timeline_feed
from relations.views.pledge_feed import pledges_feed

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
    # iCalendar files: the timeline's and each pair's, country's, commission's and event's.
    path("calendar.ics", cached(calendars.timeline_calendar), name="calendar"),
    path("ties/<str:pair>/calendar.ics", cached(calendars.ties_calendar), name="ties-calendar"),
    path("countries/<str:code>/calendar.ics", cached(calendars.country_calendar), name="country-calendar"),
    path(
        "commissions/<slug:slug>/calendar.ics",
        cached(calendars.commission_calendar),
        name="commission-calendar",
    ),
    path("events/<slug:slug>/calendar.ics", cached(calendars.event_calendar), name="event-calendar"),
    # Atom feeds: each page's list, newest first (relations/views/feeds.py, pledge_feed.py).
    path("timeline/feed/", cached(timeline_feed), name="timeline-feed"),
    path("ties/<str:pair>/feed/", cached(ties_feed), name="ties-feed"),
    path("countries/<str:code>/feed/", cached(country_feed), name="country-feed"),
    path("commissions/<slug:slug>/feed/", cached(commission_feed), name="commission-feed"),
    path("officials/<slug:slug>/feed/", cached(official_feed), name="official-feed"),
    path("pledges/feed/", cached(pledges_feed), name="pledges-feed"),
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
