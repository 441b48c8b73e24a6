"""Signing in as a person meets it: the lockout page after too many wrong passwords, and being
sent to sign in again from an htmx search after sitting idle. axe finds nothing serious."""

import datetime as dt
import re

import pytest

from lokaalwerk.accounts.constants import Role
from lokaalwerk.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def caseworker(live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.AXES_FAILURE_LIMIT = 3
    return MembershipFactory(
        organisation=OrganisationFactory(name="Sociaal Huis Mechelen", slug="sociaal-huis"),
        role=Role.CONTRIBUTOR,
        user=UserFactory(username="medewerker.stad"),
    ).user


@pytest.mark.parametrize("viewport", ["page", "phone_page"])
def test_the_lockout_page_explains_itself(request, caseworker, sign_in, axe, viewport):
    page = request.getfixturevalue(viewport)
    for attempt in range(3):
        sign_in(page, "medewerker.stad", f"fout {attempt}")
    assert page.get_by_role("heading", level=1).inner_text() == "Aanmelden is even geblokkeerd"
    assert "Probeer opnieuw na" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("link", name="Terug naar aanmelden").is_visible()
    assert axe(page) == []

    sign_in(page, "medewerker.stad")
    assert page.get_by_role("heading", level=1).inner_text() == "Aanmelden is even geblokkeerd"


def test_an_idle_search_sends_the_page_to_sign_in_again(
    caseworker, live_server, page, sign_in, axe, time_machine
):
    time_machine.move_to(dt.datetime.now(tz=dt.UTC))
    sign_in(page, "medewerker.stad")
    page.goto(f"{live_server.url}/catalogue/")
    assert page.get_by_role("heading", level=1).is_visible()

    time_machine.shift(dt.timedelta(minutes=31))
    page.get_by_role("searchbox").fill("taal")
    page.wait_for_url(re.compile(r"/accounts/login/\?next=/catalogue/$"))
    assert page.get_by_role("heading", level=1).inner_text() == "Aanmelden"
    assert "Je bent afgemeld omdat je 30 minuten niet actief was." in page.inner_text("main")
    assert page.locator("#offer-results").count() == 0
    assert axe(page) == []
