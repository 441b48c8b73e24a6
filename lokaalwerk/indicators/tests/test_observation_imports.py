import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook

from lokaalwerk.core.testing import require_shared
from lokaalwerk.indicators.constants import Flag
from lokaalwerk.indicators.models import ImportBatch, Observation
from lokaalwerk.indicators.services import ObservationImportError, observations_import

pytestmark = pytest.mark.django_db
REAL = "data/provincies-incijfers-export-youth-origin.csv"


def _value(code, area, year):
    obs = Observation.objects.get(
        indicator__code=code, area__code=area, period_start=dt.date(year, 1, 1), breakdown=""
    )
    return obs.value, obs.flag


def test_the_real_incijfers_export_imports_with_the_values_of_the_file():
    data = require_shared(REAL).read_bytes()
    report = observations_import(actor=None, filename="youth.csv", data=data)
    assert report.kind == "wide_csv"
    assert report.created == 304 * 77 and report.areas == 304
    # Checked by hand against the file: Mechelen (line 179), Alveringem (line 8), Zwalm.
    assert _value("jongeren-niet-belgische-herkomst", "12025", 2014) == (Decimal("12028"), "")
    assert _value("jongeren-niet-belgische-herkomst", "12025", 2024) == (Decimal("14709"), "")
    assert _value("lln-bo-thuistaal-niet-nl", "12025", 2014)[0] == Decimal("26.8")
    assert _value("jongeren-maghreb-herkomst", "12025", 2024)[0] == Decimal("23.3")
    assert _value("jongeren-maghreb-herkomst", "38002", 2014) == (None, Flag.SUPPRESSED)
    assert _value("jongeren-maghreb-herkomst", "38002", 2015)[0] == Decimal("0.4")
    assert _value("jongeren-niet-belgische-herkomst", "21001", 2014) == (None, Flag.MISSING)
    # The export is on 2025 borders: Tielt is the merged code, Puurs-Sint-Amands the 2019 one.
    assert Observation.objects.filter(area__code="37022").exists()
    assert not Observation.objects.filter(area__code="37015").exists()
    assert Observation.objects.filter(area__code="12041").exists()
    reasons = [s["reason"] for s in report.skipped]
    assert len(reasons) == 4 and "'Niet te lokaliseren' is not a municipality" in reasons


def test_importing_again_changes_nothing_and_a_changed_figure_is_reported():
    data = require_shared(REAL).read_bytes()
    observations_import(actor=None, filename="youth.csv", data=data)
    again = observations_import(actor=None, filename="youth.csv", data=data)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 304 * 77)
    changed = data.replace(b'"Mechelen";26,8;', b'"Mechelen";26,9;')
    report = observations_import(actor=None, filename="youth.csv", data=changed)
    assert report.updated == 1
    assert report.changes[0]["before"] == "26.8" and report.changes[0]["after"] == "26.9"
    assert _value("lln-bo-thuistaal-niet-nl", "12025", 2014)[0] == Decimal("26.9")


