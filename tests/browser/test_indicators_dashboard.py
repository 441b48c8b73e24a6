import pytest

from lokaalwerk.core.demo import DEMO_PASSWORD, demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server):
    demo_load()
    return live_server


def test_a_coordinator_follows_the_figures_and_axe_finds_nothing_serious(
    demo_site, page, phone_page, sign_in, axe
):
    sign_in(page, "coordinator.stad", DEMO_PASSWORD)
    page.get_by_role("link", name="Cijfers", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == (
        "Cijfers: Regio sociale economie Mechelen"
    )
    assert page.locator("svg.chart").count() >= 5
    assert page.get_by_text("synthetische demodata").first.is_visible()
    assert axe(page) == []

    page.locator("details.chart-table summary").first.click()
    assert page.locator("details.chart-table table").first.is_visible()
    assert axe(page) == []

    page.get_by_label("Gemeente of groep").select_option("12025")
    page.get_by_role("button", name="Toon").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Cijfers: Mechelen"
    assert page.get_by_role("heading", name="Jongeren").is_visible()
    assert axe(page) == []

    sign_in(phone_page, "lezer.partner", DEMO_PASSWORD)
    phone_page.goto(f"{demo_site.url}/figures/area/12025/")
    assert phone_page.get_by_role("heading", name="Kerncijfers").is_visible()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
    assert axe(phone_page) == []


def test_a_coordinator_sets_a_target_and_sees_it_drawn(demo_site, page, sign_in, axe):
    sign_in(page, "coordinator.stad", DEMO_PASSWORD)
    page.goto(f"{demo_site.url}/figures/area/12025/")
    page.get_by_role("link", name="Streefwaarden", exact=True).click()
    page.get_by_role("link", name="Streefwaarde toevoegen").click()
    page.get_by_label("Indicator").select_option("wzw")
    page.get_by_label("Gebied").select_option("12025")
    page.get_by_label("Jaar").fill("2025")
    page.get_by_label("Streefwaarde").fill("veel")
    page.get_by_role("button", name="Opslaan").click()
    error = page.locator("#id_value_error")
    assert error.is_visible()
    assert page.get_by_label("Streefwaarde").get_attribute("aria-invalid") == "true"
    assert axe(page) == []

    page.get_by_label("Streefwaarde").fill("3.100,5")
    page.get_by_role("button", name="Opslaan").click()
    row = page.locator("#targets tbody tr", has_text="Mechelen")
    assert "3.100,5" in row.inner_text()
    assert axe(page) == []

    page.goto(f"{demo_site.url}/figures/area/12025/")
    assert page.get_by_text("2025: 3.100,5").first.is_visible()
