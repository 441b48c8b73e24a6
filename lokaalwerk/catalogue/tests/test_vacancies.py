"""Action 3.1: social-economy vacancies for the ten municipalities of the region."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from lokaalwerk.catalogue import services
from lokaalwerk.catalogue.indicators import CODE
from lokaalwerk.catalogue.models import Vacancy, VacancyImport
from lokaalwerk.catalogue.tests.factories import VacancyFactory, municipality
from lokaalwerk.indicators.registry import published

HEADER = (
    "reference,employer,municipality,title,hours_per_week,indication_required,posted_on,"
    "expires_on\n"
)


def _rows(body: bytes) -> list[dict]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def _csv(rows: list[dict]) -> bytes:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()


@pytest.fixture
def coordinator_client(client, city_coordinator):
    client.force_login(city_coordinator)
    return client


def _upload(client, name, data, dry_run):
    form = {"file": SimpleUploadedFile(name, data)}
    if dry_run:
        form["dry_run"] = "on"
    return client.post("/vacancies/import/", form)


def test_csv_round_trip_export_edit_dry_run_import(coordinator_client, city_coordinator):
    kept = VacancyFactory(reference="SE-1", title="Groenarbeider")
    VacancyFactory(reference="SE-2", municipality=municipality("12040"))
    rows = _rows(coordinator_client.get("/vacancies/export/").content)
    assert [r["reference"] for r in rows] == ["SE-1", "SE-2"]
    rows[0]["title"] = "Ploegleider groen"
    rows.append({**rows[1], "reference": "SE-3", "municipality": "Bornem", "title": "Strijker"})
    data = _csv(rows)

    dry = _upload(coordinator_client, "vacatures.csv", data, dry_run=True)
    assert dry.status_code == 200
    report = dry.context["report"]
    assert (report.ok, report.created, report.updated) == (True, 1, 2)
    assert Vacancy.objects.count() == 2 and not VacancyImport.objects.exists()

    done = _upload(coordinator_client, "vacatures.csv", data, dry_run=False)
    assert done.status_code == 302
    kept.refresh_from_db()
    assert kept.title == "Ploegleider groen"
    assert Vacancy.objects.get(reference="SE-3").municipality.nis_code == "12007"
    assert VacancyImport.objects.get().created_count == 1


def test_xlsx_round_trip(coordinator_client, city_coordinator):
    VacancyFactory(reference="SE-9", hours_per_week="19.5", indication_required=False)
    data = coordinator_client.get("/vacancies/export/", {"format": "xlsx"}).content
    sheet = load_workbook(io.BytesIO(data)).active
    sheet["D2"] = "Keukenhulp"
    buffer = io.BytesIO()
    sheet.parent.save(buffer)
    report = services.vacancies_import(
        actor=city_coordinator, file_name="v.xlsx", data=buffer.getvalue(), dry_run=False
    )
    assert report.ok and report.updated == 1
    vacancy = Vacancy.objects.get(reference="SE-9")
    assert (vacancy.title, str(vacancy.hours_per_week), vacancy.indication_required) == (
        "Keukenhulp",
        "19.5",
        False,
    )


def test_one_bad_row_refuses_the_whole_file_with_a_row_report(coordinator_client):
    VacancyFactory(reference="SE-1", title="Ongewijzigd")
    data = (
        HEADER
        + "SE-1,Werkplaats,Mechelen,Gewijzigd,30,ja,2026-11-01,2026-12-31\n"
        + "SE-2,Werkplaats,Antwerpen,Job,30,ja,2026-11-01,2026-12-31\n"
        + "SE-3,Werkplaats,Lier,Job,30,nee,2026-12-31,2026-11-01\n"
        + "SE-4,Werkplaats,Lier,Job,veel,misschien,gisteren,2026-11-01\n"
    ).encode()
    response = _upload(coordinator_client, "v.csv", data, dry_run=False)
    assert response.status_code == 422
    report = response.context["report"]
    by_ref = {row.reference: row for row in report.rows}
    assert by_ref["SE-1"].outcome == "update" and not by_ref["SE-1"].errors
    assert "Antwerpen" in by_ref["SE-2"].errors[0]
    assert len(by_ref["SE-3"].errors) == 1
    assert len(by_ref["SE-4"].errors) == 3
    assert by_ref["SE-4"].line == 5
    assert Vacancy.objects.get().title == "Ongewijzigd"
    assert not VacancyImport.objects.exists()


def test_a_file_that_cannot_be_read_is_a_field_error(coordinator_client):
    response = _upload(coordinator_client, "v.csv", b"naam;plaats\nx;y\n", dry_run=True)
    assert "file" in response.context["form"].errors
    response = _upload(coordinator_client, "v.pdf", b"%PDF", dry_run=True)
    assert "file" in response.context["form"].errors


def test_only_coordinators_import(client, city_caseworker):
    client.force_login(city_caseworker)
    assert client.get("/vacancies/import/").status_code == 403
    assert client.get("/vacancies/").status_code == 200


def test_the_import_command_exits_non_zero_on_bad_rows(tmp_path, city_coordinator):
    path = tmp_path / "v.csv"
    path.write_text(HEADER + "SE-1,Werkplaats,Gent,Job,30,ja,2026-11-01,2026-12-31\n")
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import-vacancies", str(path), user=city_coordinator.username)
    assert not Vacancy.objects.exists()


def test_expired_vacancies_are_hidden_and_flagged(client, partner_staff):
    VacancyFactory(title="Open job")
    expired = VacancyFactory(title="Verlopen job", expired=True)
    client.force_login(partner_staff)
    titles = [v.title for v in client.get("/vacancies/").context["vacancies"]]
    assert titles == ["Open job"]
    assert services.vacancies_flag_expired() == 1
    expired.refresh_from_db()
    assert expired.expired_flagged_at is not None
    region = client.get("/vacancies/region/")
    assert [v.title for v in region.context["expired"]] == ["Verlopen job"]
    mechelen = next(m for m in region.context["regional"] if m.nis_code == "12025")
    assert (mechelen.open_count, mechelen.expired_count) == (1, 1)
    assert len(region.context["regional"]) == 10


def test_the_weekly_digest_reaches_subscribed_workers(
    client, city_caseworker, vdab_consultant, django_capture_on_commit_callbacks
):
    VacancyFactory(title="Job in Mechelen")
    VacancyFactory(title="Job in Lier", municipality=municipality("12021"))
    VacancyFactory(title="Verlopen", expired=True)
    client.force_login(city_caseworker)
    response = client.post(
        "/vacancies/digest/", {"is_active": "on", "municipalities": [municipality("12021").pk]}
    )
    assert response.status_code == 302
    services.vacancy_subscription_set(user=vdab_consultant, municipalities=[])
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send-vacancy-digest")
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert set(bodies) == {city_caseworker.email, vdab_consultant.email}
    assert "Job in Lier" in bodies[city_caseworker.email]
    assert "Job in Mechelen" not in bodies[city_caseworker.email]
    assert "Job in Mechelen" in bodies[vdab_consultant.email]
    assert "Verlopen" not in bodies[vdab_consultant.email]


def test_a_subscription_outside_the_region_is_refused(city_caseworker):
    with pytest.raises(services.ValidationError):
        services.vacancy_subscription_set(
            user=city_caseworker, municipalities=[municipality("11002")]
        )


def test_open_vacancies_are_published_as_an_own_registration(db):
    registration = next(r for r in published() if r.code == CODE)
    today = timezone.localdate()
    VacancyFactory(municipality=municipality("12040"))
    VacancyFactory(municipality=municipality("12040"))
    VacancyFactory(
        posted_on=today - dt.timedelta(days=400), expires_on=today - dt.timedelta(days=300)
    )
    values = registration.compute(today.replace(day=1), today)
    assert [(v.nis_code, v.value) for v in values] == [("12040", 2)]
