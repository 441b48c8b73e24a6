"""Reading and writing vacancy lists as CSV or XLSX, the files VDAB and partners exchange.

Reading only turns a file into rows with their own errors (a date that is no date, a missing
employer); deciding whether the rows may be stored is the service's work. Reading streams: the
file is parsed as it is read and never more than ``VACANCY_MAX_ROWS`` rows of it. Exports are
written through ``core.spreadsheets`` (texts that would run as formulas stay text; hours and dates
stay numbers and dates), and a CSV is read back through its reader, which undoes that."""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.utils.translation import gettext as _

from lokaalwerk.core.spreadsheets import CsvDictReader, XlsxBook, csv_bytes
from lokaalwerk.core.uploads import (
    Progress,
    binary,
    csv_delimiter,
    limit_rows,
    open_workbook,
    text_stream,
)

from .constants import VacancyStatus

COLUMNS = [
    "reference",
    "employer",
    "municipality",
    "title",
    "description",
    "hours_per_week",
    "indication_required",
    "conditions",
    "posted_on",
    "expires_on",
    "status",
]
REQUIRED = ["reference", "employer", "municipality", "title", "posted_on", "expires_on"]
TRUE_WORDS = {"1", "true", "yes", "ja", "j", "y", "x"}
FALSE_WORDS = {"0", "false", "no", "nee", "n", ""}


@dataclass
class VacancyRow:
    line: int
    reference: str = ""
    employer: str = ""
    municipality: str = ""
    title: str = ""
    description: str = ""
    hours_per_week: Decimal | None = None
    indication_required: bool = True
    conditions: str = ""
    posted_on: dt.date | None = None
    expires_on: dt.date | None = None
    status: str = VacancyStatus.OPEN
    errors: list[str] = field(default_factory=list)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _date(value, label: str, errors: list[str]) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()  # noqa: DTZ007 - a calendar day
        except ValueError:
            continue
    errors.append(_("%(column)s: “%(value)s” is not a date.") % {"column": label, "value": text})
    return None


def _row(line: int, record: dict[str, object]) -> VacancyRow:
    errors: list[str] = []
    for name in REQUIRED:
        if not _text(record.get(name)):
            errors.append(_("%(column)s is required.") % {"column": name})
    row = VacancyRow(line=line, errors=errors)
    for name in ("reference", "employer", "municipality", "title", "description", "conditions"):
        setattr(row, name, _text(record.get(name)))
    hours = _text(record.get("hours_per_week")).replace(",", ".")
    try:
        row.hours_per_week = Decimal(hours or "0")
        if not (0 < row.hours_per_week <= 50):
            errors.append(_("hours_per_week must lie between 0 and 50."))
    except InvalidOperation:
        errors.append(_("hours_per_week: “%(value)s” is not a number.") % {"value": hours})
    indication = _text(record.get("indication_required")).lower()
    if indication in TRUE_WORDS:
        row.indication_required = True
    elif indication in FALSE_WORDS:
        row.indication_required = False
    else:
        errors.append(_("indication_required must be yes or no."))
    if _text(record.get("posted_on")):
        row.posted_on = _date(record.get("posted_on"), "posted_on", errors)
    if _text(record.get("expires_on")):
        row.expires_on = _date(record.get("expires_on"), "expires_on", errors)
    status = _text(record.get("status")).lower() or VacancyStatus.OPEN
    if status not in VacancyStatus.values:
        errors.append(
            _("status must be one of %(values)s.") % {"values": ", ".join(VacancyStatus.values)}
        )
    row.status = status
    return row


Records = list[tuple[int, dict[str, object]]]


def _records_from_csv(handle, *, limit: int, progress: Progress | None) -> Records:
    """The delimiter comes from the header line; quoting (a value holding quotes, delimiters or
    line breaks) is the csv module's to read, as it wrote it on export."""
    records = []
    try:
        with text_stream(handle) as text:
            delimiter = csv_delimiter(text.readline())
            text.seek(0)
            reader = CsvDictReader(text, delimiter=delimiter)
            _check_header(reader.fieldnames or [])
            for number, record in limit_rows(
                enumerate(reader, start=2), limit=limit, progress=progress
            ):
                records.append((number, record))
    except UnicodeDecodeError as exc:
        raise ValueError(_("The CSV file is not UTF-8 text.")) from exc
    return records


def _records_from_xlsx(handle, *, limit: int, progress: Progress | None) -> Records:
    workbook = open_workbook(handle)
    records = []
    try:
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        header = [_text(cell) for cell in next(rows, [])]
        _check_header(header)
        # Every row read counts, empty or not: a sheet of formatted empty rows is no cheaper.
        for number, values in limit_rows(enumerate(rows, start=2), limit=limit, progress=progress):
            if all(value in (None, "") for value in values):
                continue
            records.append((number, dict(zip(header, values, strict=False))))
    finally:
        workbook.close()
    return records


def _check_header(header: list[str]) -> None:
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise ValueError(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})


def read_vacancy_rows(
    file_name: str, data, *, progress: Progress | None = None
) -> list[VacancyRow]:
    """Rows of a CSV (comma, semicolon or tab) or XLSX file with the columns in COLUMNS.

    ``data`` is the file's bytes or the (uploaded) file itself, which is read as it is parsed;
    a file with more than ``VACANCY_MAX_ROWS`` rows is refused at the first row too many."""
    from .services import VacancyImportError

    limit = settings.VACANCY_MAX_ROWS
    handle = binary(data)
    try:
        if file_name.lower().endswith(".xlsx"):
            records = _records_from_xlsx(handle, limit=limit, progress=progress)
        elif file_name.lower().endswith(".csv"):
            records = _records_from_csv(handle, limit=limit, progress=progress)
        else:
            raise ValueError(_("Upload a .csv or .xlsx file."))
    except (ValueError, csv.Error) as exc:
        raise VacancyImportError(str(exc)) from exc
    if not records:
        raise VacancyImportError(_("The file holds no vacancies."))
    return [_row(number, record) for number, record in records]


def _values(vacancy) -> list[object]:
    return [
        vacancy.reference,
        vacancy.employer,
        vacancy.municipality.name_nl,
        vacancy.title,
        vacancy.description,
        vacancy.hours_per_week,
        "yes" if vacancy.indication_required else "no",
        vacancy.conditions,
        vacancy.posted_on,
        vacancy.expires_on,
        vacancy.status,
    ]


def vacancies_to_csv(vacancies) -> bytes:
    """The same columns the import reads, so an export can be edited and loaded again."""
    return csv_bytes((_values(v) for v in vacancies), header=COLUMNS, bom=True)


def vacancies_to_xlsx(vacancies) -> bytes:
    book = XlsxBook()
    book.sheet("vacancies", header=COLUMNS).extend(_values(v) for v in vacancies)
    return book.to_bytes()
