from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Diplomatic Ties Tracker"
admin.site.site_title = "Diplomatic Ties Tracker"
admin.site.index_title = "Data entry"

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("relations.urls")),
]
