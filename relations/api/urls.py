from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from relations.api import views
from relations.api.extract import ExtractView
from relations.api.root import TrackerAPIRoot

app_name = "api"

router = DefaultRouter()
router.APIRootView = TrackerAPIRoot  # the same JSON, a guide in the browser, the schema linked
router.register("countries", views.CountryViewSet)
router.register("officials", views.OfficialViewSet)
router.register("organizations", views.OrganizationViewSet)
router.register("commissions", views.CommissionViewSet)
router.register("events", views.EventViewSet)
router.register("event-kinds", views.EventKindViewSet)
router.register("pledges", views.PledgeViewSet)
router.register("observations", views.ObservationViewSet)
router.register("sectors", views.SectorViewSet)
router.register("sources", views.SourceViewSet)

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    # Swagger UI with its start-up script served as a file (this address with ?script=) and its
    # page rules in a stylesheet: the Content-Security-Policy allows no inline script or style.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/swagger_ui.html"),
        name="docs",
    ),
    path("extract/", ExtractView.as_view(), name="extract"),
    path("", include(router.urls)),
]
