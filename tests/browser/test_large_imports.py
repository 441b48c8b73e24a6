"""A coordinator uploads a large vacancy list: the import runs in the task worker while a
progress page follows it, then shows the dry run, and the confirmed import."""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from lokaalwerk.accounts.constants import OrganisationKind, Role
from lokaalwerk.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from lokaalwerk.catalogue.models import Vacancy
from lokaalwerk.geography.models import Municipality
from lokaalwerk.geography.services import municipalities_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ROWS = 1500
JOB_PAGE = re.compile(r".*/vacancies/import/[0-9a-f-]{36}/$")


@pytest.fixture
def import_site(live_server, settings, monkeypatch):
    # Transactional tests flush the municipalities the migration loaded.
    municipalities_load(model=Municipality)
    city = OrganisationFactory(
        name="Stad Mechelen", slug="stad-mechelen", kind=OrganisationKind.LOCAL_GOVERNMENT
    )
    MembershipFactory(
        organisation=city, role=Role.COORDINATOR, user=UserFactory(username="coordinator.stad")
    )
    # As in production: jobs wait in the database until a worker runs them.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_BACKGROUND_BYTES = 16 * 1024
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    return live_server


def _vacancy_list() -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow(
        ["reference", "employer", "municipality", "title", "description", "hours_per_week",
         "indication_required", "posted_on", "expires_on"]
    )  # fmt: skip
    for n in range(ROWS):
        writer.writerow(
            [f"SE-{n:04d}", "Maatwerkbedrijf", "Lier", f"Job {n}", 'Een "echte" job; vast',
             "30", "ja", "2026-11-01", "2026-12-31"]
        )  # fmt: skip
    return buffer.getvalue().encode()


def _run_worker(page) -> None:
    """Run the queued jobs. The browser's polls of the job page are held meanwhile (a route
    answers only while the test talks to the browser), so the worker and the page never use
    the test database at the same moment."""
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-reload")


def test_a_large_vacancy_list_is_followed_on_its_progress_page(import_site, page, sign_in, axe):
    page.route(JOB_PAGE, lambda route: route.continue_())
    sign_in(page, "coordinator.stad")
    page.goto(f"{import_site.url}/vacancies/import/")
    data = _vacancy_list()
    page.get_by_label("Vacaturelijst (CSV of XLSX)").set_input_files(
        files=[{"name": "vacatures.csv", "mimeType": "text/csv", "buffer": data}]
    )
    expect(page.get_by_label("Proefrun: alleen controleren, niets opslaan")).to_be_checked()
    page.get_by_role("button", name="Controleren en importeren").click()

    expect(page).to_have_url(JOB_PAGE)
    expect(page.locator("#import-job-state")).to_have_text("Wacht om te starten")
    expect(page.get_by_text("Deze pagina volgt de import vanzelf.")).to_be_visible()
    assert page.locator("#import-job").get_attribute("aria-busy") == "true"
    assert axe(page) == []

    _run_worker(page)
    # htmx polls the page: the dry run's report replaces the progress by itself.
    expect(page.locator("#import-job-state")).to_have_text("Klaar", timeout=15_000)
    expect(page.locator("#import-job-rows")).to_have_text(f"{ROWS} rijen gelezen.")
    expect(page.get_by_role("heading", name="Proefrun: het bestand is in orde")).to_be_visible()
    assert page.locator("#import-job").get_attribute("aria-busy") == "false"
    assert not Vacancy.objects.exists()
    assert axe(page) == []

    page.get_by_role("button", name="Dit bestand nu importeren").click()
    expect(page.locator("#import-job-state")).to_have_text("Wacht om te starten")
    _run_worker(page)
    expect(page.locator("#import-job-state")).to_have_text("Klaar", timeout=15_000)
    expect(page.get_by_text(f"Geïmporteerd: {ROWS} nieuw, 0 bijgewerkt.")).to_be_visible()
    assert Vacancy.objects.count() == ROWS
    assert Vacancy.objects.get(reference="SE-0007").description == 'Een "echte" job; vast'
    assert axe(page) == []
    page.get_by_role("link", name="Naar de vacatures").click()
    expect(page).to_have_url(re.compile(r".*/vacancies/$"))
