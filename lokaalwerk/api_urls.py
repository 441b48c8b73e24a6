"""The REST API, version 1: each app contributes its own viewsets."""

from rest_framework.routers import DefaultRouter

from lokaalwerk.accounts.api.views import OrganisationViewSet
from lokaalwerk.agreements.api.views import ActionViewSet, AgreementViewSet
from lokaalwerk.geography.api.views import MunicipalityViewSet

router = DefaultRouter()
router.register("agreements", AgreementViewSet, basename="agreement")
router.register("actions", ActionViewSet, basename="action")
router.register("organisations", OrganisationViewSet, basename="organisation")
router.register("municipalities", MunicipalityViewSet, basename="municipality")

urlpatterns = router.urls
