"""API routes of the screening app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from .views import ScreeningRoundViewSet

router = SimpleRouter()
router.register("screening-rounds", ScreeningRoundViewSet, basename="screening-round")

urlpatterns = router.urls