def test_a_dry_run_reports_without_writing():
    data = require_shared(REAL).read_bytes()
    report = observations_import(actor=None, filename="youth.csv", data=data, dry_run=True)
    assert report.created == 304 * 77
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def _xlsx() -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(["", "Werkzoekendengraad", None, "Werkzoekenden zonder werk", None])
    sheet.merge_cells("B1:C1")
    sheet.merge_cells("D1:E1")
    sheet.append(["gemeenten", 2023, 2024, 2023, 2024])
    sheet.append(["Mechelen", 0.0812, 0.0795, 3120, 3054])
    sheet.append(["sint-katelijne-waver", 0.041, "x", 402, 398])
    sheet.append(["Borsbeek", "-", "?", 210, 205])
    sheet.append(["Niet te lokaliseren", "-", "-", "-", "-"])
    for row in sheet.iter_rows(min_row=3, max_row=6, min_col=2, max_col=3):
        for cell in row:
            cell.number_format = "0.0%"
    sheet.append([])
    sheet.append(["Legende: x = geheim, - = geen gegevens"])
    sheet.append(["Bron: VDAB, Arvastat"])
    sheet.append(["Voetnoot: cijfers op 30 juni"])
    sheet.append(["Datum export: 27/11/2026"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_an_xlsx_in_the_incijfers_layout_imports(city_coordinator):
    report = observations_import(actor=city_coordinator, filename="export.xlsx", data=_xlsx())
    assert report.kind == "wide_xlsx"
    assert report.indicators == ["werkzoekendengraad", "wzw"]
    obs = Observation.objects.get(
        indicator__code="werkzoekendengraad", area__code="12025", period_start="2023-01-01"
    )
    assert obs.value == Decimal("8.12")  # stored as a fraction, shown as a percentage
    assert _value("wzw", "12035", 2024)[0] == Decimal("398")
    assert _value("werkzoekendengraad", "12035", 2024) == (None, Flag.SUPPRESSED)
    assert _value("wzw", "11007", 2024)[0] == Decimal("205")  # Borsbeek, before the 2025 merger
    assert report.skipped[0]["reason"] == "'Niet te lokaliseren' is not a municipality"


LONG = (
    "\ufeffgemeente;periode;waarde\n"
    "Mechelen;2024-01;3120.0\n"
    "MECHELEN;2024-02;3.054,5\n"
    "12005;maart 2024;312*\n"
    "Sint Katelijne Waver;2024Q2;x\n"
    "\n"
    "Bron: VDAB Arvastat\n"
    "Datum export: 27/11/2026\n"
)


def test_a_long_csv_with_bom_decimal_comma_markers_and_footer_imports():
    report = observations_import(
        actor=None, filename="long.csv", data=LONG.encode(), indicator_code="wzw"
    )
    assert report.created == 4
    month = Observation.objects.get(area__code="12025", period_start="2024-02-01")
    assert month.value == Decimal("3054.5")
    assert Observation.objects.get(area__code="12025", period_start="2024-01-01").value == 3120
    bonheiden = Observation.objects.get(area__code="12005")
    assert (bonheiden.period_start, bonheiden.flag) == (dt.date(2024, 3, 1), Flag.PROVISIONAL)
    skw = Observation.objects.get(area__code="12035")
    assert (skw.period_start, skw.value, skw.flag) == (dt.date(2024, 4, 1), None, "suppressed")


def test_a_bad_file_is_refused_with_row_level_reasons_and_nothing_written():
    bad = (
        "gebied,periode,waarde\n"
        "Mechelen,2024-01,10\n"
        "Atlantis,2024-01,5\n"
        "Lier,2024-13,5\n"
        "Duffel,2024-01,veel\n"
        "Buiten Vlaanderen en Brussel,2024-01,4\n"
    )
    with pytest.raises(ObservationImportError) as caught:
        observations_import(actor=None, filename="bad.csv", data=bad.encode(), indicator_code="wzw")
    errors = caught.value.report.errors
    assert {
        "row": 3,
        "column": "",
        "reason": "'Atlantis' matches no area name or NIS code",
    } in errors
    assert any(e["row"] == 4 and e["column"] == "periode" for e in errors)
    assert any(e["row"] == 5 and e["column"] == "waarde" for e in errors)
    assert caught.value.report.skipped[0]["row"] == 6
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_a_file_without_its_indicator_needs_one():
    with pytest.raises(ObservationImportError) as caught:
        observations_import(actor=None, filename="long.csv", data=LONG.encode())
    assert "choose one" in caught.value.report.errors[0]["reason"]


def test_an_arvastat_export_imports_with_title_lines_and_month_columns():
    text = (
        "Werkzoekenden zonder werk\n"
        "Filter: woonplaats, leeftijd\n"
        "Woonplaats;Leeftijd;januari 2025;februari 2025\n"
        "Mechelen;<25;610;598\n"
        "Mechelen;25-49;1710;1702\n"
        "Puurs-Sint-Amands;<25;88;91\n"
        "Bron: VDAB\n"
    )
    report = observations_import(actor=None, filename="arvastat.csv", data=text.encode("cp1252"))
    assert report.kind == "arvastat" and report.created == 6
    obs = Observation.objects.get(
        area__code="12025", breakdown="age_band=<25", period_start="2025-02-01"
    )
    assert obs.value == 598 and obs.indicator.code == "wzw"


def test_the_command_imports_and_refuses_bad_input_with_one_line(tmp_path, capsys):
    good = tmp_path / "long.csv"
    good.write_text(LONG, encoding="utf-8")
    call_command("import-observations", str(good), "--indicator", "wzw", "--dry-run")
    assert "would create 4" in capsys.readouterr().out
    assert not Observation.objects.exists()
    call_command("import-observations", str(good), "--indicator", "wzw")
    assert Observation.objects.filter(derived=False).count() == 4
    bad = tmp_path / "bad.csv"
    bad.write_text("gemeente;periode;waarde\nAtlantis;2024;1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="row 2: 'Atlantis' matches no area") as caught:
        call_command("import-observations", str(bad), "--indicator", "wzw")
    assert "\n" not in str(caught.value)
    with pytest.raises(CommandError, match="unknown indicator code"):
        call_command("import-observations", str(good), "--indicator", "nope")


def test_the_streaming_import_on_postgresql_upserts_and_refuses_bad_rows(tmp_path):
    from django.db import connection

    from lokaalwerk.indicators.services import observations_import_copy

    if connection.vendor != "postgresql":
        pytest.skip("the COPY path runs on PostgreSQL (run this file with DATABASE_URL)")
    good = tmp_path / "long.csv"
    good.write_text(
        "gemeente;periode;waarde;geslacht\n12025;2024-01;3120;\nMechelen;2024-01;1500,5;v\n"
        "Lier;2024-02;x;\nNiet te lokaliseren;2024-01;5;\n\nBron: VDAB\n",
        encoding="utf-8",
    )
    report = observations_import_copy(actor=None, path=good, indicator_code="wzw")
    assert (report.created, report.updated, len(report.skipped)) == (3, 0, 1)
    female = Observation.objects.get(area__code="12025", breakdown="gender=v")
    assert female.value == Decimal("1500.5")
    assert Observation.objects.get(area__code="12021").flag == Flag.SUPPRESSED
    again = observations_import_copy(actor=None, path=good, indicator_code="wzw")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    bad = tmp_path / "bad.csv"
    bad.write_text("gemeente;periode;waarde\nAtlantis;2024-01;1\nLier;2024-01;veel\n")
    with pytest.raises(ObservationImportError) as caught:
        observations_import_copy(actor=None, path=bad, indicator_code="wzw")
    reasons = {(e["row"], e["reason"]) for e in caught.value.report.errors}
    assert (2, "'Atlantis' matches no area name or NIS code") in reasons
    assert (3, "'veel' is not a number or a marker") in reasons
    assert Observation.objects.count() == 3
