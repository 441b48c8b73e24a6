import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from lokaalwerk.agreements.models import PlanChange
from lokaalwerk.results import spreadsheets
from lokaalwerk.results.models import ProgressUpdate
from lokaalwerk.results.spreadsheets import SpreadsheetError

from .conftest import TODAY
from .factories import ProgressUpdateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def with_progress(plan, previous_period):
    ProgressUpdateFactory(action=plan.actions.get(code="1.1"), period=previous_period, progress=30)
    ProgressUpdateFactory(action=plan.actions.get(code="1.2"), period=previous_period, progress=10)
    return plan


def _csv_rows(data: bytes):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))


def _csv_bytes(rows, fieldnames):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=fieldnames)
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def test_xlsx_round_trip_export_edit_dry_run_import(with_progress, period, city_coordinator):
    plan = with_progress
    workbook = load_workbook(io.BytesIO(spreadsheets.plan_xlsx(agreement=plan)))
    sheet = workbook["plan"]
    header = [c.value for c in sheet[1]]
    assert header == spreadsheets.PLAN_COLUMNS
    rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["1.1"][header.index("progress")].value == 30
    rows["1.1"][header.index("progress")].value = 45
    rows["1.1"][header.index("period")].value = period.label
    rows["1.2"][header.index("status")].value = "off_track"
    rows["1.2"][header.index("note")].value = "Partner stopte"
    rows["1.2"][header.index("period")].value = period.label
    edited = io.BytesIO()
    workbook.save(edited)

    preview = spreadsheets.import_preview(
        agreement=plan, data=edited.getvalue(), filename="plan.xlsx", today=TODAY
    )
    assert preview.is_valid, preview.error_lines()
    assert [(r.code, [f[0] for f in r.fields]) for r in preview.changed] == [
        ("1.1", ["progress"]),
        ("1.2", ["status", "note"]),
    ]
    assert ProgressUpdate.objects.count() == 2  # the dry run wrote nothing

    spreadsheets.import_apply(
        actor=city_coordinator,
        agreement=plan,
        data=edited.getvalue(),
        filename="plan.xlsx",
        today=TODAY,
    )
    latest = {u.action.code: u for u in ProgressUpdate.objects.filter(period=period)}
    assert (latest["1.1"].progress, latest["1.1"].status) == (45, "on_track")
    assert (latest["1.2"].status, latest["1.2"].note) == ("off_track", "Partner stopte")
    assert PlanChange.objects.filter(kind="progress.updated", actor=city_coordinator).count() == 2


def test_csv_round_trip_changes_a_title_and_progress(with_progress, period, city_coordinator):
    plan = with_progress
    rows = _csv_rows(spreadsheets.plan_csv(agreement=plan))
    assert [r["code"] for r in rows] == ["1.1", "1.2", "2.1", "3.1"]
    rows[0]["title"] = "Actie 1.1 herschreven"
    rows[3].update(status="on_track", progress="5", period=period.label)
    data = _csv_bytes(rows, spreadsheets.PLAN_COLUMNS)
    preview = spreadsheets.import_preview(agreement=plan, data=data, filename="p.csv", today=TODAY)
    assert [(r.code, r.fields[0][0]) for r in preview.changed] == [
        ("1.1", "title"),
        ("3.1", "status"),
    ]
    spreadsheets.import_apply(
        actor=city_coordinator, agreement=plan, data=data, filename="p.csv", today=TODAY
    )
    assert plan.actions.get(code="1.1").title == "Actie 1.1 herschreven"
    assert ProgressUpdate.objects.get(action__code="3.1").progress == 5
    assert PlanChange.objects.filter(kind="action.updated").count() == 1


