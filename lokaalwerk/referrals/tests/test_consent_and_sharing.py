import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.accounts import policies
from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.referrals import services
from lokaalwerk.referrals.constants import ConsentPurpose, DataField, ReferralState
from lokaalwerk.referrals.models import Client, Referral

from .factories import ConsentFactory


def test_withdrawal_stops_sharing_at_once(
    make_referral, referral_consent, city_caseworker, vdab_consultant, served_client
):
    sent = make_referral(sent=True)
    accepted = make_referral(accepted=True)
    assert policies.can_view_client(vdab_consultant, served_client)
    services.consent_withdraw(actor=city_caseworker, consent=referral_consent)
    # Not yet answered: withdrawn. Already accepted: stays, but the client data is no longer shared.
    sent.refresh_from_db()
    accepted.refresh_from_db()
    assert sent.state == ReferralState.WITHDRAWN
    assert accepted.state == ReferralState.ACCEPTED
    vdab_consultant = type(vdab_consultant).objects.get(pk=vdab_consultant.pk)
    assert not policies.can_view_client(vdab_consultant, served_client)
    assert (
        policies.referral_client_fields(vdab_consultant, Referral.objects.get(pk=accepted.pk))
        == frozenset()
    )
    assert AuditEvent.objects.filter(action="consent.withdrawn").count() == 1


def test_referral_without_consent_is_refused(served_client, city_caseworker, vdab):
    with pytest.raises(ValidationError) as info:
        services.referral_create(
            actor=city_caseworker, client=served_client, receiving_organisation=vdab, reason="1.1"
        )
    assert "consent" in info.value.message_dict
    assert not Referral.objects.exists()


def test_consent_for_another_partner_does_not_cover(
    served_client, city_caseworker, vdab, school, social_house
):
    ConsentFactory(client=served_client, recipient=school, organisation=social_house)
    with pytest.raises(ValidationError):
        services.referral_create(
            actor=city_caseworker, client=served_client, receiving_organisation=vdab, reason="1.1"
        )


def test_joint_screening_consent_covers_a_referral(
    served_client, city_caseworker, vdab, social_house
):
    ConsentFactory(
        client=served_client,
        purpose=ConsentPurpose.JOINT_SCREENING,
        recipient=None,
        organisation=social_house,
    )
    referral = services.referral_create(
        actor=city_caseworker,
        client=served_client,
        receiving_organisation=vdab,
        reason="1.2",
        send=True,
    )
    assert referral.state == ReferralState.SENT
    assert referral.response_deadline > timezone.localdate()


def test_receiver_sees_only_the_consented_fields(make_referral, vdab_consultant, served_client):
    make_referral(sent=True)
    fields = policies.client_fields_visible_to(vdab_consultant, served_client)
    assert fields == {DataField.NAME, DataField.CONTACT}


def test_worker_loses_sight_when_relationship_ends(served_client, city_caseworker, social_house):
    assert policies.can_view_client(city_caseworker, served_client)
    services.relationship_end(
        actor=city_caseworker, client=served_client, organisation=social_house
    )
    served_client.relationships.update(ended_on=timezone.localdate() - dt.timedelta(days=1))
    fresh = type(city_caseworker).objects.get(pk=city_caseworker.pk)
    assert not policies.can_view_client(fresh, served_client)


def test_verbal_consent_needs_a_witness(served_client, city_caseworker, vdab):
    with pytest.raises(ValidationError) as info:
        services.consent_record(
            actor=city_caseworker,
            client=served_client,
            purpose="referral",
            scope=["name"],
            method="verbal",
            recipient=vdab,
        )
    assert "witness" in info.value.message_dict


def test_consent_page_records_and_ties_errors_to_fields(
    client, city_caseworker, served_client, vdab
):
    client.force_login(city_caseworker)
    url = reverse("referrals:consent-create", args=[served_client.pk])
    bad = client.post(
        url,
        {"purpose": "referral", "scope": ["name"], "method": "verbal", "given_on": "2025-01-01"},
    )
    assert bad.status_code == 200
    assert "recipient" in bad.context["form"].errors
    assert "witness" in bad.context["form"].errors
    assert not served_client.consents.exists()
    ok = client.post(
        url,
        {
            "purpose": "referral",
            "scope": ["name", "contact"],
            "method": "verbal",
            "witness": "Demo Getuige",
            "recipient": vdab.pk,
            "given_on": timezone.localdate().isoformat(),
        },
    )
    assert ok.status_code == 302
    assert served_client.consents.get().scope == ["contact", "name"]


