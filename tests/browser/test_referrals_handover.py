"""A warm handover end to end: the Sociaal Huis sends, VDAB accepts, starts and completes, and
the sender sees the outcome. axe finds nothing serious on any page on the way."""

import pytest

from lokaalwerk.accounts.constants import OrganisationKind, Role
from lokaalwerk.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from lokaalwerk.referrals.constants import DataField
from lokaalwerk.referrals.tests.factories import (
    ClientFactory,
    ConsentFactory,
    RelationshipFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def handover_scene(live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    city = OrganisationFactory(name="Stad Mechelen", slug="stad-mechelen")
    social_house = OrganisationFactory(
        name="Sociaal Huis Mechelen",
        slug="sociaal-huis",
        kind=OrganisationKind.DEPARTMENT,
        parent=city,
    )
    vdab = OrganisationFactory(name="VDAB", slug="vdab", kind=OrganisationKind.EMPLOYMENT_SERVICE)
    sender = MembershipFactory(
        organisation=social_house,
        role=Role.CONTRIBUTOR,
        user=UserFactory(username="medewerker.stad", first_name="Demo", last_name="Medewerker"),
    ).user
    MembershipFactory(
        organisation=vdab,
        role=Role.CONTRIBUTOR,
        user=UserFactory(username="consulent.vdab", first_name="Demo", last_name="Consulent"),
    )
    client = ClientFactory(first_name="Demo", last_name="Cliënt 7")
    RelationshipFactory(client=client, organisation=social_house)
    ConsentFactory(
        client=client,
        recipient=vdab,
        organisation=social_house,
        recorded_by=sender,
        scope=[DataField.NAME, DataField.CONTACT, DataField.NOTES],
    )
    return {"url": live_server.url, "client": client}


def _sign_out(page):
    page.get_by_role("button", name="Afmelden").click()
    page.wait_for_load_state("networkidle")


def test_handover_send_accept_start_complete_and_the_sender_sees_the_outcome(
    handover_scene, page, sign_in, axe
):
    url = handover_scene["url"]
    sign_in(page, "medewerker.stad")
    page.goto(f"{url}/clients/{handover_scene['client'].pk}/")
    assert page.get_by_role("heading", name="Demo Cliënt 7").is_visible()
    assert axe(page) == []

    page.get_by_role("link", name="Nieuwe doorverwijzing").click()
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    page.get_by_label("Doorverwijzen naar").select_option(label="VDAB")
    page.get_by_label("Reden (actie van de overeenkomst)").select_option("2.6")
    page.get_by_label("Prioriteit").select_option("high")
    page.get_by_label("Notitie voor de ontvanger").fill("Demo: spreekt liever Frans.")
    page.get_by_role("button", name="Verzenden").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#referral-state").inner_text() == "Verzonden"
    assert axe(page) == []
    _sign_out(page)

    sign_in(page, "consulent.vdab")
    page.get_by_role("link", name="Doorverwijzingen", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    page.locator("#referral-list a").first.click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_text("Demo: spreekt liever Frans.").is_visible()
    page.get_by_role("button", name="Aanvaarden").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#referral-state").inner_text() == "Aanvaard"
    page.get_by_role("button", name="Starten").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#referral-state").inner_text() == "Lopend"
    assert axe(page) == []
    page.locator("#id_outcome").select_option("training")
    page.get_by_role("button", name="Afronden").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#referral-state").inner_text() == "Afgerond"
    _sign_out(page)

    sign_in(page, "medewerker.stad")
    page.get_by_role("link", name="Berichten").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#message-list li").count() == 3
    assert axe(page) == []
    page.locator("#message-list button").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#referral-outcome").inner_text().startswith("Opleiding")
    assert axe(page) == []


def test_referral_pages_on_a_phone(handover_scene, phone_page, sign_in, axe):
    sign_in(phone_page, "medewerker.stad")
    phone_page.goto(f"{handover_scene['url']}/referrals/?box=outbox")
    assert axe(phone_page) == []
    phone_page.goto(f"{handover_scene['url']}/consents/explanation/referral/")
    assert phone_page.get_by_role("heading", level=1).inner_text().startswith("Uw toestemming")
    assert axe(phone_page) == []
