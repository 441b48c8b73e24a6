"""Every step of the workflow table, through the API and the page, answers with the referral
as the one who took it may now see it; a step that succeeded is never answered with a 404."""

import pytest
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.referrals import workflow
from lokaalwerk.referrals.constants import ReferralState

STEPS = [
    (current, target)
    for (current, target), step in workflow.ALLOWED_TRANSITIONS.items()
    if step.side != workflow.SYSTEM
]


def _extra(target):
    if target == ReferralState.DECLINED:
        return {"reason": "Geen plaats"}
    if target == ReferralState.COMPLETED:
        return {"outcome": "job"}
    return {}


def _referral(make_referral, current):
    sent_at = None if current == ReferralState.DRAFT else timezone.now()
    return make_referral(state=current, sent_at=sent_at)


def _actor(current, target, city_caseworker, vdab_consultant):
    side = workflow.transition_for(current, target).side
    return city_caseworker if side == workflow.SENDER else vdab_consultant


@pytest.mark.parametrize(("current", "target"), STEPS, ids=[f"{a}->{b}" for a, b in STEPS])
def test_api_step_returns_the_referral(
    current, target, make_referral, city_caseworker, vdab_consultant, client
):
    referral = _referral(make_referral, current)
    actor = _actor(current, target, city_caseworker, vdab_consultant)
    client.force_login(actor)
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/transition/",
        {"to": target, **_extra(target)},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["id"], body["state"]) == (referral.pk, target)
    # The client as the actor sees them now: the sender in full, the receiver only while it
    # holds the referral (not once it declined).
    if actor == city_caseworker:
        assert body["client"]["birth_date"] == "1990-05-17"
    elif target == ReferralState.DECLINED:
        assert body["client"] is None
    else:
        assert set(body["client"]) == {"id", "first_name", "last_name", "email", "phone"}
    # What the step answered is what reading the referral afterwards gives.
    assert client.get(f"/api/v1/referrals/{referral.pk}/").json() == body


@pytest.mark.parametrize(("current", "target"), STEPS, ids=[f"{a}->{b}" for a, b in STEPS])
def test_page_step_leads_to_a_page_that_opens(
    current, target, make_referral, city_caseworker, vdab_consultant, client
):
    referral = _referral(make_referral, current)
    client.force_login(_actor(current, target, city_caseworker, vdab_consultant))
    response = client.post(
        reverse("referrals:transition", args=[referral.pk]), {"to": target, **_extra(target)}
    )
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.state == target
    assert client.get(response["Location"]).status_code == 200
