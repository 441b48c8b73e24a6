"""Spreadsheet files people download and open: every CSV and XLSX export writes its rows here.

A text someone typed (an action's title, a note, a vacancy, a record id in a partner's list) may
start with a character a spreadsheet reads as the start of a formula: ``=``, ``+``, ``-``, ``@``,
and the tab and carriage return some programs drop before looking (OWASP, "CSV Injection").
Opened in Excel or LibreOffice, ``=HYPERLINK("http://…", "x")`` would become a live link that
can carry the row's data away. Every export goes through this module, so the rule holds in one
place (docs/adr/0003):

- CSV has no cell types, so such a text is written with a leading apostrophe (``'=SUM(1)``),
  the OWASP advice: every spreadsheet shows it as text. A text that already starts with
  apostrophes before such a character gets one more, so that :class:`CsvDictReader`, which
  takes exactly one off, gives back what was stored.
- An XLSX cell has a type: such a text is written as a string cell, never a formula, with
  Excel's quote-prefix style so that editing it later keeps it text. Its value is unchanged.
- Only texts are touched. Numbers (a negative figure too), dates and booleans are written as
  what they are.

The CSV dialect lives here too (:data:`CSV_FORMAT`), so a change of delimiter or of the decimal
sign for every export is made in this module only.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.utils.functional import Promise

#: First characters that make a spreadsheet read a text as a formula (OWASP).
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
#: What a CSV export puts before such a text; the importers take exactly one off again.
TEXT_PREFIX = "'"
#: The dialect of every CSV export (the csv module's "excel": comma, CRLF, quotes as needed).
CSV_FORMAT: dict[str, Any] = {"dialect": "excel"}

_LEAD = "[" + re.escape("".join(FORMULA_LEADS)) + "]"
_NEEDS_PREFIX = re.compile(f"'*{_LEAD}")
_OUR_PREFIX = re.compile(f"'+{_LEAD}")
#: Control characters XML 1.0 cannot hold; openpyxl refuses a cell that contains one.
_NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _plain(value: Any) -> Any:
    # A translated label may still be lazy; it is a text like any other.
    return str(value) if isinstance(value, Promise) else value


def starts_like_formula(value: object) -> bool:
    """Whether a spreadsheet would read this value as a formula: a text with a formula lead."""
    return isinstance(value, str) and value.startswith(FORMULA_LEADS)


def csv_cell(value: Any) -> Any:
    """The value as a CSV export writes it: texts that would run as a formula get an apostrophe
    in front; anything that is not a text (numbers, dates, None) is left as it is."""
    value = _plain(value)
    if isinstance(value, str) and _NEEDS_PREFIX.match(value):
        return TEXT_PREFIX + value
    return value


def csv_cell_read(value: Any) -> Any:
    """Undo :func:`csv_cell` for a cell read back from a CSV file: one apostrophe comes off, and
    only when apostrophes are followed by a formula lead, which is the only case we add one."""
    if isinstance(value, str) and _OUR_PREFIX.match(value):
        return value[len(TEXT_PREFIX) :]
    return value


class CsvWriter:
    """Rows of a CSV export, written to ``handle`` in :data:`CSV_FORMAT`; every cell passes
    :func:`csv_cell`."""

    def __init__(self, handle) -> None:
        self._writer = csv.writer(handle, **CSV_FORMAT)

    def writerow(self, values: Iterable[Any]) -> None:
        self._writer.writerow([csv_cell(value) for value in values])

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.writerow(values)


def csv_bytes(
    rows: Iterable[Iterable[Any]], *, header: Iterable[str] | None = None, bom: bool = False
) -> bytes:
    """A whole CSV export as UTF-8; ``bom`` adds the byte-order mark Excel needs to read UTF-8."""
    buffer = io.StringIO()
    writer = CsvWriter(buffer)
    if header is not None:
        writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def csv_dict_bytes(
    rows: Iterable[Mapping[str, Any]], *, columns: Iterable[str], bom: bool = False
) -> bytes:
    """A CSV export of dict rows under a header of ``columns``, as UTF-8."""
    columns = list(columns)
    return csv_bytes(
        ([row.get(column, "") for column in columns] for row in rows), header=columns, bom=bom
    )


class CsvDictReader(csv.DictReader):
    """Reads a CSV file back as dicts, undoing the apostrophe our exports put before formulas."""

    def __next__(self) -> dict[str | Any, Any]:
        row = super().__next__()
        return {key: csv_cell_read(value) for key, value in row.items()}


class XlsxSheet:
    """One sheet of an XLSX export. Texts are string cells (never formulas), numbers numbers."""

    def __init__(self, worksheet) -> None:
        self.worksheet = worksheet
        self._row = 0

    def append(self, values: Iterable[Any]) -> None:
        self._row += 1
        for column, value in enumerate(map(_plain, values), start=1):
            if value is None:
                continue
            cell = self.worksheet.cell(row=self._row, column=column)
            if isinstance(value, str):
                # XML cannot carry these control characters; dropping them keeps the text.
                text = _NOT_IN_XML.sub("", value)
                cell.value = text
                # openpyxl turns a text starting with "=" into a formula; a text stays a text.
                cell.data_type = "s"
                if starts_like_formula(text):
                    cell.quotePrefix = True
            else:
                cell.value = value

    def extend(self, rows: Iterable[Iterable[Any]]) -> None:
        for values in rows:
            self.append(values)


class XlsxBook:
    """An XLSX export: sheets written through :class:`XlsxSheet`, then :meth:`to_bytes`."""

    def __init__(self) -> None:
        from openpyxl import Workbook

        self._workbook = Workbook()
        self._sheets: list[XlsxSheet] = []

    def sheet(self, title: str, *, header: Iterable[str] | None = None) -> XlsxSheet:
        """A new sheet; a header row is written in bold."""
        if self._sheets:
            worksheet = self._workbook.create_sheet(title)
        else:
            worksheet = self._workbook.active
            worksheet.title = title
        sheet = XlsxSheet(worksheet)
        self._sheets.append(sheet)
        if header is not None:
            from openpyxl.styles import Font

            sheet.append(header)
            for cell in worksheet[1]:
                cell.font = Font(bold=True)
        return sheet

    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self._workbook.save(buffer)
        return buffer.getvalue()
