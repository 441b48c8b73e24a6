from lokaalwerk.core.demo import demo_load
from lokaalwerk.referrals.constants import ReferralState
from lokaalwerk.referrals.models import Client, PopUpBooking, Referral


def test_demo_has_every_state_and_loads_twice(db):
    demo_load()
    states = set(Referral.objects.values_list("state", flat=True))
    assert states == set(ReferralState.values)
    assert all(c.first_name == "Demo" for c in Client.objects.all())
    counts = (Client.objects.count(), Referral.objects.count(), PopUpBooking.objects.count())
    demo_load()
    assert (
        Client.objects.count(),
        Referral.objects.count(),
        PopUpBooking.objects.count(),
    ) == counts
