from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

admin.site.site_header = "Diplomatic Ties Tracker"
admin.site.site_title = "Diplomatic Ties Tracker"
admin.site.index_title = "Data entry"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on every page, admin included.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True)),
    path("api/", include("relations.api.urls")),
    path("", include("relations.urls")),
]
