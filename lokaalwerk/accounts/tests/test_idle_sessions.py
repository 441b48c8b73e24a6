"""Sessions left idle end: soon for people who can open client files, later for the others."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from lokaalwerk.accounts import policies
from lokaalwerk.accounts.middleware import idle_limit_minutes

HOME = "/"
START = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(START, tick=False)
    return time_machine


def signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def wait(clock, **delta):
    clock.shift(dt.timedelta(**delta))


def test_a_caseworker_is_signed_out_after_thirty_idle_minutes(client, city_caseworker, clock):
    client.force_login(city_caseworker)
    assert client.get(HOME).status_code == 200

    wait(clock, minutes=29)
    assert client.get(HOME).status_code == 200
    wait(clock, minutes=30, seconds=30)
    response = client.get(reverse("agreements:list") + "?page=1")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/agreements/%3Fpage%3D1"
    assert not signed_in(client)

    page = client.get(response["Location"]).content.decode()
    assert "Je bent afgemeld omdat je 30 minuten niet actief was." in page
    # Said once.
    assert "niet actief was" not in client.get("/accounts/login/").content.decode()


def test_activity_keeps_the_session_alive(client, city_caseworker, clock):
    client.force_login(city_caseworker)
    for _step in range(8):
        wait(clock, minutes=20)
        assert client.get(HOME).status_code == 200
    assert signed_in(client)


def test_the_data_protection_officer_has_the_short_idle_time(
    client, data_protection_officer, clock
):
    client.force_login(data_protection_officer)
    client.get(HOME)
    wait(clock, minutes=31)
    assert client.get(HOME).status_code == 302
    assert not signed_in(client)


def test_people_without_client_files_keep_a_working_day(client, partner_staff, clock):
    client.force_login(partner_staff)
    client.get(HOME)
    wait(clock, hours=7, minutes=59)
    assert client.get(HOME).status_code == 200

    wait(clock, hours=8, minutes=1)
    response = client.get(HOME, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You were signed out because you were inactive for 480 minutes." in page


def test_the_idle_times_are_settings(client, settings, partner_staff, clock):
    settings.SESSION_IDLE_MINUTES = 10
    client.force_login(partner_staff)
    client.get(HOME)
    wait(clock, minutes=11)
    assert client.get(HOME).status_code == 302


def test_no_session_outlives_its_maximum_age(client, settings, partner_staff, clock):
    settings.SESSION_COOKIE_AGE = 24 * 60 * 60
    client.force_login(partner_staff)
    client.get(HOME)
    for _step in range(3):
        wait(clock, hours=7)
        assert client.get(HOME).status_code == 200
    wait(clock, hours=4)
    response = client.get(HOME)
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Je bent afgemeld omdat je meer dan 1 dag geleden aanmeldde." in page


def test_an_htmx_request_after_expiry_sends_the_page_to_sign_in(client, city_caseworker, clock):
    client.force_login(city_caseworker)
    client.get(HOME)
    wait(clock, minutes=45)
    response = client.get(
        reverse("catalogue:offer-list") + "?q=taal",
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/catalogue/?q=taal",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/catalogue/%3Fq%3Dtaal"
    assert response.content == b""
    assert not signed_in(client)
    page = client.get(response["HX-Redirect"]).content.decode()
    assert "niet actief was" in page


def test_an_htmx_request_without_a_session_is_not_answered_with_a_sign_in_fragment(client, db):
    response = client.get(
        reverse("catalogue:offer-list"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL="http://testserver/catalogue/",
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == "/accounts/login/?next=/catalogue/"
    assert response.content == b""


def test_an_api_call_after_expiry_gets_the_apis_answer(client, city_caseworker, clock):
    client.force_login(city_caseworker)
    assert client.get("/api/v1/agreements/").status_code == 200
    wait(clock, minutes=31)
    response = client.get("/api/v1/agreements/")
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert not signed_in(client)


def test_the_idle_clock_starts_when_signing_in(client, city_caseworker, clock):
    response = client.post(
        "/accounts/login/",
        {"username": "caseworker.city", "password": "correct horse battery staple"},
    )
    assert response.status_code == 302
    wait(clock, minutes=31)
    assert client.get(HOME).status_code == 302
    assert not signed_in(client)


@pytest.mark.parametrize(
    ("persona", "minutes"),
    [
        ("city_caseworker", 30),
        ("vdab_consultant", 30),
        ("school_staff", 30),
        ("data_protection_officer", 30),
        ("city_coordinator", 480),
        ("alderman", 480),
        ("administrator", 480),
        ("partner_staff", 480),
        ("outsider", 480),
    ],
)
def test_who_has_the_short_idle_time(request, persona, minutes):
    """Those who can open client files or their audit trail (policies.handles_client_data)."""
    user = request.getfixturevalue(persona)
    assert policies.handles_client_data(user) is (minutes == 30)
    assert idle_limit_minutes(user) == minutes


def test_a_form_sent_after_expiry_returns_to_the_page_it_was_sent_from(
    client, city_caseworker, clock
):
    client.force_login(city_caseworker)
    client.get(HOME)
    wait(clock, minutes=31)
    response = client.post("/accounts/logout/", HTTP_REFERER="http://testserver/agreements/?page=2")
    assert response["Location"] == "/accounts/login/?next=/agreements/%3Fpage%3D2"

    client.force_login(city_caseworker)
    wait(clock, minutes=31)
    response = client.post("/accounts/logout/", HTTP_REFERER="https://elsewhere.example/")
    assert response["Location"] == "/accounts/login/"


def test_the_sign_in_page_itself_is_not_its_own_next_page(client, city_caseworker, clock):
    client.force_login(city_caseworker)
    wait(clock, minutes=31)
    response = client.get("/accounts/login/")
    assert response["Location"] == "/accounts/login/"
    assert "niet actief was" in client.get("/accounts/login/").content.decode()
