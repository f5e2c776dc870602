from django.urls import path

from relations import views

app_name = "relations"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:slug>/", views.event_detail, name="event-detail"),
]
