import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.referrals import services
from lokaalwerk.referrals.constants import ReferralState
from lokaalwerk.referrals.models import Client, Referral


def test_export_pdf(client, city_caseworker, make_referral, served_client):
    make_referral(completed=True)
    client.force_login(city_caseworker)
    url = reverse("referrals:client-export-pdf", args=[served_client.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    from io import BytesIO

    from pypdf import PdfReader

    text = "".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "Cliënt 7" in text
    assert AuditEvent.objects.filter(action="client.exported", source=url).exists()


def test_export_json_holds_referrals_and_readers(
    client, city_caseworker, vdab_consultant, make_referral, served_client
):
    referral = make_referral(sent=True)
    client.force_login(vdab_consultant)
    client.get(reverse("referrals:detail", args=[referral.pk]))
    client.force_login(city_caseworker)
    data = client.get(reverse("referrals:client-export-json", args=[served_client.pk])).json()
    assert data["referrals"][0]["id"] == referral.pk
    assert any(r["who"] == str(vdab_consultant) for r in data["read_by"])


def test_rectification_records_which_fields(city_caseworker, served_client):
    services.client_update(actor=city_caseworker, client=served_client, phone="0471 11 11 11")
    event = AuditEvent.objects.get(action="client.rectified")
    assert event.data == {"fields": ["phone"]}
    with pytest.raises(ValidationError):
        services.client_update(actor=city_caseworker, client=served_client, national_number="1")
    served_client.refresh_from_db()
    assert served_client.phone == "0471 11 11 11"


def test_erasure_needs_a_reason_and_no_open_referral(city_caseworker, served_client, make_referral):
    open_referral = make_referral(sent=True)
    with pytest.raises(ValidationError):
        services.client_erase(actor=city_caseworker, client=served_client, reason="")
    with pytest.raises(ValidationError):
        services.client_erase(actor=city_caseworker, client=served_client, reason="Vraag cliënt")
    services.referral_withdraw(actor=city_caseworker, referral=open_referral)
    services.client_erase(actor=city_caseworker, client=served_client, reason="Vraag cliënt")
    served_client.refresh_from_db()
    assert served_client.erased_at and served_client.last_name == "" and served_client.email == ""
    referral = Referral.objects.get(pk=open_referral.pk)
    assert referral.client is None and referral.client_pseudonym and referral.note == ""
    assert AuditEvent.objects.get(action="client.erased").data == {"reason": "Vraag cliënt"}


def test_dpo_erases_through_the_page_and_reads_the_audit_log(
    client, data_protection_officer, city_caseworker, served_client
):
    client.force_login(city_caseworker)
    client.get(reverse("referrals:client-detail", args=[served_client.pk]))
    client.force_login(data_protection_officer)
    log = client.get(reverse("referrals:audit"), {"client": served_client.pk})
    assert log.status_code == 200
    assert reverse("referrals:client-detail", args=[served_client.pk]) in log.text
    assert "Cliënt 7" not in log.text
    response = client.post(
        reverse("referrals:client-erase", args=[served_client.pk]), {"reason": "Verzoek"}
    )
    assert response.status_code == 302
    assert Client.objects.get(pk=served_client.pk).erased_at is not None


def test_retention_pseudonymises_old_closed_referrals(
    make_referral, served_client, social_house, city_caseworker
):
    old = make_referral(completed=True)
    Referral.objects.filter(pk=old.pk).update(closed_at=timezone.now() - dt.timedelta(days=800))
    recent = make_referral(completed=True)
    running = make_referral(accepted=True)
    call_command("apply-retention")
    old.refresh_from_db()
    recent.refresh_from_db()
    running.refresh_from_db()
    assert old.client_id is None and old.pseudonymised_at and old.note == ""
    assert old.outcome == "job"  # the statistics keep their figures
    assert recent.client_id == served_client.pk
    assert running.client_id == served_client.pk
    served_client.refresh_from_db()
    assert served_client.erased_at is None  # still served by the Sociaal Huis


def test_retention_erases_a_client_nobody_needs(make_referral, served_client):
    old = make_referral(completed=True)
    served_client.relationships.update(ended_on=timezone.localdate() - dt.timedelta(days=800))
    Referral.objects.filter(pk=old.pk).update(closed_at=timezone.now() - dt.timedelta(days=800))
    assert services.retention_apply() == 1
    served_client.refresh_from_db()
    assert served_client.erased_at and served_client.last_name == ""


def test_retention_command_refuses_negative_days():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("apply-retention", "--days", "-1")


def test_retention_task(make_referral):
    from lokaalwerk.referrals.tasks import apply_retention

    old = make_referral(completed=True)
    Referral.objects.filter(pk=old.pk).update(closed_at=timezone.now() - dt.timedelta(days=800))
    result = apply_retention.enqueue()
    assert result.return_value == 1
    assert Referral.objects.get(pk=old.pk).state == ReferralState.COMPLETED
