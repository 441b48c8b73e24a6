"""API routes of this app, mounted under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views import DashboardView, IndicatorViewSet, ObservationViewSet

router = SimpleRouter()
router.register("indicators", IndicatorViewSet, basename="indicators-indicator")
router.register("observations", ObservationViewSet, basename="indicators-observation")

urlpatterns = [
    path(
        "indicators/dashboard/<str:area_code>/",
        DashboardView.as_view(),
        name="indicators-dashboard",
    ),
    *router.urls,
]
