import pytest
import yaml

from lokaalwerk.agreements.services import agreement_import
from lokaalwerk.core.demo import DEMO_AGREEMENT, DEMO_PASSWORD, demo_users_load
from lokaalwerk.geography.models import Municipality
from lokaalwerk.geography.services import municipalities_load
from lokaalwerk.screening.demo import demo_load
from lokaalwerk.screening.models import ScreeningRound

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_partner_reads_its_round_and_result_and_a_coordinator_reads_the_counts(
    live_server, page, sign_in, axe
):
    # The agreement, its users and the screening demo; the other apps' demos are not needed.
    if not Municipality.objects.exists():
        municipalities_load(model=Municipality)
    agreement_import(structure=yaml.safe_load(DEMO_AGREEMENT.read_text(encoding="utf-8")))
    demo_users_load()
    demo_load()
    current = ScreeningRound.objects.get(year=2026)
    sign_in(page, "medewerker.onderwijs", DEMO_PASSWORD)
    page.get_by_role("link", name="Screening").click()
    page.get_by_role("link", name="Gezamenlijke screening jongeren 2026").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#round-status").inner_text() == "Gekoppeld"
    assert axe(page) == []
    page.get_by_role("link", name="Resultaat voor Dienst onderwijs").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#not-found li").count() > 0
    assert axe(page) == []

    page.goto(f"{live_server.url}/screening/{current.pk}/counts/")
    assert "403" in page.title() or page.locator("#pair-counts").count() == 0

    page.context.clear_cookies()
    sign_in(page, "coordinator.vdab", DEMO_PASSWORD)
    page.goto(f"{live_server.url}/screening/{current.pk}/counts/")
    assert page.locator("#pair-counts tbody tr").count() == 3
    assert axe(page) == []
