"""API routes of this app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from .views import MilestoneViewSet, ProgressUpdateViewSet, SnapshotViewSet

router = SimpleRouter()
router.register("progress-updates", ProgressUpdateViewSet, basename="results-progress-update")
router.register("milestones", MilestoneViewSet, basename="results-milestone")
router.register("snapshots", SnapshotViewSet, basename="results-snapshot")

urlpatterns = router.urls
