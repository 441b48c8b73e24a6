"""Exports write a stored text so a spreadsheet shows it as text, and imports read it back."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from lokaalwerk.core.spreadsheets import (
    CsvDictReader,
    CsvWriter,
    XlsxBook,
    csv_bytes,
    csv_cell,
    csv_cell_read,
    csv_dict_bytes,
)

FORMULAS = ["=SUM(1)", "+1", "-1+2", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("http://x","y")']
#: Texts that start with an apostrophe, some of them followed by a formula lead.
QUOTED = ["'", "''", "'=SUM(1)", "''=SUM(1)", "'+1", "'abc", "O'Brien", "'"]
PLAIN = ["", "Groenarbeider", "1.1", "2025 Q1", " =not at the start", "a=b", "€ 5"]


@pytest.mark.parametrize("text", FORMULAS)
def test_a_text_that_starts_like_a_formula_gets_an_apostrophe(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN + ["'abc", "O'Brien"])
def test_other_texts_are_written_as_they_are(text):
    assert csv_cell(text) == text


@pytest.mark.parametrize(
    "value", [-3.5, -1, 0, 30, Decimal("-2.25"), dt.date(2025, 1, 1), True, None]
)
def test_numbers_dates_and_none_are_never_prefixed(value):
    assert csv_cell(value) is value


def test_a_translated_label_is_a_text_like_any_other():
    assert csv_cell(gettext_lazy("=label")) == "'=label"
    book = XlsxBook()
    book.sheet("s").append([gettext_lazy("=label")])
    cell = _workbook(book)["s"]["A1"]
    assert (cell.value, cell.data_type) == ("=label", "s")


def test_a_text_with_apostrophes_before_a_formula_gets_one_more():
    assert csv_cell("'=SUM(1)") == "''=SUM(1)"
    assert csv_cell("''+1") == "'''+1"


@pytest.mark.parametrize("text", FORMULAS + QUOTED + PLAIN)
def test_reading_back_gives_the_stored_text(text):
    assert csv_cell_read(csv_cell(text)) == text


def test_reading_takes_off_only_an_apostrophe_before_a_formula():
    assert csv_cell_read("'=SUM(1)") == "=SUM(1)"
    assert csv_cell_read("'-5") == "-5"
    assert csv_cell_read("'abc") == "'abc"
    assert csv_cell_read("'") == "'"
    assert csv_cell_read("=SUM(1)") == "=SUM(1)"
    assert csv_cell_read(None) is None


def test_the_csv_writer_neutralises_every_cell_and_keeps_quoting():
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    writer.writerow(["=1+1", 'a "quoted", text', -3.5, None])
    writer.writerows([["@x", "+y"]])
    rows = list(csv.reader(io.StringIO(buffer.getvalue(), newline="")))
    assert rows == [["'=1+1", 'a "quoted", text', "-3.5", ""], ["'@x", "'+y"]]
    assert buffer.getvalue().endswith("\r\n")


def test_a_csv_export_reads_back_as_the_stored_rows():
    stored = [{"code": "1.1", "title": text, "progress": 30} for text in FORMULAS + QUOTED]
    data = csv_dict_bytes(stored, columns=["code", "title", "progress"], bom=True)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(CsvDictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [r["title"] for r in rows] == [s["title"] for s in stored]
    assert {r["progress"] for r in rows} == {"30"}


def test_csv_bytes_writes_the_header_and_leaves_out_the_mark_unless_asked():
    data = csv_bytes([["=x", 1]], header=["a", "b"])
    assert data == b"a,b\r\n'=x,1\r\n"


def _workbook(book: XlsxBook):
    return load_workbook(io.BytesIO(book.to_bytes()))


def test_an_xlsx_export_writes_texts_as_text_and_numbers_as_numbers():
    book = XlsxBook()
    sheet = book.sheet("plan", header=["title", "progress", "value", "day", "flag"])
    sheet.append(["=SUM(1)", 30, Decimal("-3.5"), dt.date(2025, 1, 31), True])
    sheet.extend([["-1+2", None, -2.5, "2025-01-31", ""], ["Gewoon", 0, 0, None, None]])
    book.sheet("statuses", header=["status"]).append(["@x"])
    workbook = _workbook(book)
    plan = workbook["plan"]
    assert [c.value for c in plan[1]] == ["title", "progress", "value", "day", "flag"]
    assert all(c.font.bold for c in plan[1])
    formula, progress, value, day, flag = plan[2]
    assert (formula.value, formula.data_type, formula.quotePrefix) == ("=SUM(1)", "s", True)
    assert (progress.value, progress.data_type) == (30, "n")
    assert (value.value, value.data_type) == (-3.5, "n")
    assert day.is_date and day.value.date() == dt.date(2025, 1, 31)
    assert flag.value is True
    assert (plan["A3"].value, plan["A3"].data_type) == ("-1+2", "s")
    assert (plan["C3"].value, plan["C3"].data_type) == (-2.5, "n")
    assert plan["D3"].value == "2025-01-31" and not plan["D3"].quotePrefix
    assert not plan["A4"].quotePrefix and plan["B3"].value is None
    assert workbook["statuses"]["A2"].data_type == "s"
    assert not [c for s in workbook for row in s.iter_rows() for c in row if c.data_type == "f"]


def test_an_xlsx_export_reads_back_unchanged_even_in_read_only_mode():
    book = XlsxBook()
    sheet = book.sheet("plan")
    # XML reads a carriage return as a line feed, so those texts are left out here.
    texts = [t for t in FORMULAS + QUOTED if "\r" not in t]
    sheet.append(texts)
    data = book.to_bytes()
    workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    (row,) = workbook.active.iter_rows(values_only=True)
    assert list(row) == texts


def test_control_characters_xlsx_cannot_hold_are_left_out_instead_of_failing():
    book = XlsxBook()
    book.sheet("s").append(["a\x01b\x0bc", "tab\tand\nnewline"])
    sheet = _workbook(book)["s"]
    assert sheet["A1"].value == "abc"
    assert sheet["B1"].value == "tab\tand\nnewline"
