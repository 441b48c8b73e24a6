import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from lokaalwerk.core.testing import require_shared
from lokaalwerk.indicators.constants import Flag
from lokaalwerk.indicators.models import ImportBatch, Observation
from lokaalwerk.indicators.services import ObservationImportError, observations_import

pytestmark = pytest.mark.django_db
REAL = "data/provincies-incijfers-export-youth-origin.csv"


@pytest.fixture(autouse=True)
def dutch():
    """Reports speak the platform's language (LANGUAGE_CODE nl-be), on its pages and in its
    command; stated here so no language left active by another test decides."""
    with translation.override("nl-be"):
        yield


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
    assert len(reasons) == 4 and "'Niet te lokaliseren' is geen gemeente" in reasons


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
    assert report.skipped[0]["reason"] == "'Niet te lokaliseren' is geen gemeente"


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
        "reason": "'Atlantis' komt met geen gebiedsnaam of NIS-code overeen",
    } in errors
    assert any(e["row"] == 4 and e["column"] == "periode" for e in errors)
    assert any(e["row"] == 5 and e["column"] == "waarde" for e in errors)
    assert caught.value.report.skipped[0]["row"] == 6
    assert not Observation.objects.exists() and not ImportBatch.objects.exists()


def test_a_file_without_its_indicator_needs_one():
    with pytest.raises(ObservationImportError) as caught:
        observations_import(actor=None, filename="long.csv", data=LONG.encode())
    reason = caught.value.report.errors[0]["reason"]
    assert reason == "het bestand noemt geen indicator: kies er een"


BAD_ROWS = (
    "gebied;periode;waarde;vlag\n"
    "Atlantis;2024-01;5;\n"
    "Lier;2024-13;5;\n"
    "Duffel;2024-01;veel;\n"
    "Mechelen;2024-01;1;raar\n"
    "Niet te lokaliseren;2024-01;4;\n"
)


@pytest.mark.parametrize(
    ("language", "reasons", "skipped", "summary"),
    [
        (
            "en",
            [
                (3, "periode", "'2024-13' is not a valid period"),
                (4, "waarde", "'veel' is not a number or a marker (x, -, ?)"),
                (5, "vlag", "unknown flag 'raar'"),
                (2, "", "'Atlantis' matches no area name or NIS code"),
            ],
            "'Niet te lokaliseren' is not a municipality",
            "4 errors, nothing written; first: row 3, column periode: "
            "'2024-13' is not a valid period",
        ),
        (
            "nl-be",
            [
                (3, "periode", "'2024-13' is geen geldige periode"),
                (4, "waarde", "'veel' is geen getal en geen teken (x, -, ?)"),
                (5, "vlag", "onbekende markering 'raar'"),
                (2, "", "'Atlantis' komt met geen gebiedsnaam of NIS-code overeen"),
            ],
            "'Niet te lokaliseren' is geen gemeente",
            "4 fouten, niets opgeslagen; eerste: rij 3, kolom periode: "
            "'2024-13' is geen geldige periode",
        ),
    ],
)
def test_a_report_speaks_the_active_language_and_names_the_files_columns(
    language, reasons, skipped, summary
):
    with translation.override(language):
        with pytest.raises(ObservationImportError) as caught:
            observations_import(
                actor=None, filename="bad.csv", data=BAD_ROWS.encode(), indicator_code="wzw"
            )
        report = caught.value.report
        assert report.summary() == summary
    assert [(e["row"], e["column"], e["reason"]) for e in report.errors] == reasons
    assert report.skipped == [{"row": 6, "column": "gebied", "reason": skipped}]


def test_a_file_without_the_columns_it_needs_is_told_which_in_dutch():
    data = b"gemeente;aantal\nMechelen;5\n"
    with pytest.raises(ObservationImportError) as caught:
        observations_import(actor=None, filename="long.csv", data=data, indicator_code="wzw")
    assert caught.value.report.summary() == (
        "1 fout, niets opgeslagen: Een lange CSV heeft kolommen nodig voor gebied, periode en "
        "waarde; ontbreekt: periode"
    )


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
    assert "zou 4 nieuw toevoegen" in capsys.readouterr().out
    assert not Observation.objects.exists()
    call_command("import-observations", str(good), "--indicator", "wzw")
    assert Observation.objects.filter(derived=False).count() == 4
    bad = tmp_path / "bad.csv"
    bad.write_text("gemeente;periode;waarde\nAtlantis;2024;1\n", encoding="utf-8")
    with pytest.raises(CommandError, match="rij 2: 'Atlantis' komt met geen gebiedsnaam") as caught:
        call_command("import-observations", str(bad), "--indicator", "wzw")
    assert "\n" not in str(caught.value)
    with pytest.raises(CommandError, match="onbekende indicatorcode 'nope'"):
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
    reasons = {(e["row"], e["column"], e["reason"]) for e in caught.value.report.errors}
    assert (2, "gemeente", "'Atlantis' komt met geen gebiedsnaam of NIS-code overeen") in reasons
    assert (3, "waarde", "'veel' is geen getal en geen teken (x, -, ?)") in reasons
    assert Observation.objects.count() == 3


