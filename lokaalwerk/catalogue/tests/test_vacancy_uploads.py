"""Action 3.1: a vacancy list is read as a stream and never past its row limit; a large one is
imported by the task worker while the user follows it on a progress page."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from lokaalwerk.catalogue import services
from lokaalwerk.catalogue.models import Vacancy, VacancyImport
from lokaalwerk.catalogue.tests.factories import VacancyFactory
from lokaalwerk.core.models import ImportJob, ImportJobState

pytestmark = pytest.mark.django_db
HEADER = [
    "reference",
    "employer",
    "municipality",
    "title",
    "hours_per_week",
    "indication_required",
    "posted_on",
    "expires_on",
]


def _row(n: int) -> list[str]:
    return [f"SE-{n}", "Werkplaats", "Mechelen", "Job", "30", "ja", "2026-11-01", "2026-12-31"]


def _csv(count: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(_row(n) for n in range(count))
    return buffer.getvalue().encode()


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl-be"):
        yield


@pytest.fixture
def coordinator_client(client, city_coordinator):
    client.force_login(city_coordinator)
    return client


# --- Streaming and the row limit ------------------------------------------------------------


class CountingFile(io.BytesIO):
    """A file that notes how many bytes were read from it, and refuses to be read whole."""

    def __init__(self, data: bytes):
        super().__init__(data)
        self.bytes_read = 0

    def read(self, size=-1):
        if size is None or size < 0:
            pytest.fail("the whole file was read at once")
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def read1(self, size=-1):
        return self.read(size if size is not None and size >= 0 else 8192)


def test_a_csv_past_the_row_limit_is_refused_without_reading_the_rest(settings):
    settings.VACANCY_MAX_ROWS = 100
    data = _csv(50_000)
    upload = CountingFile(data)
    read = []
    with pytest.raises(services.VacancyImportError) as refused:
        services.vacancies_import(
            actor=None, file_name="v.csv", data=upload, dry_run=True, progress=read.append
        )
    assert str(refused.value) == (
        "Het bestand bevat meer dan 100 rijen; het lezen stopte daar. Splits het in kleinere "
        "bestanden."
    )
    assert read[-1] == 100  # rows read before the first row too many
    assert upload.bytes_read < len(data) / 10
    assert not Vacancy.objects.exists()


def _big_workbook(rows: int) -> bytes:
    """Written in openpyxl's write-only mode: a few hundred kilobytes for 200,000 rows."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADER)
    for n in range(rows):
        sheet.append(_row(n))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_a_200000_row_workbook_is_refused_at_the_row_limit_while_streaming(settings, monkeypatch):
    settings.VACANCY_MAX_ROWS = 5000
    data = _big_workbook(200_000)
    parsed = []
    parse_row = WorkSheetParser.parse_row

    def counting(self, row):
        parsed.append(1)
        return parse_row(self, row)

    monkeypatch.setattr(WorkSheetParser, "parse_row", counting)
    with pytest.raises(services.VacancyImportError, match="meer dan 5.000 rijen"):
        services.vacancies_import(actor=None, file_name="v.xlsx", data=data, dry_run=True)
    # The header, the 5,000 rows and the one too many; of 200,001 rows in the sheet.
    assert len(parsed) == 5002


def test_a_workbook_within_the_limit_is_read_whole(settings, city_coordinator):
    settings.VACANCY_MAX_ROWS = 50
    report = services.vacancies_import(
        actor=city_coordinator, file_name="v.xlsx", data=_big_workbook(50), dry_run=False
    )
    assert report.ok and report.created == 50 and Vacancy.objects.count() == 50


# --- Reading back what the export wrote ------------------------------------------------------

AWKWARD = [
    'Hij zei "ja" en ging',
    "punt; komma, en\neen nieuwe regel",
    '"helemaal tussen aanhalingstekens"',
    "tab\tin het midden; \"en\" een ';'",
]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_an_export_with_quotes_delimiters_and_line_breaks_reads_back_identical(
    coordinator_client, city_coordinator, delimiter
):
    for n, text in enumerate(AWKWARD):
        VacancyFactory(
            reference=f"SE-{n}",
            title=text.replace("\n", " "),
            description=text,
            conditions=f'{text} — "voorwaarde {n}"',
            employer=f'Werkplaats "{n}", vzw; afdeling',
        )
    fields = ["employer", "title", "description", "conditions", "hours_per_week", "status"]
    before = list(Vacancy.objects.order_by("reference").values("reference", *fields))
    exported = coordinator_client.get("/vacancies/export/").content
    if delimiter != ",":  # the same list as a partner's spreadsheet saves it
        rows = list(csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline="")))
        buffer = io.StringIO()
        csv.writer(buffer, delimiter=delimiter).writerows(rows)
        exported = buffer.getvalue().encode()
    Vacancy.objects.update(title="x", description="", conditions="", employer="y")
    report = services.vacancies_import(
        actor=city_coordinator, file_name="v.csv", data=exported, dry_run=False
    )
    assert report.ok, [row.errors for row in report.error_rows]
    assert report.updated == len(AWKWARD)
    after = list(Vacancy.objects.order_by("reference").values("reference", *fields))
    assert after == before


