"""API routes of the agreements app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from lokaalwerk.accounts.api.views import OrganisationViewSet
from lokaalwerk.geography.api.views import MunicipalityViewSet

from .views import ActionViewSet, AgreementViewSet

router = SimpleRouter()
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("actions", ActionViewSet, basename="action")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("municipalities", MunicipalityViewSet, basename="municipality")

urlpatterns = router.urls
