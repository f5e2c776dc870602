from django.urls import path

from relations.views import commissions, countries, events, officials, pledges

app_name = "relations"

urlpatterns = [
    path("", events.home, name="home"),
    path("timeline/", events.timeline, name="timeline"),
    path("ties/<str:pair>/", events.ties, name="ties"),
    path("events/<slug:slug>/", events.event_detail, name="event-detail"),
    path("countries/", countries.country_list, name="country-list"),
    path("countries/<str:code>/", countries.country_detail, name="country-detail"),
    path("commissions/", commissions.commission_list, name="commission-list"),
    path("commissions/<slug:slug>/", commissions.commission_detail, name="commission-detail"),
    path("officials/", officials.official_list, name="official-list"),
    path("officials/<slug:slug>/", officials.official_detail, name="official-detail"),
    path("pledges/", pledges.pledge_list, name="pledge-list"),
    path("pledges/<int:pk>/", pledges.pledge_detail, name="pledge-detail"),
]
