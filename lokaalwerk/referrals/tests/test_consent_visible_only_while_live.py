"""A receiving organisation reads a consent only while a referral or pop-up booking under it is
live for it: never a draft it was not sent, nor once the referral was declined, expired or
withdrawn, nor once the consent itself was withdrawn."""

import datetime as dt

import pytest
from django.utils import timezone

from lokaalwerk.accounts import policies
from lokaalwerk.referrals.constants import Attendance, ReferralState

from .factories import (
    ClientFactory,
    ConsentFactory,
    PopUpBookingFactory,
    PopUpSlotFactory,
    ReferralFactory,
    RelationshipFactory,
)

S = ReferralState


@pytest.fixture
def school_referral(school, school_staff, vdab):
    """A client of the school, with a consent to refer them to VDAB: VDAB has no other way
    to this client than a referral made under that consent."""

    def make(**traits):
        person = ClientFactory()
        RelationshipFactory(client=person, organisation=school)
        return ReferralFactory(
            client=person,
            sending_organisation=school,
            receiving_organisation=vdab,
            sender=school_staff,
            **traits,
        )

    return make


LIVE = {
    S.SENT: {"sent": True},
    S.ACCEPTED: {"accepted": True},
    S.IN_PROGRESS: {"in_progress": True},
    S.COMPLETED: {"completed": True},
    S.CLOSED: {"accepted": True, "state": S.CLOSED},
}
NOT_LIVE = {
    S.DRAFT: {},
    S.DECLINED: {"sent": True, "state": S.DECLINED, "decline_reason": "Geen plaats"},
    S.EXPIRED: {"sent": True, "state": S.EXPIRED},
    S.WITHDRAWN: {"sent": True, "state": S.WITHDRAWN},
}


@pytest.mark.parametrize("state", list(LIVE), ids=str)
def test_a_live_referral_shows_its_consent(state, school_referral, vdab_consultant, client):
    referral = school_referral(**LIVE[state])
    client.force_login(vdab_consultant)
    response = client.get(f"/api/v1/consents/{referral.consent_id}/")
    assert response.status_code == 200
    assert response.json()["client"] == referral.client_id
    listed = client.get("/api/v1/consents/").json()["results"]
    assert [c["id"] for c in listed] == [referral.consent_id]


@pytest.mark.parametrize("state", list(NOT_LIVE), ids=str)
def test_a_referral_not_live_for_the_receiver_hides_its_consent(
    state, school_referral, vdab_consultant, school_staff, client
):
    referral = school_referral(**NOT_LIVE[state])
    client.force_login(vdab_consultant)
    assert client.get(f"/api/v1/consents/{referral.consent_id}/").status_code == 404
    assert client.get("/api/v1/consents/").json()["results"] == []
    assert client.get(f"/api/v1/consents/?client={referral.client_id}").json()["results"] == []
    assert not policies.consents_visible_to(vdab_consultant).exists()
    # The school, which recorded the consent and serves the client, still reads it.
    client.force_login(school_staff)
    assert client.get(f"/api/v1/consents/{referral.consent_id}/").status_code == 200


def test_a_withdrawn_consent_is_hidden_although_the_referral_stays(
    school_referral, vdab_consultant, client
):
    referral = school_referral(accepted=True)
    referral.consent.withdrawn_at = timezone.now()
    referral.consent.save()
    client.force_login(vdab_consultant)
    assert client.get(f"/api/v1/referrals/{referral.pk}/").status_code == 200
    assert client.get(f"/api/v1/consents/{referral.consent_id}/").status_code == 404


def test_an_expired_consent_is_hidden(school_referral, vdab_consultant, client):
    referral = school_referral(accepted=True)
    referral.consent.valid_until = timezone.localdate() - dt.timedelta(days=1)
    referral.consent.save()
    client.force_login(vdab_consultant)
    assert client.get(f"/api/v1/consents/{referral.consent_id}/").status_code == 404


@pytest.mark.parametrize(
    ("attendance", "shown"),
    [(Attendance.BOOKED, True), (Attendance.ATTENDED, True), (Attendance.CANCELLED, False)],
)
def test_a_booking_at_the_pop_up_shows_its_consent_until_cancelled(
    attendance, shown, school, vdab, vdab_consultant, client
):
    person = ClientFactory()
    RelationshipFactory(client=person, organisation=school)
    consent = ConsentFactory(client=person, recipient=vdab, organisation=school)
    PopUpBookingFactory(
        slot=PopUpSlotFactory(organisation=vdab, host=school),
        client=person,
        consent=consent,
        booked_for=school,
        attendance=attendance,
    )
    client.force_login(vdab_consultant)
    response = client.get(f"/api/v1/consents/{consent.pk}/")
    assert response.status_code == (200 if shown else 404)


def test_a_consent_for_another_partner_stays_hidden(
    school_referral, school, vdab_consultant, client
):
    # A referral under this consent went to a third organisation, never to VDAB.
    from lokaalwerk.accounts.tests.factories import OrganisationFactory

    other = OrganisationFactory()
    referral = school_referral(sent=True)
    referral.receiving_organisation = other
    referral.save()
    client.force_login(vdab_consultant)
    assert client.get(f"/api/v1/consents/{referral.consent_id}/").status_code == 404