def test_the_streaming_import_inserts_new_periods_and_upserts_known_ones(tmp_path):
    from django.db import connection

    from lokaalwerk.indicators.services import observations_import_copy

    if connection.vendor != "postgresql":
        pytest.skip("the COPY path runs on PostgreSQL (run this file with DATABASE_URL)")
    first = tmp_path / "january.csv"
    first.write_text("gemeente;periode;waarde\r\n12025;2024-01;3120\r\nLier;2024-01;800\r\n")
    observations_import_copy(actor=None, path=first, indicator_code="wzw")
    # January again (one figure changed, one new disaggregation), February new, then the
    # footer straight after the data.
    second = tmp_path / "january-february.csv"
    second.write_text(
        "gemeente;periode;waarde;geslacht\n12025;2024-01;3125;\n12025;2024-01;1600;v\n"
        "Lier;2024-01;800;\n12025;2024-02;3200;\nLier;2024-02;810*;\n"
        "Datum export: 01/03/2024;;;\nnog iets;2024-03;1;\n",
        encoding="utf-8",
    )
    report = observations_import_copy(actor=None, path=second, indicator_code="wzw")
    assert (report.created, report.updated, report.unchanged) == (3, 1, 1)
    stored = {
        (o.area.code, o.period_start.isoformat(), o.breakdown): (o.value, o.flag)
        for o in Observation.objects.select_related("area")
    }
    assert stored == {
        ("12025", "2024-01-01", ""): (Decimal("3125"), ""),
        ("12025", "2024-01-01", "gender=v"): (Decimal("1600"), ""),
        ("12021", "2024-01-01", ""): (Decimal("800"), ""),
        ("12025", "2024-02-01", ""): (Decimal("3200"), ""),
        ("12021", "2024-02-01", ""): (Decimal("810"), Flag.PROVISIONAL),
    }


@pytest.mark.parametrize("period", ["2024-01", "2024-05"], ids=["known period", "new period"])
def test_the_streaming_import_refuses_a_figure_given_twice(tmp_path, period):
    from django.db import connection

    from lokaalwerk.indicators.services import observations_import_copy

    if connection.vendor != "postgresql":
        pytest.skip("the COPY path runs on PostgreSQL (run this file with DATABASE_URL)")
    first = tmp_path / "january.csv"
    first.write_text("gemeente;periode;waarde\n12025;2024-01;3120\n")
    observations_import_copy(actor=None, path=first, indicator_code="wzw")
    twice = tmp_path / "twice.csv"
    twice.write_text(
        f"gemeente;periode;waarde\nLier;2024-01;5\n12025;{period};1\nMechelen;{period};2\n"
    )
    with pytest.raises(ObservationImportError) as caught:
        observations_import_copy(actor=None, path=twice, indicator_code="wzw")
    assert [(e["row"], e["reason"]) for e in caught.value.report.errors] == [
        (4, "dubbel met rij 3 voor hetzelfde gebied, dezelfde periode en uitsplitsing")
    ]
    assert [(o.area.code, o.value) for o in Observation.objects.select_related("area")] == [
        ("12025", Decimal("3120"))
    ]


def test_the_streaming_import_refuses_a_file_that_is_not_utf8(tmp_path):
    from django.db import connection

    from lokaalwerk.indicators.services import observations_import_copy

    if connection.vendor != "postgresql":
        pytest.skip("the COPY path runs on PostgreSQL (run this file with DATABASE_URL)")
    latin = tmp_path / "latin.csv"
    latin.write_bytes(
        "gemeente;periode;waarde\nLier;2024-01;5\nHeist-op-den-Berg é;2024-01;6\n".encode("cp1252")
    )
    with pytest.raises(ObservationImportError) as caught:
        observations_import_copy(actor=None, path=latin, indicator_code="wzw")
    (error,) = caught.value.report.errors
    assert "UTF8" in error["reason"]
    assert not Observation.objects.exists()