def test_decidim_round_trip(with_progress, period, city_coordinator):
    plan = with_progress
    rows = _csv_rows(spreadsheets.decidim_csv(agreement=plan))
    assert list(rows[0])[:9] == [
        "id",
        "parent/id",
        "title/nl",
        "title/en",
        "description/nl",
        "description/en",
        "start_date",
        "end_date",
        "status/key",
    ]
    by_id = {r["id"]: r for r in rows}
    assert by_id["1.1"]["parent/id"] == "domain-1"
    assert by_id["1.1"]["progress"] == "30"
    assert by_id["1.1"]["status/name/nl"] == "Op schema"
    by_id["1.1"]["progress"] = "62.4"
    by_id["1.2"]["status/key"] = "finished"
    by_id["1.2"]["progress"] = "100"
    data = _csv_bytes(rows, spreadsheets.DECIDIM_COLUMNS)
    preview = spreadsheets.import_preview(
        agreement=plan, data=data, filename="results.csv", kind="decidim", today=TODAY
    )
    assert preview.is_valid, preview.error_lines()
    spreadsheets.import_apply(
        actor=city_coordinator,
        agreement=plan,
        data=data,
        filename="results.csv",
        kind="decidim",
        today=TODAY,
    )
    latest = {u.action.code: u for u in ProgressUpdate.objects.filter(period=period)}
    assert latest["1.1"].progress == 62
    assert (latest["1.2"].status, latest["1.2"].progress) == ("done", 100)


def _sheet(rows):
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_bad_rows_get_row_level_errors_and_nothing_is_imported(
    with_progress, period, city_coordinator
):
    data = _sheet(
        [
            ["code", "status", "progress", "note", "period"],
            ["1.1", "on_track", 50, "", period.label],
            ["9.9", "on_track", 50, "", period.label],
            ["1.2", "on_track", 150, "", period.label],
            ["1.1", "on_track", 60, "", period.label],
            ["2.1", "off_track", 10, "", period.label],
            ["3.1", "on_track", 10, "", "2099 Q9"],
        ]
    )
    preview = spreadsheets.import_preview(
        agreement=with_progress, data=data, filename="x.xlsx", today=TODAY
    )
    assert not preview.is_valid
    assert preview.error_lines() == [
        "Row 3 (9.9): Unknown action code 9.9.",
        "Row 4 (1.2): Progress is a whole number from 0 to 100.",
        "Row 5 (1.1): Action 1.1 also appears on row 2.",
        "Row 6 (2.1): Explain why the action is at risk or off track.",
        "Row 7 (3.1): Unknown period 2099 Q9.",
        "Row 7 (3.1): Choose a reporting period.",
    ]
    before = ProgressUpdate.objects.count()
    with pytest.raises(SpreadsheetError):
        spreadsheets.import_apply(
            actor=city_coordinator,
            agreement=with_progress,
            data=data,
            filename="x.xlsx",
            today=TODAY,
        )
    assert ProgressUpdate.objects.count() == before


def test_unreadable_files_are_refused(plan):
    with pytest.raises(SpreadsheetError):
        spreadsheets.import_preview(agreement=plan, data=b"not a zip", filename="x.xlsx")
    with pytest.raises(SpreadsheetError):
        spreadsheets.import_preview(agreement=plan, data=b"a,b", filename="x.pdf")
    preview = spreadsheets.import_preview(agreement=plan, data=b"titel\nx\n", filename="x.csv")
    assert preview.error_lines() == ["The file has no 'code' column."]


def test_the_import_page_shows_the_dry_run_then_imports(
    client, with_progress, period, city_coordinator
):
    plan = with_progress
    rows = _csv_rows(spreadsheets.plan_csv(agreement=plan))
    rows[1].update(progress="12", period=period.label)
    data = _csv_bytes(rows, spreadsheets.PLAN_COLUMNS)
    client.force_login(city_coordinator)
    upload = io.BytesIO(data)
    upload.name = "plan.csv"
    response = client.post(f"/results/{plan.slug}/import/", {"kind": "plan", "file": upload})
    html = response.content.decode()
    assert 'id="dry-run"' in html and "1.2" in html
    assert ProgressUpdate.objects.filter(period=period).count() == 0
    payload = html.split('name="payload" value="')[1].split('"')[0]
    response = client.post(
        f"/results/{plan.slug}/import/",
        {"confirm": "1", "payload": payload, "filename": "plan.csv", "kind": "plan"},
    )
    assert response.status_code == 302
    assert ProgressUpdate.objects.get(period=period).progress == 12
