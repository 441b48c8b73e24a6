"""Two consultants accept the same referral at the same moment: exactly one wins."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from lokaalwerk.accounts.constants import Role
from lokaalwerk.accounts.tests.factories import MembershipFactory, UserFactory
from lokaalwerk.referrals import services
from lokaalwerk.referrals.constants import ReferralState
from lokaalwerk.referrals.models import Referral, ReferralEvent

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs PostgreSQL row locks; SQLite serialises whole-database writes instead "
    "(run with DATABASE_URL=postgres://...)",
)
def test_two_simultaneous_accepts_exactly_one_wins(make_referral, vdab):
    referral = make_referral(sent=True)
    second = MembershipFactory(
        organisation=vdab, role=Role.CONTRIBUTOR, user=UserFactory(username="consultant.two")
    ).user
    first = MembershipFactory(
        organisation=vdab, role=Role.CONTRIBUTOR, user=UserFactory(username="consultant.one")
    ).user
    barrier = threading.Barrier(2)
    results: dict[str, str] = {}

    def accept(user):
        try:
            barrier.wait(timeout=10)
            services.referral_accept(actor=user, referral=referral)
            results[user.username] = "won"
        except ValidationError:
            results[user.username] = "refused"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=accept, args=(u,)) for u in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(results.values()) == ["refused", "won"]
    referral.refresh_from_db()
    assert referral.state == ReferralState.ACCEPTED
    winner = next(name for name, result in results.items() if result == "won")
    assert referral.handled_by.username == winner
    assert ReferralEvent.objects.filter(referral=referral, to_state="accepted").count() == 1
    assert Referral.objects.filter(pk=referral.pk, state="accepted").count() == 1
