"""The plan spreadsheet and the evidence of an update: ceilings checked before reading, and a
plan file is read as a stream up to its row limit."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import UploadedFile
from openpyxl import Workbook
from openpyxl.worksheet._reader import WorkSheetParser

from lokaalwerk.results import spreadsheets
from lokaalwerk.results.forms import ProgressUpdateForm
from lokaalwerk.results.spreadsheets import SpreadsheetError

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
MB = 1024 * 1024


class UnreadableUpload(UploadedFile):
    def __init__(self, name: str, size: int):
        super().__init__(file=None, name=name, content_type="application/pdf", size=size)

    def _touched(self, *args, **kwargs):
        pytest.fail(f"the content of {self.name} was read")

    read = chunks = open = seek = readline = __iter__ = _touched


def test_evidence_over_its_ceiling_is_refused_before_it_is_read(plan, period, settings):
    settings.EVIDENCE_UPLOAD_MAX_BYTES = 2 * MB
    form = ProgressUpdateForm(
        {"period": period.pk, "status": "on_track", "progress": 10},
        {"evidence_file": UnreadableUpload("verslag.pdf", 2 * MB + 1)},
        agreement=plan,
    )
    assert not form.is_valid()
    assert form.errors["evidence_file"] == ["The file is larger than 2 MB; nothing was read."]
    assert "At most 2 MB." in str(form.fields["evidence_file"].help_text)


def _plan_csv(rows: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(spreadsheets.PLAN_COLUMNS)
    writer.writerows([f"9.{n}"] + [""] * (len(spreadsheets.PLAN_COLUMNS) - 1) for n in range(rows))
    return buffer.getvalue().encode()


class CountingFile(io.BytesIO):
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


def test_a_plan_csv_past_the_row_limit_is_refused_without_reading_the_rest(plan, settings):
    settings.PLAN_MAX_ROWS = 50
    data = _plan_csv(20_000)
    upload = CountingFile(data)
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.import_preview(agreement=plan, data=upload, filename="plan.csv")
    assert refused.value.message_dict["file"] == [
        "The file holds more than 50 rows; reading stopped there. Split it into smaller files."
    ]
    assert upload.bytes_read < len(data) / 10


def test_a_plan_workbook_past_the_row_limit_stops_at_the_first_row_too_many(
    plan, settings, monkeypatch
):
    settings.PLAN_MAX_ROWS = 1000
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(spreadsheets.PLAN_COLUMNS)
    for n in range(200_000):
        sheet.append([f"9.{n}", "", "", "titel"])
    out = io.BytesIO()
    book.save(out)
    parsed = []
    parse_row = WorkSheetParser.parse_row

    def counting(self, row):
        parsed.append(1)
        return parse_row(self, row)

    monkeypatch.setattr(WorkSheetParser, "parse_row", counting)
    with pytest.raises(SpreadsheetError, match="more than 1,000 rows"):
        spreadsheets.import_preview(agreement=plan, data=out.getvalue(), filename="plan.xlsx")
    assert len(parsed) == 1 + 1001


def test_a_plan_file_over_its_ceiling_is_refused_by_the_service_too(plan, settings):
    settings.PLAN_UPLOAD_MAX_BYTES = 1000
    with pytest.raises(SpreadsheetError) as refused:
        spreadsheets.import_preview(agreement=plan, data=_plan_csv(100), filename="plan.csv")
    assert refused.value.message_dict["file"] == [
        "The file is larger than 1000\xa0bytes; nothing was read."
    ]
