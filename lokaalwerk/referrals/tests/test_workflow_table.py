"""Every pair of states, one by one: allowed steps succeed for the right side only; every other
pair is refused with a clear error and changes nothing."""

import itertools

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from lokaalwerk.referrals import services, workflow
from lokaalwerk.referrals.constants import ReferralState
from lokaalwerk.referrals.models import Referral

STATES = list(ReferralState.values)
PAIRS = list(itertools.product(STATES, STATES))


def _extra(target):
    if target == ReferralState.DECLINED:
        return {"reason": "Geen plaats"}
    if target == ReferralState.COMPLETED:
        return {"outcome": "job"}
    return {}


@pytest.mark.parametrize(("current", "target"), PAIRS, ids=[f"{a}->{b}" for a, b in PAIRS])
def test_pair(current, target, make_referral, city_caseworker, vdab_consultant):
    referral = make_referral(state=current)
    step = workflow.transition_for(current, target)
    actors = {workflow.SENDER: city_caseworker, workflow.RECEIVER: vdab_consultant}
    if step is None or step.side == workflow.SYSTEM:
        for actor in actors.values():
            with pytest.raises(ValidationError):
                services.referral_transition(
                    actor=actor, referral=referral, to=target, **_extra(target)
                )
        assert Referral.objects.get(pk=referral.pk).state == current
        return
    wrong = actors[workflow.RECEIVER if step.side == workflow.SENDER else workflow.SENDER]
    with pytest.raises(PermissionDenied):
        services.referral_transition(actor=wrong, referral=referral, to=target, **_extra(target))
    assert Referral.objects.get(pk=referral.pk).state == current
    services.referral_transition(
        actor=actors[step.side], referral=referral, to=target, **_extra(target)
    )
    referral.refresh_from_db()
    assert referral.state == target
    assert referral.events.get().to_state == target


def test_decline_needs_a_reason(make_referral, vdab_consultant):
    referral = make_referral(sent=True)
    with pytest.raises(ValidationError) as info:
        services.referral_decline(actor=vdab_consultant, referral=referral, reason=" ")
    assert "reason" in info.value.message_dict
    referral.refresh_from_db()
    assert referral.state == ReferralState.SENT


def test_complete_needs_an_outcome(make_referral, vdab_consultant):
    referral = make_referral(in_progress=True)
    with pytest.raises(ValidationError) as info:
        services.referral_complete(actor=vdab_consultant, referral=referral, outcome="")
    assert "outcome" in info.value.message_dict


def test_accepting_an_expired_referral_is_refused(make_referral, vdab_consultant):
    referral = make_referral(sent=True, state=ReferralState.EXPIRED)
    with pytest.raises(ValidationError) as info:
        services.referral_accept(actor=vdab_consultant, referral=referral)
    assert info.value.code == "transition"
    referral.refresh_from_db()
    assert referral.state == ReferralState.EXPIRED


def test_system_expires_overdue_referrals(make_referral):
    import datetime as dt

    from django.utils import timezone

    overdue = make_referral(sent=True, response_deadline=timezone.localdate() - dt.timedelta(1))
    fresh = make_referral(sent=True)
    assert services.referrals_expire() == 1
    overdue.refresh_from_db()
    fresh.refresh_from_db()
    assert overdue.state == ReferralState.EXPIRED
    assert fresh.state == ReferralState.SENT