# --- Large lists run in the background -------------------------------------------------------


def test_a_large_list_is_checked_then_imported_by_the_worker(coordinator_client, settings):
    settings.IMPORT_BACKGROUND_BYTES = 1000
    data = _csv(40)
    assert len(data) > 1000
    response = coordinator_client.post(
        "/vacancies/import/", {"file": SimpleUploadedFile("v.csv", data), "dry_run": "on"}
    )
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("catalogue:vacancy-import-job", args=[job.pk])
    # Under tests the worker runs the job at once: the page shows the dry run's report.
    page = coordinator_client.get(response["Location"])
    html = page.content.decode()
    job.refresh_from_db()
    assert (job.state, job.rows_read) == (ImportJobState.DONE, 40)
    assert "Proefrun: het bestand is in orde" in html and "hx-trigger" not in html
    assert "40 rijen gelezen" in html
    assert not Vacancy.objects.exists() and job.file  # kept to confirm
    response = coordinator_client.post(reverse("catalogue:vacancy-import-job", args=[job.pk]))
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == ImportJobState.DONE and not job.dry_run and not job.file
    assert Vacancy.objects.count() == 40 and VacancyImport.objects.get().created_count == 40
    html = coordinator_client.get(response["Location"]).content.decode()
    assert "Geïmporteerd: 40 nieuw, 0 bijgewerkt." in html
    # Confirmed once: a second confirmation imports nothing more.
    coordinator_client.post(reverse("catalogue:vacancy-import-job", args=[job.pk]))
    assert VacancyImport.objects.count() == 1


def test_a_large_list_with_bad_rows_shows_them_and_writes_nothing(coordinator_client, settings):
    settings.IMPORT_BACKGROUND_BYTES = 100
    data = _csv(3) + b"SE-9,Werkplaats,Gent,Job,30,ja,2026-11-01,2026-12-31\n"
    response = coordinator_client.post(
        "/vacancies/import/", {"file": SimpleUploadedFile("v.csv", data)}
    )
    html = coordinator_client.get(response["Location"]).content.decode()
    job = ImportJob.objects.get()
    assert job.state == ImportJobState.FAILED and not job.file
    assert "1 rij bevat fouten; er werd niets geïmporteerd." in html
    assert "Onbekende gemeente “Gent”" in html
    assert not Vacancy.objects.exists()


@pytest.fixture
def database_backend(settings, monkeypatch):
    """The production backend: jobs wait for the worker. The worker recycles its connections
    between jobs; the test's transaction must survive that."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )


def test_the_progress_page_follows_a_waiting_job_until_the_worker_ran_it(
    coordinator_client, settings, database_backend
):
    settings.IMPORT_BACKGROUND_BYTES = 100
    response = coordinator_client.post(
        "/vacancies/import/", {"file": SimpleUploadedFile("v.csv", _csv(5)), "dry_run": "on"}
    )
    url = response["Location"]
    html = coordinator_client.get(url).content.decode()
    assert "Wacht om te starten" in html
    assert f'hx-get="{url}"' in html and 'hx-trigger="every 1s"' in html
    assert 'aria-busy="true"' in html
    fragment = coordinator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert fragment.lstrip().startswith('<div id="import-job"') and "<html" not in fragment
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-reload")
    fragment = coordinator_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in fragment and 'aria-busy="false"' in fragment
    assert "Proefrun: het bestand is in orde" in fragment and "SE-4" in fragment


def test_only_who_uploaded_the_file_follows_its_import(
    coordinator_client, client, settings, vdab_coordinator
):
    settings.IMPORT_BACKGROUND_BYTES = 100
    response = coordinator_client.post(
        "/vacancies/import/", {"file": SimpleUploadedFile("v.csv", _csv(5)), "dry_run": "on"}
    )
    client.force_login(vdab_coordinator)
    assert client.get(response["Location"]).status_code == 404
    assert client.post(response["Location"]).status_code == 404
    assert not Vacancy.objects.exists()


def test_a_small_list_is_still_answered_at_once(coordinator_client, settings):
    settings.IMPORT_BACKGROUND_BYTES = 256 * 1024
    response = coordinator_client.post(
        "/vacancies/import/", {"file": SimpleUploadedFile("v.csv", _csv(5)), "dry_run": "on"}
    )
    assert response.status_code == 200 and response.context["report"].created == 5
    assert not ImportJob.objects.exists()


def test_a_workbook_is_weighed_by_what_it_unpacks_to(coordinator_client, settings):
    """200 rows in a few kilobytes of zip, but tens of kilobytes to parse: a job."""
    data = _big_workbook(200)
    settings.IMPORT_BACKGROUND_BYTES = len(data) * 2
    response = coordinator_client.post(
        "/vacancies/import/", {"file": SimpleUploadedFile("v.xlsx", data), "dry_run": "on"}
    )
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert (job.state, job.rows_read, job.result["ok"]) == (ImportJobState.DONE, 200, True)
