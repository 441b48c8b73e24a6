"""Figures files are read as streams and never past their limit, a large one is checked and
imported by the task worker, and two imports of the same figures are never written at once."""

from __future__ import annotations

import io
import threading

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import ManagementUtility, call_command
from django.core.management.base import CommandError
from django.db import OperationalError, connection, connections
from django.urls import reverse
from django.utils import translation
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from lokaalwerk.core.models import ImportJob, ImportJobState
from lokaalwerk.geography.models import Area, Municipality
from lokaalwerk.geography.services import areas_load, municipalities_load
from lokaalwerk.indicators import services
from lokaalwerk.indicators.models import ImportBatch, Indicator, Observation

LONG = "gemeente;periode;waarde\n" + "".join(
    f"{name};2024-{month:02d};{100 + month}\n"
    for name in ("Mechelen", "Lier", "Bonheiden")
    for month in range(1, 13)
)


@pytest.fixture(autouse=True)
def dutch():
    with translation.override("nl-be"):
        yield


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


@pytest.mark.django_db
def test_a_long_csv_past_the_limit_is_refused_without_reading_the_rest(settings):
    settings.FIGURES_MAX_VALUES = 100
    rows = "".join(f"Mechelen;{2000 + n // 12}-{n % 12 + 1:02d};{n}\n" for n in range(40_000))
    data = ("gemeente;periode;waarde\n" + rows).encode()
    upload = CountingFile(data)
    read = []
    with pytest.raises(services.ObservationImportError) as refused:
        services.observations_import(
            actor=None, filename="l.csv", data=upload, indicator_code="wzw", progress=read.append
        )
    assert refused.value.report.summary() == (
        "1 fout, niets opgeslagen: Het bestand bevat meer dan 100 cijfers; het lezen stopte "
        "daar. Splits het in kleinere bestanden."
    )
    assert upload.bytes_read < len(data) / 20
    assert not read or read[-1] <= 101
    assert not Observation.objects.exists()


