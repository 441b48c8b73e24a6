"""Personas x operations (list, view, create, accept, export), for pages and API.

Workers see what their organisation serves or received; coordinators, aldermen, administrators
and the data protection officer see no client files; a worker guessing another organisation's
ids gets 404. Every read leaves an audit row with the page or endpoint."""

import pytest
from django.urls import reverse

from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.referrals.constants import ReferralState

PERSONAS = [
    "city_caseworker",
    "vdab_consultant",
    "school_staff",
    "city_coordinator",
    "alderman",
    "administrator",
    "data_protection_officer",
    "outsider",
    "anonymous",
]
NOT_WORKERS = {
    "city_coordinator",
    "alderman",
    "administrator",
    "data_protection_officer",
    "outsider",
}


@pytest.fixture
def scene(make_referral, served_client):
    return {"referral": make_referral(sent=True), "client": served_client}


def _sign_in(client, request, persona):
    if persona == "anonymous":
        return None
    user = request.getfixturevalue(persona)
    client.force_login(user)
    return user


def _expect_blocked(response, persona):
    if persona == "anonymous":
        assert response.status_code == 302
        assert "/accounts/" in response["Location"]
    else:
        assert response.status_code == 403


# --- Pages -----------------------------------------------------------------------------------

LIST_PAGE = {
    "city_caseworker": ("outbox", True),
    "vdab_consultant": ("inbox", True),
    "school_staff": ("inbox", False),
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_list(persona, scene, client, request):
    user = _sign_in(client, request, persona)
    box = LIST_PAGE.get(persona, ("inbox", False))[0]
    response = client.get(reverse("referrals:inbox"), {"box": box})
    if persona in LIST_PAGE:
        assert response.status_code == 200
        shown = reverse("referrals:detail", args=[scene["referral"].pk]) in response.text
        assert shown is LIST_PAGE[persona][1]
        if shown:
            event = AuditEvent.objects.get(action="referral.listed", actor=user)
            assert event.data["referrals"] == [scene["referral"].pk]
            assert event.source == reverse("referrals:inbox")
    else:
        _expect_blocked(response, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_view(persona, scene, client, request):
    user = _sign_in(client, request, persona)
    referral = scene["referral"]
    url = reverse("referrals:detail", args=[referral.pk])
    response = client.get(url)
    if persona in ("city_caseworker", "vdab_consultant"):
        assert response.status_code == 200
        assert "Cliënt 7" in response.text
        event = AuditEvent.objects.get(action="referral.viewed", actor=user)
        assert event.target_id == str(referral.pk)
        assert event.source == url
    elif persona == "school_staff":
        assert response.status_code == 404
        assert not AuditEvent.objects.filter(action="referral.viewed").exists()
    else:
        _expect_blocked(response, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_client_view(persona, scene, client, request):
    user = _sign_in(client, request, persona)
    url = reverse("referrals:client-detail", args=[scene["client"].pk])
    response = client.get(url)
    if persona == "city_caseworker":
        assert response.status_code == 200
        assert "0470 00 00 00" in response.text
    elif persona == "vdab_consultant":
        # Reached through the referral: the consent shares name and contact, not the birth date.
        assert response.status_code == 200
        assert "Cliënt 7" in response.text
        assert "17-05-1990" not in response.text
    elif persona == "school_staff":
        assert response.status_code == 404
    else:
        _expect_blocked(response, persona)
    if persona in ("city_caseworker", "vdab_consultant"):
        event = AuditEvent.objects.get(action="client.viewed", actor=user)
        assert event.target_id == str(scene["client"].pk)
        assert event.source == url


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_create(persona, scene, client, request, vdab):
    _sign_in(client, request, persona)
    before = scene["client"].referrals.count()
    response = client.post(
        reverse("referrals:create"),
        {
            "client": scene["client"].pk,
            "receiving_organisation": vdab.pk,
            "reason": "2.6",
            "priority": "high",
            "send": "1",
        },
    )
    if persona == "city_caseworker":
        assert response.status_code == 302
        assert scene["client"].referrals.count() == before + 1
        return
    if persona in ("vdab_consultant", "school_staff"):
        # The client is not among theirs: the form refuses it.
        assert response.status_code == 200
        assert "client" in response.context["form"].errors
    else:
        _expect_blocked(response, persona)
    assert scene["client"].referrals.count() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_accept(persona, scene, client, request):
    _sign_in(client, request, persona)
    referral = scene["referral"]
    response = client.post(
        reverse("referrals:transition", args=[referral.pk]), {"to": ReferralState.ACCEPTED}
    )
    referral.refresh_from_db()
    if persona == "vdab_consultant":
        assert response.status_code == 302
        assert referral.state == ReferralState.ACCEPTED
        return
    assert referral.state == ReferralState.SENT
    if persona == "city_caseworker":
        assert response.status_code == 403
    elif persona == "school_staff":
        assert response.status_code == 404
    else:
        _expect_blocked(response, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_page_export(persona, scene, client, request):
    user = _sign_in(client, request, persona)
    url = reverse("referrals:client-export-json", args=[scene["client"].pk])
    response = client.get(url)
    if persona == "city_caseworker":
        assert response.status_code == 200
        assert response.json()["client"]["last_name"] == "Cliënt 7"
        assert AuditEvent.objects.filter(action="client.exported", actor=user, source=url).exists()
    elif persona == "vdab_consultant":
        assert response.status_code == 403
    elif persona == "school_staff":
        assert response.status_code == 404
    else:
        _expect_blocked(response, persona)


# --- API -------------------------------------------------------------------------------------


def _api_blocked(response, persona):
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_list(persona, scene, client, request):
    user = _sign_in(client, request, persona)
    referrals = client.get("/api/v1/referrals/", {"box": "outbox"})
    clients = client.get("/api/v1/clients/")
    if persona in NOT_WORKERS or persona == "anonymous":
        _api_blocked(referrals, persona)
        _api_blocked(clients, persona)
        return
    assert referrals.status_code == 200
    assert clients.status_code == 200
    client_ids = [c["id"] for c in clients.json()]
    referral_ids = [r["id"] for r in referrals.json()]
    if persona == "city_caseworker":
        assert client_ids == [scene["client"].pk]
        assert referral_ids == [scene["referral"].pk]
        assert AuditEvent.objects.filter(
            action="client.listed", actor=user, source="/api/v1/clients/"
        ).exists()
    else:
        assert scene["client"].pk not in client_ids
        assert referral_ids == []
    inbox = client.get("/api/v1/referrals/").json()
    if persona == "vdab_consultant":
        assert inbox[0]["client"] == {
            "id": scene["client"].pk,
            "first_name": "Demo",
            "last_name": "Cliënt 7",
            "email": scene["client"].email,
            "phone": "0470 00 00 00",
        }
    else:
        assert inbox == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_view(persona, scene, client, request):
    user = _sign_in(client, request, persona)
    referral_url = f"/api/v1/referrals/{scene['referral'].pk}/"
    client_url = f"/api/v1/clients/{scene['client'].pk}/"
    referral_response = client.get(referral_url)
    client_response = client.get(client_url)
    if persona in ("city_caseworker", "vdab_consultant"):
        assert referral_response.status_code == 200
        assert client_response.status_code == 200
        body = client_response.json()
        assert ("birth_date" in body) is (persona == "city_caseworker")
        assert AuditEvent.objects.filter(
            action="referral.viewed", actor=user, source=referral_url
        ).exists()
        assert AuditEvent.objects.filter(
            action="client.viewed", actor=user, source=client_url
        ).exists()
    elif persona == "school_staff":
        assert referral_response.status_code == 404
        assert client_response.status_code == 404
    else:
        _api_blocked(referral_response, persona)
        _api_blocked(client_response, persona)


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_create(persona, scene, client, request, vdab):
    _sign_in(client, request, persona)
    before = scene["client"].referrals.count()
    response = client.post(
        "/api/v1/referrals/",
        {"client": scene["client"].pk, "receiving_organisation": vdab.pk, "reason": "1.1"},
        content_type="application/json",
    )
    if persona == "city_caseworker":
        assert response.status_code == 201, response.content
        assert response.json()["state"] == "draft"
        assert scene["client"].referrals.count() == before + 1
        return
    if persona == "vdab_consultant":
        # Sees the client's name through the referral, but may not refer them onwards.
        assert response.status_code == 403
    elif persona == "school_staff":
        assert response.status_code == 404
    else:
        _api_blocked(response, persona)
    assert scene["client"].referrals.count() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_accept(persona, scene, client, request):
    _sign_in(client, request, persona)
    referral = scene["referral"]
    response = client.post(
        f"/api/v1/referrals/{referral.pk}/transition/",
        {"to": "accepted"},
        content_type="application/json",
    )
    referral.refresh_from_db()
    if persona == "vdab_consultant":
        assert response.status_code == 200
        assert response.json()["state"] == "accepted"
        return
    assert referral.state == ReferralState.SENT
    if persona == "city_caseworker":
        assert response.status_code == 403
    elif persona == "school_staff":
        assert response.status_code == 404
    else:
        _api_blocked(response, persona)


@pytest.mark.parametrize("persona", ["city_caseworker", "vdab_consultant", "school_staff"])
def test_api_consents_stay_in_scope(persona, scene, client, request):
    _sign_in(client, request, persona)
    ids = [c["id"] for c in client.get("/api/v1/consents/").json()["results"]]
    if persona == "school_staff":
        assert ids == []
    else:
        assert scene["referral"].consent_id in ids
