import pytest

from lokaalwerk.core.demo import DEMO_PASSWORD, demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    demo_load()
    return live_server


def test_a_coordinator_reads_the_agreement_and_axe_finds_nothing_serious(
    demo_site, page, sign_in, axe
):
    sign_in(page, "coordinator.vdab", DEMO_PASSWORD)
    assert page.get_by_role("heading", name="Lokaal Werk", exact=True).is_visible()
    assert axe(page) == []

    page.get_by_role("link", name="Samen sterk voor lokaal werk in 2020-2025").first.click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#days-left").inner_text().startswith("beëindigd op")
    assert page.get_by_role("heading", name="Werkingsprincipes").is_visible()
    assert axe(page) == []

    page.get_by_role("link", name="2.2 Toegankelijkheid van VDAB in het Sociaal Huis").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("2.2")
    assert axe(page) == []

    page.get_by_role("link", name="Organisaties").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("link", name="Sociaal Huis Mechelen").is_visible()
    assert axe(page) == []


def test_sign_in_page_is_accessible_and_switches_to_english(demo_site, page, axe):
    page.goto(f"{demo_site.url}/accounts/login/")
    assert axe(page) == []
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Sign in").is_visible()
    assert axe(page) == []