def test_client_registration_refuses_a_bad_national_number(client, city_caseworker):
    client.force_login(city_caseworker)
    response = client.post(
        reverse("referrals:client-create"),
        {
            "first_name": "Demo",
            "last_name": "Cliënt 9",
            "national_number": "85073003329",
            "preferred_language": "nl",
        },
    )
    assert response.status_code == 200
    assert (
        "check number" in str(response.context["form"].errors["national_number"])
        or response.context["form"].errors["national_number"]
    )
    assert not Client.objects.exists()
    response = client.post(
        reverse("referrals:client-create"),
        {
            "first_name": "Demo",
            "last_name": "Cliënt 9",
            "national_number": "85.07.30-033.28",
            "birth_date": "1985-07-30",
            "preferred_language": "nl",
        },
    )
    assert response.status_code == 302
    assert Client.objects.get().national_number == "85073003328"


def test_administrator_reads_no_client_file(administrator, served_client):
    assert not policies.can_view_client(administrator, served_client)
    assert policies.clients_visible_to(administrator).count() == 0
    with pytest.raises(PermissionDenied):
        services.client_update(actor=administrator, client=served_client, phone="1")


def test_consent_explanation_is_dutch(client):
    response = client.get(reverse("referrals:consent-explanation", args=["referral"]))
    assert response.status_code == 200
    assert "toestemming" in response.text.lower()


def test_api_refuses_bad_input_and_changes_nothing(client, city_caseworker, served_client, vdab):
    client.force_login(city_caseworker)
    bad = client.post(
        "/api/v1/clients/",
        {"last_name": "Cliënt 8", "national_number": "85073003329"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert "national_number" in bad.json()
    assert Client.objects.count() == 1
    no_consent = client.post(
        "/api/v1/referrals/",
        {"client": served_client.pk, "receiving_organisation": vdab.pk, "reason": "2.2"},
        content_type="application/json",
    )
    assert no_consent.status_code == 400
    assert "consent" in no_consent.json()
    assert not Referral.objects.exists()


def test_api_consent_record_and_withdraw(client, city_caseworker, served_client, vdab):
    client.force_login(city_caseworker)
    created = client.post(
        "/api/v1/consents/",
        {
            "client": served_client.pk,
            "purpose": "referral",
            "recipient": vdab.pk,
            "scope": ["name"],
            "method": "verbal",
            "witness": "Demo Getuige",
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    consent_id = created.json()["id"]
    withdrawn = client.post(f"/api/v1/consents/{consent_id}/withdraw/")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["valid"] is False
    again = client.post(f"/api/v1/consents/{consent_id}/withdraw/")
    assert again.status_code == 403


def test_signed_form_is_kept_private_and_read_with_an_audit_row(
    client, city_caseworker, school_staff, served_client, vdab
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(city_caseworker)
    upload = SimpleUploadedFile("toestemming.pdf", b"%PDF-1.4 demo", "application/pdf")
    response = client.post(
        reverse("referrals:consent-create", args=[served_client.pk]),
        {
            "purpose": "referral",
            "scope": ["name"],
            "method": "signed_form",
            "recipient": vdab.pk,
            "given_on": timezone.localdate().isoformat(),
            "signed_form": upload,
        },
    )
    assert response.status_code == 302
    consent = served_client.consents.get()
    try:
        assert "media" not in consent.signed_form.path
        url = reverse("referrals:consent-form", args=[consent.pk])
        download = client.get(url)
        assert download.status_code == 200
        assert b"".join(download.streaming_content) == b"%PDF-1.4 demo"
        assert AuditEvent.objects.filter(action="consent.form_viewed", source=url).exists()
        client.force_login(school_staff)
        assert client.get(url).status_code == 404
    finally:
        consent.signed_form.delete(save=False)
