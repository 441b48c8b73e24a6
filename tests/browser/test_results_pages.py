import datetime as dt

import pytest

from lokaalwerk.accounts.models import User
from lokaalwerk.agreements.models import Agreement
from lokaalwerk.core.demo import DEMO_AGREEMENT, DEMO_PASSWORD, demo_users_load
from lokaalwerk.results import services
from lokaalwerk.results.models import ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MECHELEN = "stad-mechelen-2021-2025"


@pytest.fixture
def demo_site(live_server):
    """The Mechelen agreement, the demo users and the results demo (the other apps' demo data
    plays no part here, and loading only this keeps the tests quick)."""
    import yaml

    from lokaalwerk.agreements.services import agreement_import
    from lokaalwerk.geography.models import Municipality
    from lokaalwerk.geography.services import municipalities_load
    from lokaalwerk.results import demo

    if not Municipality.objects.exists():
        municipalities_load(model=Municipality)
    agreement_import(structure=yaml.safe_load(DEMO_AGREEMENT.read_text(encoding="utf-8")))
    demo_users_load()
    demo.demo_load()
    return live_server


@pytest.fixture
def next_agreement(demo_site):
    """The 2026-2031 agreement with action 2.1 carried forward and an owner for it."""
    coordinator = User.objects.get(username="coordinator.stad")
    successor = services.agreement_continue(
        actor=coordinator,
        predecessor=Agreement.objects.get(slug=MECHELEN),
        title="Samen sterk voor lokaal werk in 2026-2031",
        slug="stad-mechelen-2026-2031",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2031, 12, 31),
        action_codes=["2.1", "2.2"],
    )
    owner = User.objects.get(username="medewerker.stad")
    services.owner_add(
        actor=coordinator,
        action=successor.actions.get(code="2.1"),
        user=owner,
        organisation=owner.memberships.get().organisation,
    )
    return successor


def test_an_owner_writes_an_update_from_my_updates(next_agreement, demo_site, page, sign_in, axe):
    sign_in(page, "medewerker.stad", DEMO_PASSWORD)
    page.get_by_role("link", name="Mijn rapporten").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#my-updates").is_visible()
    assert axe(page) == []
    page.get_by_role("link", name="2.1 bijwerken").click()
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    page.get_by_label("Status").select_option("off_track")
    page.get_by_label("Voortgang van het werk (%)").fill("15")
    page.get_by_role("button", name="Het rapport bewaren").click()
    page.wait_for_load_state("networkidle")
    assert "Leg uit waarom" in page.locator("#id_note_error").inner_text()
    assert axe(page) == []
    page.get_by_label("Waarom risico of achter op schema").fill(
        "Lesgever ziek; opleiding uitgesteld."
    )
    page.get_by_label("Wat gebeurde er deze periode").fill("Twee sessies ICT-basis gegeven.")
    page.get_by_role("button", name="Het rapport bewaren").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("2.1")
    assert "wacht op goedkeuring" in page.locator("#latest-status").inner_text()
    assert (
        "Voortgezet" in page.locator("#timeline").inner_text()
        or page.locator("#predecessor-link").is_visible()
    )
    assert axe(page) == []
    update = ProgressUpdate.objects.get(action__agreement=next_agreement)
    assert (update.status, update.progress, update.author.username) == (
        "off_track",
        15,
        "medewerker.stad",
    )


def test_a_coordinator_approves_an_update_and_the_public_page_shows_it(
    demo_site, page, phone_page, sign_in, axe
):
    waiting = ProgressUpdate.objects.filter(approval="pending").count()
    sign_in(page, "coordinator.stad", DEMO_PASSWORD)
    page.goto(f"{demo_site.url}/agreements/{MECHELEN}/")
    assert page.locator("#agreement-progress").is_visible()
    page.get_by_role("link", name=f"{waiting} rapporten wachten op goedkeuring").click()
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    page.get_by_role("link", name="1.2 beoordelen").click()
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    page.get_by_label("Het rapport goedkeuren").check()
    page.get_by_role("button", name="De beoordeling bewaren").click()
    page.wait_for_load_state("networkidle")
    assert "Het rapport werd beoordeeld." in page.locator(".messages").inner_text()
    assert ProgressUpdate.objects.filter(approval="pending").count() == waiting - 1
    approved = ProgressUpdate.objects.filter(action__code="1.2").order_by("-period__start_date")[0]
    assert approved.approval == "approved"
    assert approved.reviewed_by.username == "coordinator.stad"
    page.goto(f"{demo_site.url}/agreements/{MECHELEN}/actions/1.2/")
    assert "wacht op goedkeuring" not in page.locator("#latest-status").inner_text()
    assert axe(page) == []

    # The public page, in a browser that never signed in: no names without consent.
    public = phone_page
    public.goto(f"{demo_site.url}/public/results/{MECHELEN}/")
    assert public.get_by_role("heading", level=1).inner_text() == (
        "Samen sterk voor lokaal werk in 2020-2025"
    )
    text = public.locator("main").inner_text()
    assert "Op schema" in text or "Afgerond" in text
    assert public.locator("#last-update").inner_text() != "—"
    assert "Demo Eigenaar Onderwijs" in text  # agreed to be named
    assert "Demo Eigenaar VDAB" not in text
    assert "Demo Consulent VDAB" not in text
    public.get_by_text("Hoe werd dit berekend?").first.click()
    assert public.locator("table.inputs").first.is_visible()
    assert axe(public) == []
