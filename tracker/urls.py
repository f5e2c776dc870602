from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemaps
from django.urls import include, path
from django.views.generic import RedirectView

from relations.admin.date_reading import date_box_reading
from relations.cache import cached_page
from relations.sitemaps import SITEMAPS
from relations.views.discovery import robots_txt

admin.site.site_header = "Diplomatic Ties Tracker"
admin.site.site_title = "Diplomatic Ties Tracker"
admin.site.index_title = "Data entry"

urlpatterns = [
    path("admin/date-box/reading/", admin.site.admin_view(date_box_reading), name="date-box-reading"),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on every page, admin included.
    path("favicon.ico", RedirectView.as_view(url=f"{settings.STATIC_URL}favicon.svg", permanent=True)),
    path("api/", include("relations.api.urls")),
    # The sitemap index, one entry per page of each section (relations/sitemaps.py).
    path(
        "sitemap.xml",
        cached_page(sitemaps.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path(
        "sitemap-<slug:section>.xml",
        cached_page(sitemaps.sitemap),
        {"sitemaps": SITEMAPS, "template_name": "relations/sitemap.xml"},
        name="sitemap-section",
    ),
    path("robots.txt", cached_page(robots_txt), name="robots"),
    path("", include("relations.urls")),
]

# JSON errors under /api/, the pages' HTML elsewhere.
handler400 = "relations.api.errors.bad_request"
handler403 = "relations.api.errors.permission_denied"
handler404 = "relations.api.errors.page_not_found"
handler500 = "relations.api.errors.server_error"
