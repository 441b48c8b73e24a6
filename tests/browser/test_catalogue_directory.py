import re

import pytest
from playwright.sync_api import expect

from lokaalwerk.accounts.constants import OrganisationKind, Role
from lokaalwerk.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from lokaalwerk.catalogue.demo import demo_load as catalogue_demo_load
from lokaalwerk.geography.models import Municipality
from lokaalwerk.geography.services import municipalities_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def catalogue_site(live_server):
    # Transactional tests flush the municipalities the migration loaded.
    municipalities_load(model=Municipality)
    city = OrganisationFactory(
        name="Stad Mechelen", slug="stad-mechelen", kind=OrganisationKind.LOCAL_GOVERNMENT
    )
    MembershipFactory(
        organisation=city, role=Role.COORDINATOR, user=UserFactory(username="coordinator.stad")
    )
    catalogue_demo_load()
    return live_server


def _count(page) -> str:
    return page.locator("#directory-count").inner_text()


def _expect_count(page, number: str) -> None:
    expect(page.locator("#directory-count")).to_have_text(re.compile(rf"^{number} "))


def test_a_citizen_searches_and_filters_the_directory_on_a_phone(catalogue_site, phone_page, axe):
    page = phone_page
    page.goto(f"{catalogue_site.url}/directory/")
    assert page.get_by_role("heading", name="Hulp in je buurt").is_visible()
    assert _count(page) == "16 plekken gevonden"
    assert axe(page) == []

    # htmx swaps the results in place as filters change; the URL keeps the filters.
    page.get_by_label("Soort").select_option(label="Publiek computerpunt")
    _expect_count(page, "4")
    assert "kind=computer" in page.url
    page.get_by_label("Gemeente").select_option(label="Lier")
    _expect_count(page, "1")
    assert page.get_by_role("link", name="Publieke computers bibliotheek Lier").is_visible()
    assert "Laatst gecontroleerd" in page.locator("#directory-results").inner_text()
    assert axe(page) == []

    page.get_by_role("link", name="Filters wissen").click()
    page.get_by_label("Zoeken").fill("pop-up")
    page.get_by_role("button", name="Zoeken").click()
    _expect_count(page, "2")
    page.get_by_label("Taal").select_option(label="Arabisch")
    _expect_count(page, "1")
    page.get_by_role("link", name="Pop-up jobcoach in Jeugdhuis Nekkerspoel").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Pop-up jobcoach")
    assert axe(page) == []
    # No horizontal scrolling on a phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_directory_works_without_javascript(catalogue_site, browser):
    context = browser.new_context(
        locale="nl-BE", viewport={"width": 390, "height": 844}, java_script_enabled=False
    )
    page = context.new_page()
    page.goto(f"{catalogue_site.url}/directory/")
    page.get_by_label("Soort").select_option(label="Kinderopvang 0 tot 3 jaar")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    assert _count(page) == "1 plek gevonden"
    assert "kind=childcare_baby" in page.url
    context.close()


def test_a_coordinator_reads_the_inclusion_test_and_vacancies(catalogue_site, page, sign_in, axe):
    sign_in(page, "coordinator.stad")
    page.goto(f"{catalogue_site.url}/catalogue/inclusion/")
    assert page.get_by_role("heading", name="Inclusietoets", exact=True).is_visible()
    assert axe(page) == []
    page.goto(f"{catalogue_site.url}/catalogue/inclusion/report/")
    assert "Wettelijke voorwaarde" in page.content()
    assert axe(page) == []
    page.goto(f"{catalogue_site.url}/vacancies/region/")
    assert page.get_by_role("row", name="Willebroek").is_visible()
    assert axe(page) == []
    for path in (
        "/catalogue/offers/duo-for-a-job/",
        "/catalogue/new/",
        "/catalogue/directory/",
        "/vacancies/import/",
        "/vacancies/digest/",
    ):
        page.goto(f"{catalogue_site.url}{path}")
        assert axe(page) == [], path