def _wide_workbook(rows: int) -> bytes:
    """An incijfers-like workbook written in openpyxl's write-only mode (small on disk)."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(["", "Werkzoekenden zonder werk", None])
    sheet.append(["gemeenten", 2023, 2024])
    for n in range(rows):
        sheet.append(["Mechelen", n, n + 1])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@pytest.mark.django_db
def test_a_200000_row_workbook_is_refused_at_the_limit_while_streaming(settings, monkeypatch):
    settings.FIGURES_MAX_VALUES = 5000
    data = _wide_workbook(200_000)
    parsed = []
    parse_row = WorkSheetParser.parse_row

    def counting(self, row):
        parsed.append(1)
        return parse_row(self, row)

    monkeypatch.setattr(WorkSheetParser, "parse_row", counting)
    with pytest.raises(services.ObservationImportError, match="meer dan 5.000 cijfers"):
        services.observations_import(actor=None, filename="w.xlsx", data=data)
    # Two header rows and the 2,501 data rows that hold the first 5,001 figures, of 200,002.
    assert len(parsed) == 2 + 2501


@pytest.mark.django_db
def test_a_workbook_is_read_in_read_only_mode_and_names_carry_over_empty_cells(monkeypatch):
    opened = []
    load = openpyxl.load_workbook

    def recording(*args, **kwargs):
        opened.append(kwargs)
        return load(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", recording)
    # The names row without merged cells: an empty cell belongs to the name on its left.
    book = Workbook()
    sheet = book.active
    sheet.append(["", "Werkzoekenden zonder werk", None, "Werkzoekendengraad", ""])
    sheet.append(["gemeenten", 2023, 2024, 2023, 2024])
    sheet.append(["Mechelen", 3120, 3054, 0.0812, 0.0795])
    sheet["D3"].number_format = sheet["E3"].number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    report = services.observations_import(actor=None, filename="x.xlsx", data=out.getvalue())
    assert opened and all(kwargs.get("read_only") is True for kwargs in opened)
    assert report.indicators == ["werkzoekendengraad", "wzw"] and report.created == 4
    rate = Observation.objects.get(
        indicator__code="werkzoekendengraad", area__code="12025", period_start="2024-01-01"
    )
    assert str(rate.value) == "7.9500"


# --- Large files run in the background -------------------------------------------------------


@pytest.mark.django_db
def test_a_large_file_is_checked_then_imported_by_the_worker(client, city_coordinator, settings):
    settings.IMPORT_BACKGROUND_BYTES = 200
    client.force_login(city_coordinator)
    response = client.post(
        reverse("indicators:import-upload"),
        {"file": SimpleUploadedFile("wzw.csv", LONG.encode()), "indicator": "wzw"},
    )
    job = ImportJob.objects.get()
    assert response["Location"] == reverse("indicators:import-job", args=[job.pk])
    html = client.get(response["Location"]).content.decode()
    assert "Controleer de inlezing" in html and "36 rijen gelezen" in html
    assert not Observation.objects.exists()
    response = client.post(response["Location"])
    job.refresh_from_db()
    assert (job.state, job.dry_run, bool(job.file)) == (ImportJobState.DONE, False, False)
    assert Observation.objects.filter(derived=False).count() == 36
    html = client.get(response["Location"]).content.decode()
    assert "Inlezing klaar: 36 nieuw, 0 gewijzigd, 0 ongewijzigd; 0 rijen overgeslagen" in html
    assert "Naar de cijfers" in html


@pytest.mark.django_db
def test_a_large_bad_file_shows_its_reasons_and_writes_nothing(client, city_coordinator, settings):
    settings.IMPORT_BACKGROUND_BYTES = 20
    client.force_login(city_coordinator)
    bad = b"gemeente;periode;waarde\nAtlantis;2025;1\nLier;2025;2\n"
    response = client.post(
        reverse("indicators:import-upload"),
        {"file": SimpleUploadedFile("wzw.csv", bad), "indicator": "wzw"},
    )
    html = client.get(response["Location"]).content.decode()
    assert ImportJob.objects.get().state == ImportJobState.FAILED
    assert "Geweigerd" in html and "Atlantis" in html and "Problemen in het bestand" in html
    assert not Observation.objects.exists()


# --- Two imports of the same figures at once ---------------------------------------------------


@pytest.mark.django_db
def test_an_import_that_waited_in_vain_for_the_database_is_told_plainly(monkeypatch):
    """SQLite serialises writing transactions: the second import waits, and when the first
    takes longer than the wait, it is refused with the same words as on PostgreSQL."""

    def locked(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "_write_observations", locked)
    with pytest.raises(services.ObservationImportBusy) as busy:
        services.observations_import(
            actor=None, filename="l.csv", data=LONG.encode(), indicator_code="wzw"
        )
    assert "(wzw) wordt op dit moment opgeslagen" in busy.value.report.summary()


@pytest.fixture
def figures_reference(transactional_db):
    """Areas and the indicator set, which a transactional test may find flushed."""
    from lokaalwerk.indicators.services import indicator_set_load

    if not Area.objects.exists():
        municipalities_load(model=Municipality)
        areas_load(area_model=Area, municipality_model=Municipality)
    if not Indicator.objects.exists():
        indicator_set_load()


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="two imports at once need PostgreSQL; SQLite serialises writing transactions "
    "(run with DATABASE_URL=postgres://...)",
)
def test_two_imports_of_the_same_figures_at_once_give_one_plain_refusal(
    figures_reference, monkeypatch, tmp_path, capsys, client, city_coordinator
):
    path = tmp_path / "wzw.csv"
    path.write_text(LONG, encoding="utf-8")
    writing, release = threading.Event(), threading.Event()
    write = services._write_observations

    def held(**kwargs):
        writing.set()
        assert release.wait(30)
        return write(**kwargs)

    monkeypatch.setattr(services, "_write_observations", held)
    first: dict = {}

    def import_first():
        try:
            first["report"] = services.observations_import(
                actor=None, filename="wzw.csv", data=path.read_bytes(), indicator_code="wzw"
            )
        except Exception as exc:  # noqa: BLE001 - the assertion below names it
            first["error"] = exc
        finally:
            connections.close_all()

    thread = threading.Thread(target=import_first)
    thread.start()
    try:
        assert writing.wait(30), "the first import never reached its write"
        # A second user on the page (and the form's service) ...
        with pytest.raises(services.ObservationImportBusy) as busy:
            services.observations_import(
                actor=None, filename="wzw.csv", data=path.read_bytes(), indicator_code="wzw"
            )
        assert busy.value.report.summary() == (
            "1 fout, niets opgeslagen: Een andere inlezing van deze cijfers (wzw) wordt op dit "
            "moment opgeslagen; er werd niets opgeslagen. Probeer opnieuw wanneer die klaar is."
        )
        # ... the page that confirms a previewed upload ...
        client.force_login(city_coordinator)
        preview = client.post(
            reverse("indicators:import-upload"),
            {"file": SimpleUploadedFile("wzw.csv", LONG.encode()), "indicator": "wzw"},
        )
        confirm = reverse("indicators:import-preview", args=[preview.context["token"]])
        page = client.post(confirm, follow=True, HTTP_ACCEPT_LANGUAGE="nl-BE")
        assert page.status_code == 200
        assert "(wzw) wordt op dit moment opgeslagen" in page.content.decode()
        # ... the streaming path of big files ...
        with pytest.raises(services.ObservationImportBusy):
            services.observations_import_copy(actor=None, path=path, indicator_code="wzw")
        # ... and the command: one line, exit code 1, no traceback.
        with pytest.raises(CommandError, match="wordt op dit moment opgeslagen"):
            call_command("import-observations", str(path), "--indicator", "wzw")
        capsys.readouterr()
        utility = ManagementUtility(
            ["lokaalwerk", "import-observations", str(path), "--indicator", "wzw"]
        )
        with pytest.raises(SystemExit) as exit_code:
            utility.execute()
        assert exit_code.value.code == 1
        err = capsys.readouterr().err
        assert "wordt op dit moment opgeslagen" in err and "Traceback" not in err
    finally:
        release.set()
        thread.join(timeout=60)
    assert "error" not in first, first.get("error")
    assert first["report"].created == 36
    assert Observation.objects.filter(derived=False).count() == 36
    assert ImportBatch.objects.count() == 1
    # Once the first is written, the same file imports again and changes nothing.
    again = services.observations_import(
        actor=None, filename="wzw.csv", data=path.read_bytes(), indicator_code="wzw"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 36)
