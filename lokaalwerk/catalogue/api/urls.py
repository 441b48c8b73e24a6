"""API routes of the catalogue, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from .views import DirectoryEntryViewSet, OfferViewSet, VacancyViewSet

router = SimpleRouter()
router.register("offers", OfferViewSet, basename="catalogue-offer")
router.register("directory-entries", DirectoryEntryViewSet, basename="catalogue-directory-entry")
router.register("vacancies", VacancyViewSet, basename="catalogue-vacancy")

urlpatterns = router.urls
