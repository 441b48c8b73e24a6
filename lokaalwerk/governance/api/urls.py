"""API routes of this app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from .views import AgendaItemViewSet, BodyViewSet, DecisionViewSet, FollowUpViewSet, MeetingViewSet

router = SimpleRouter()
router.register("bodies", BodyViewSet, basename="governance-body")
router.register("meetings", MeetingViewSet, basename="governance-meeting")
router.register("agenda-items", AgendaItemViewSet, basename="governance-agenda-item")
router.register("decisions", DecisionViewSet, basename="governance-decision")
router.register("follow-ups", FollowUpViewSet, basename="governance-follow-up")

urlpatterns = router.urls
