"""API routes of this app, mounted under /api/v1/."""

from rest_framework.routers import SimpleRouter

from .views import BookingViewSet, ClientViewSet, ConsentViewSet, ReferralViewSet

router = SimpleRouter(use_regex_path=False)
router.register("clients", ClientViewSet, basename="referrals-client")
router.register("consents", ConsentViewSet, basename="referrals-consent")
router.register("referrals", ReferralViewSet, basename="referrals-referral")
router.register("popup-bookings", BookingViewSet, basename="referrals-booking")

urlpatterns = router.urls
