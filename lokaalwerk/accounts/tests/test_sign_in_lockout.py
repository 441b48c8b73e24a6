"""Repeated failed sign-ins lock out the username and the address, everywhere one signs in."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.exceptions import AxesBackendRequestParameterRequired
from axes.models import AccessAttempt
from django.http import HttpRequest
from django.urls import reverse
from rest_framework.test import APIClient

from lokaalwerk.accounts.tests.factories import UserFactory
from lokaalwerk.audit.models import AuditEvent

PASSWORD = "correct horse battery staple"
OFFICE = "198.51.100.7"
LOGIN = "/accounts/login/"
ADMIN_LOGIN = "/admin/login/"
TOKEN = "/api/v1/auth/token/"


@pytest.fixture(autouse=True)
def limits(settings):
    """Small limits keep the suite quick; a fast hasher as well (each attempt hashes once)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_FAILURE_LIMIT = 3
    settings.SIGNIN_ADDRESS_FAILURE_LIMIT = 5
    settings.SIGNIN_COOLOFF_MINUTES = 15


@pytest.fixture
def api():
    return APIClient()


def sign_in(client, username, password, *, address=OFFICE, path=LOGIN, **extra):
    return client.post(
        path, {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_wrong_passwords_lock_the_username_and_the_right_one_then_fails(client, city_caseworker):
    # From three addresses: the username is locked, not only the address.
    for attempt, address in enumerate(["198.51.100.1", "198.51.100.2"]):
        response = sign_in(client, "caseworker.city", f"wrong {attempt}", address=address)
        assert response.status_code == 200
        assert "Voer een juiste gebruikersnaam" in response.content.decode()

    response = sign_in(client, "caseworker.city", "wrong again", address="198.51.100.3")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Aanmelden is even geblokkeerd" in page
    assert "Te veel mislukte pogingen om aan te melden" in page
    assert 'class="site-header"' in page  # in the site's layout

    response = sign_in(client, "caseworker.city", PASSWORD, address="198.51.100.4")
    assert response.status_code == 429
    assert "Te veel mislukte pogingen om aan te melden" in response.content.decode()
    assert not signed_in(client)


def test_the_lockout_page_says_until_when_in_local_time(client, city_caseworker, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    for attempt in range(3):
        response = sign_in(client, "caseworker.city", f"wrong {attempt}")
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    # 09:00 UTC is 10:00 in Brussels in winter; fifteen minutes later.
    assert "Probeer opnieuw na 10:15 (over 15 minuten)" in response.content.decode()

    time_machine.shift(dt.timedelta(minutes=10))
    response = sign_in(client, "caseworker.city", PASSWORD)
    assert response["Retry-After"] == str(5 * 60)
    assert "Probeer opnieuw na 10:15 (over 5 minuten)" in response.content.decode()


def test_the_lockout_message_is_english_for_an_english_reader(client, city_caseworker):
    for attempt in range(3):
        response = sign_in(client, "caseworker.city", f"wrong {attempt}", HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 429
    assert "Signing in is blocked for a while" in page
    assert "Too many failed attempts to sign in. Try again after" in page


def test_one_address_is_locked_across_usernames(client, city_caseworker, vdab_consultant):
    for attempt in range(5):
        response = sign_in(client, f"guess{attempt}", "wrong")
    assert response.status_code == 429

    # Nobody signs in from that address for now, not even with the right password ...
    assert sign_in(client, "consultant.vdab", PASSWORD).status_code == 429
    assert not signed_in(client)
    # ... while the same person elsewhere does.
    response = sign_in(client, "consultant.vdab", PASSWORD, address="203.0.113.50")
    assert response.status_code == 302
    assert signed_in(client)


def test_colleagues_behind_one_address_get_more_tries_than_one_username(
    client, city_caseworker, vdab_consultant
):
    for attempt in range(3):
        sign_in(client, "caseworker.city", f"wrong {attempt}")
    # The caseworker is locked out; the colleague at the same address still signs in.
    assert sign_in(client, "caseworker.city", PASSWORD).status_code == 429
    assert sign_in(client, "consultant.vdab", PASSWORD).status_code == 302


def test_signing_in_forgives_only_ones_own_failures(client, city_caseworker, vdab_consultant):
    sign_in(client, "caseworker.city", "wrong 1")
    sign_in(client, "caseworker.city", "wrong 2")
    sign_in(client, "consultant.vdab", "my own typo")
    assert sign_in(client, "consultant.vdab", PASSWORD).status_code == 302
    client.logout()

    assert not AccessAttempt.objects.filter(username="consultant.vdab").exists()
    # The attempts on someone else's account were not reset by that sign-in.
    assert sign_in(client, "caseworker.city", "wrong 3").status_code == 429


def test_the_admin_login_is_locked_out_too(client, db):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    for attempt in range(2):
        assert sign_in(client, "root", f"wrong {attempt}", path=ADMIN_LOGIN).status_code == 200
    response = sign_in(client, "root", "wrong 2", path=ADMIN_LOGIN)
    assert response.status_code == 429
    assert "Te veel mislukte pogingen om aan te melden" in response.content.decode()
    assert 'href="/admin/login/"' in response.content.decode()

    assert sign_in(client, "root", PASSWORD, path=ADMIN_LOGIN).status_code == 429
    assert not signed_in(client)


def test_the_api_token_endpoint_issues_tokens_and_counts_failures(api, city_caseworker):
    response = api.post(TOKEN, {"username": "caseworker.city", "password": PASSWORD})
    assert response.status_code == 200
    key = response.json()["token"]
    assert AuditEvent.objects.filter(action="account.api_token_issued", actor=city_caseworker)

    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert api.get("/api/v1/agreements/").status_code == 200
    api.credentials()

    response = api.post(TOKEN, {"username": "caseworker.city", "password": "wrong"})
    assert response.status_code == 400
    assert response.json() == {"detail": "De gebruikersnaam of het wachtwoord klopt niet."}
    api.post(TOKEN, {"username": "caseworker.city", "password": "wrong"})
    response = api.post(TOKEN, {"username": "caseworker.city", "password": "wrong"})
    assert response.status_code == 429
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("Te veel mislukte pogingen om aan te melden.")
    assert int(response["Retry-After"]) > 0

    response = api.post(TOKEN, {"username": "caseworker.city", "password": PASSWORD})
    assert response.status_code == 429
    assert "token" not in response.json()

    response = api.post(
        TOKEN, {"username": "caseworker.city", "password": PASSWORD}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.json()["detail"].startswith("Too many failed attempts to sign in.")


def test_a_lockout_writes_one_audit_row(client, city_caseworker):
    for attempt in range(3):
        sign_in(client, "caseworker.city", f"wrong {attempt}")
    sign_in(client, "caseworker.city", PASSWORD)
    sign_in(client, "caseworker.city", "still wrong")

    event = AuditEvent.objects.get(action="account.locked_out")
    assert event.actor is None
    assert event.target_type == "accounts.user"
    assert event.target_id == str(city_caseworker.pk)
    assert event.source == LOGIN
    assert event.data == {
        "username": "caseworker.city",
        "address": OFFICE,
        "failures_for_username": 3,
        "failures_from_address": 3,
    }


def test_a_lockout_of_an_unknown_username_is_recorded_without_an_account(client, db):
    for attempt in range(3):
        sign_in(client, "nobody", f"wrong {attempt}")
    event = AuditEvent.objects.get(action="account.locked_out")
    assert (event.target_type, event.data["username"]) == ("", "nobody")


def test_an_administrator_lifts_the_lockout_and_the_person_signs_in(client, city_caseworker):
    for attempt in range(3):
        sign_in(client, "caseworker.city", f"wrong {attempt}")
    assert sign_in(client, "caseworker.city", PASSWORD).status_code == 429

    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    changelist = reverse("admin:axes_accessattempt_changelist")
    page = client.get(changelist)
    assert "caseworker.city" in page.content.decode()
    response = client.post(
        changelist,
        {
            "action": "lift_lockout",
            "_selected_action": list(AccessAttempt.objects.values_list("pk", flat=True)),
        },
        follow=True,
    )
    assert "aanmelden kan weer" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    lifted = AuditEvent.objects.get(action="account.lockout_lifted")
    assert lifted.actor == root
    assert lifted.target_id == str(city_caseworker.pk)
    assert lifted.data == {"username": "caseworker.city", "address": OFFICE, "failures": 3}
    client.logout()

    assert sign_in(client, "caseworker.city", PASSWORD).status_code == 302
    assert signed_in(client)


def test_deleting_attempts_in_the_admin_is_recorded_as_well(client, city_caseworker):
    for attempt in range(3):
        sign_in(client, "caseworker.city", f"wrong {attempt}")
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(root)
    attempt = AccessAttempt.objects.get()
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    client.post(url, {"post": "yes"})
    assert not AccessAttempt.objects.exists()
    assert AuditEvent.objects.filter(action="account.lockout_lifted", actor=root).count() == 1


def test_the_lockout_ends_after_the_cool_off(client, city_caseworker, time_machine):
    time_machine.move_to(dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC), tick=False)
    for attempt in range(3):
        sign_in(client, "caseworker.city", f"wrong {attempt}")

    time_machine.shift(dt.timedelta(minutes=14))
    assert sign_in(client, "caseworker.city", PASSWORD).status_code == 429
    # Refused attempts during the lockout do not push its end further away.
    time_machine.shift(dt.timedelta(minutes=1, seconds=1))
    response = sign_in(client, "caseworker.city", PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)


def test_the_address_behind_trusted_proxies_is_the_one_the_outer_proxy_saw(
    client, settings, city_caseworker
):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "NUM_PROXIES": 1}
    proxy = "10.0.0.2"
    for attempt in range(3):
        # Whatever the client claims on the left, the proxy appends the address it saw.
        claimed = f"192.0.2.{attempt}, 203.0.113.9"
        sign_in(client, f"guess{attempt}", "wrong", address=proxy, HTTP_X_FORWARDED_FOR=claimed)
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.9"}
    # Another client behind the same proxy is not affected by that address's failures.
    response = sign_in(
        client, "caseworker.city", PASSWORD, address=proxy, HTTP_X_FORWARDED_FOR="203.0.113.10"
    )
    assert response.status_code == 302


def test_the_test_clients_login_goes_through_the_lockout_with_a_request(client, city_caseworker):
    with pytest.raises(AxesBackendRequestParameterRequired):
        client.login(username="caseworker.city", password=PASSWORD)
    assert client.login(request=HttpRequest(), username="caseworker.city", password=PASSWORD)
