"""Reading the statistics exports users download: long CSV, the wide exports of
provincies.incijfers.be (CSV and XLSX) and Arvastat's pivot exports.

Readers only parse: they yield ``RawValue`` rows and ``Issue`` notes with the row and column
where they were found. Matching names to areas and indicators, and writing, happens in
``services.observations_import``. Readers stream: a CSV is decoded as it is parsed, a workbook
is read in openpyxl's read-only mode, row after row, and reading stops at the first figure past
the limit (``FIGURES_MAX_VALUES``); nothing keeps the whole file in memory.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lokaalwerk.core.uploads import (
    UTF8_OR_WINDOWS_1252,
    Progress,
    binary,
    is_workbook,
    limit_rows,
    open_workbook,
    text_stream,
)

from .constants import MARKER_FLAGS, Dimension, Flag, ImportKind


class ImportFileError(ValueError):
    """The file as a whole cannot be read (wrong format, no header, no data)."""


@dataclass(frozen=True)
class Issue:
    row: int
    column: str
    reason: str
    skipped: bool = False  # a reported skip (a non-municipal row) rather than an error

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}


@dataclass(frozen=True)
class RawValue:
    row: int
    column: str
    indicator: str  # the name or code the file uses; "" when the file names none
    area: str  # a NIS code or a name
    period_start: dt.date
    value: Decimal | None
    flag: str = Flag.NONE
    breakdown: str = ""
    percent_fraction: bool = False  # XLSX percentages are stored as fractions


@dataclass
class Parsed:
    kind: str
    values: Iterator[RawValue | Issue]
    notes: list[str] = field(default_factory=list)


def name_key(text: str) -> str:
    """Case, accents, hyphens, apostrophes and spacing do not tell names apart."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[\s\-_'’./]+", " ", text.lower())
    return text.strip()


NON_MUNICIPAL = re.compile(
    r"^(niet te lokaliseren|buiten vlaanderen|onbekend|onbepaald|buitenland|totaal onbekend)"
)


def not_a_municipality_reason(name: str) -> str:
    """Why a row of an export is skipped: it counts people no municipality holds."""
    return _("'%(name)s' is not a municipality") % {"name": name}


FOOTER = re.compile(
    r"^(bron|datum export|legende|legenda|voetnoot|opmerking|noot|source|footnote|copyright|"
    r"\(c\)|©|x ?=|- ?=|\? ?=|\*)",
    re.IGNORECASE,
)

MONTHS_NL = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "maa": 3,
    "april": 4, "apr": 4, "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7,
    "augustus": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip

_PERIOD_PATTERNS = [
    (re.compile(r"^(\d{4})$"), lambda m: dt.date(int(m[1]), 1, 1)),
    (re.compile(r"^(\d{4})[-/ ]?m?(\d{1,2})$", re.I), lambda m: dt.date(int(m[1]), int(m[2]), 1)),
    (re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"), lambda m: dt.date(int(m[1]), int(m[2]), int(m[3]))),
    (re.compile(r"^(\d{1,2})[-/](\d{4})$"), lambda m: dt.date(int(m[2]), int(m[1]), 1)),
    (
        re.compile(r"^(\d{1,2})[-/](\d{1,2})[-/](\d{4})$"),
        lambda m: dt.date(int(m[3]), int(m[2]), int(m[1])),
    ),
    (
        re.compile(r"^(\d{4}) ?[-/]? ?[qk](\d)$", re.I),
        lambda m: dt.date(int(m[1]), 3 * int(m[2]) - 2, 1),
    ),
    (
        re.compile(r"^[qk](\d) ?[-/]? ?(\d{4})$", re.I),
        lambda m: dt.date(int(m[2]), 3 * int(m[1]) - 2, 1),
    ),
]


def parse_period(text: str) -> dt.date:
    """A year, month or quarter as its first day: 2024, 2024-03, 2024M03, 03/2024, 2024Q1,
    2024 K1, "maart 2024", 2024-03-01."""
    text = str(text).strip()
    for pattern, build in _PERIOD_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return build(match)
            except ValueError as exc:
                reason = _("'%(period)s' is not a valid period") % {"period": text}
                raise ValueError(reason) from exc
    words = name_key(text).split()
    if len(words) == 2 and words[0] in MONTHS_NL and re.fullmatch(r"\d{4}", words[1]):
        return dt.date(int(words[1]), MONTHS_NL[words[0]], 1)
    raise ValueError(_("'%(period)s' is not a period (year, month or quarter)") % {"period": text})


def looks_like_period(text: str) -> bool:
    try:
        parse_period(text)
    except ValueError:
        return False
    return True


def parse_value(text) -> tuple[Decimal | None, str]:
    """A number with a decimal comma or point, or a marker: "x" suppressed for privacy,
    "-" and "?" missing. A trailing "*" marks a provisional figure."""
    if text is None:
        return None, Flag.MISSING
    if isinstance(text, int | float) and not isinstance(text, bool):
        return Decimal(str(text)), Flag.NONE
    raw = str(text).strip().replace("\u00a0", "").replace(" ", "")
    if raw.lower() in MARKER_FLAGS:
        return None, MARKER_FLAGS[raw.lower()]
    flag = Flag.NONE
    if raw.endswith("*"):
        raw, flag = raw[:-1], Flag.PROVISIONAL
    if "," in raw and "." in raw:
        decimal = "," if raw.rfind(",") > raw.rfind(".") else "."
        raw = raw.replace("." if decimal == "," else ",", "").replace(",", ".")
    else:
        raw = raw.replace(",", ".")
    if raw.endswith("%"):
        raw = raw[:-1]
    try:
        value = Decimal(raw)
    except InvalidOperation as exc:
        raise ValueError(
            _("'%(value)s' is not a number or a marker (x, -, ?)") % {"value": text}
        ) from exc
    if not value.is_finite():
        raise ValueError(_("'%(value)s' is not a number") % {"value": text})
    return value, flag


def sniff_delimiter(sample: str) -> str:
    """The delimiter that splits some line of the sample into the most columns. Arvastat puts
    a title and filter lines ("Filter: woonplaats, leeftijd") above its header."""
    lines = [line for line in sample.splitlines() if line.strip()][:20]
    best, best_count = "", 0
    for delimiter in (";", "\t", ",", "|"):
        count = max((line.count(delimiter) for line in lines), default=0)
        if count > best_count:
            best, best_count = delimiter, count
    if not best:
        raise ImportFileError(_("No delimiter found: the first line has a single column."))
    return best


# --- Long CSV ------------------------------------------------------------------------------

LONG_HEADERS = {
    "area": {"gebied", "gemeente", "area", "nis", "niscode", "nis code", "code", "naam",
             "gebiedscode", "gebiedsnaam", "woonplaats", "municipality", "regio"},
    "period": {"periode", "period", "jaar", "year", "maand", "month", "datum", "date",
               "kwartaal", "quarter"},
    "value": {"waarde", "value", "aantal", "count"},
    "indicator": {"indicator", "indicatorcode", "indicator code", "onderwerp"},
    "flag": {"flag", "vlag", "status"},
}  # fmt: skip
#: What a report calls the columns a long CSV needs, whatever the file's own header says.
COLUMN_ROLES = {
    "area": gettext_lazy("area"),
    "period": gettext_lazy("period"),
    "value": gettext_lazy("value"),
    "indicator": gettext_lazy("indicator"),
    "flag": gettext_lazy("flag"),
}
DIMENSION_HEADERS = {
    Dimension.AGE_BAND: {"age band", "leeftijd", "leeftijdsklasse", "leeftijdsgroep"},
    Dimension.GENDER: {"gender", "geslacht"},
    Dimension.DURATION: {"duration", "werkloosheidsduur", "duur"},
    Dimension.EDUCATION: {"education", "studieniveau", "opleidingsniveau", "scholingsgraad"},
    Dimension.ORIGIN: {"origin", "herkomst", "nationaliteit"},
}
FLAG_WORDS = {
    "": Flag.NONE, "final": Flag.NONE, "definitief": Flag.NONE,
    "provisional": Flag.PROVISIONAL, "voorlopig": Flag.PROVISIONAL, "v": Flag.PROVISIONAL,
    "estimate": Flag.ESTIMATE, "schatting": Flag.ESTIMATE, "s": Flag.ESTIMATE,
    "suppressed": Flag.SUPPRESSED, "x": Flag.SUPPRESSED, "missing": Flag.MISSING,
}  # fmt: skip


def _columns(header: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, title in enumerate(header):
        key = name_key(title)
        for role, names in [*LONG_HEADERS.items(), *DIMENSION_HEADERS.items()]:
            if key in names and role not in found:
                found[role] = index
    return found


def breakdown_key(parts: dict[str, str]) -> str:
    """The canonical disaggregation: dimensions in a fixed order, "" for the total."""
    order = list(Dimension)
    return ";".join(
        f"{d}={parts[d]}" for d in sorted(parts, key=lambda d: order.index(Dimension(d)))
    )


def missing_columns_reason(missing: list[str]) -> str:
    """Why a long CSV cannot be read: the columns (roles) it lacks, in the reader's words."""
    return _("Long CSV needs columns for area, period and value; missing: %(columns)s") % {
        "columns": ", ".join(str(COLUMN_ROLES.get(role, role)) for role in missing)
    }


def _read_long(reader: Iterator[list[str]], header: list[str]) -> Iterator[RawValue | Issue]:
    cols = _columns(header)
    missing = [role for role in ("area", "period", "value") if role not in cols]
    if missing:
        raise ImportFileError(missing_columns_reason(missing))
    dims = [d for d in Dimension if d in cols]
    in_footer = False
    for number, row in enumerate(reader, start=2):
        if in_footer:
            continue
        if not any(cell.strip() for cell in row):
            in_footer = True  # a blank line ends the data; what follows is the export's footer
            continue
        if FOOTER.match(row[0].strip()):
            in_footer = True
            continue
        if len(row) < len(header):
            yield Issue(
                number,
                "",
                _("expected %(expected)s columns, found %(found)s")
                % {"expected": len(header), "found": len(row)},
            )
            continue
        area = row[cols["area"]].strip()
        if NON_MUNICIPAL.match(name_key(area)):
            yield Issue(number, header[cols["area"]], not_a_municipality_reason(area), True)
            continue
        try:
            period = parse_period(row[cols["period"]])
        except ValueError as exc:
            yield Issue(number, header[cols["period"]], str(exc))
            continue
        try:
            value, flag = parse_value(row[cols["value"]])
        except ValueError as exc:
            yield Issue(number, header[cols["value"]], str(exc))
            continue
        if "flag" in cols:
            word = row[cols["flag"]].strip().lower()
            if word not in FLAG_WORDS:
                reason = _("unknown flag '%(flag)s'") % {"flag": word}
                yield Issue(number, header[cols["flag"]], reason)
                continue
            flag = FLAG_WORDS[word] or flag
        breakdown = breakdown_key({d: row[cols[d]].strip() for d in dims if row[cols[d]].strip()})
        yield RawValue(
            row=number,
            column=header[cols["value"]],
            indicator=row[cols["indicator"]].strip() if "indicator" in cols else "",
            area=area,
            period_start=period,
            value=value,
            flag=flag,
            breakdown=breakdown,
        )


# --- Wide exports (provincies.incijfers.be, Arvastat) ----------------------------------------


def _split_indicator_period(title: str) -> tuple[str, dt.date] | None:
    """incijfers: "indicator name|2024"; Arvastat: a bare period."""
    if "|" in title:
        name, _, period = title.rpartition("|")
        if looks_like_period(period):
            return name.strip(), parse_period(period)
        return None
    if looks_like_period(title):
        return "", parse_period(title)
    return None


class PercentFraction(float):
    """A number an XLSX cell shows with a % format: the workbook stores 8,12 % as 0.0812."""


def _read_wide_rows(
    rows: Iterable[tuple[int, list]],
    columns: list[tuple[int, str, str, dt.date]],
    *,
    row_dimensions: list[tuple[int, str]] = (),
) -> Iterator[RawValue | Issue]:
    in_footer = False
    for number, row in rows:
        cells = ["" if c is None else c for c in row]
        first = str(cells[0]).strip() if cells else ""
        if in_footer:
            continue
        if not any(str(c).strip() for c in cells):
            in_footer = True
            continue
        if FOOTER.match(first) or (first and not any(str(c).strip() for c in cells[1:])):
            in_footer = True  # legend, source, footnote and "Datum export" lines
            continue
        if NON_MUNICIPAL.match(name_key(first)):
            yield Issue(number, "", not_a_municipality_reason(first), True)
            continue
        breakdown = breakdown_key(
            {dim: str(cells[i]).strip() for i, dim in row_dimensions if str(cells[i]).strip()}
        )
        for index, title, indicator, period in columns:
            cell = cells[index] if index < len(cells) else None
            try:
                value, flag = parse_value(cell)
            except ValueError as exc:
                yield Issue(number, title, str(exc))
                continue
            yield RawValue(
                row=number,
                column=title,
                indicator=indicator,
                area=first,
                period_start=period,
                value=value,
                flag=flag,
                breakdown=breakdown,
                percent_fraction=isinstance(cell, PercentFraction),
            )


def _wide_columns(header: list[str], start: int) -> tuple[list, list[int]]:
    columns, bad = [], []
    for index, title in enumerate(header[start:], start=start):
        parsed = _split_indicator_period(str(title).strip())
        if parsed is None:
            bad.append(index)
        else:
            columns.append((index, str(title).strip(), parsed[0], parsed[1]))
    return columns, bad


def _dimension_columns(header: list[str]) -> list[tuple[int, str]]:
    found = []
    for index, title in enumerate(header[1:], start=1):
        key = name_key(str(title))
        for dim, names in DIMENSION_HEADERS.items():
            if key in names:
                found.append((index, dim.value))
    return found


def read_csv(
    data, *, filename: str = "", limit: int | None = None, progress: Progress | None = None
) -> Parsed:
    """A CSV export, from its bytes or the (uploaded) file, decoded as it is parsed: UTF-8 with
    or without BOM, or Windows-1252 as older Excel exports come."""
    stream = text_stream(binary(data), UTF8_OR_WINDOWS_1252)
    return _limited(read_csv_stream(stream, progress=progress), limit)


def read_csv_stream(handle, *, progress: Progress | None = None) -> Parsed:
    """Tell the layout from the header: "indicator|year" columns are an incijfers export,
    period columns (after Arvastat's title lines) an Arvastat export, else a long CSV."""
    sample = handle.read(4096)
    handle.seek(0)
    delimiter = sniff_delimiter(sample)
    reader = csv.reader(handle, delimiter=delimiter)
    preamble: list[str] = []
    for header in reader:
        if sum(1 for c in header if c.strip()) >= 2:
            break
        if any(c.strip() for c in header):
            preamble.append(next(c for c in header if c.strip()).strip())
    else:
        raise ImportFileError(_("The file has no header row with at least two columns."))
    header = [c.strip() for c in header]
    offset = len(preamble) + 1
    dims = _dimension_columns(header)
    start = 1 + len(dims)
    columns, bad = _wide_columns(header, start)
    numbered = limit_rows(enumerate(reader, start=offset + 1), limit=None, progress=progress)
    if columns and not bad and any("|" in c[1] for c in columns):
        return Parsed(ImportKind.WIDE_CSV, _read_wide_rows(numbered, columns))
    if columns and not bad:
        title = preamble[0] if preamble else ""
        columns = [(i, t, title, p) for i, t, _, p in columns]
        return Parsed(
            ImportKind.ARVASTAT, _read_wide_rows(numbered, columns, row_dimensions=dims), preamble
        )
    if preamble:
        raise ImportFileError(
            _(
                "The header row has columns that are neither a period nor 'indicator|year': "
                "%(columns)s"
            )
            % {"columns": ", ".join(header[i] for i in bad[:3])}
        )
    rows = (row for _, row in numbered)
    return Parsed(ImportKind.LONG_CSV, _read_long(rows, header))


#: The year row of an incijfers workbook lies within its first rows.
_XLSX_HEADER_ROWS = 30


def _xlsx_values(row) -> list:
    """A row's values; a number shown with a % format is marked as a fraction."""
    return [
        PercentFraction(cell.value)
        if isinstance(cell.value, int | float)
        and not isinstance(cell.value, bool)
        and "%" in (getattr(cell, "number_format", None) or "")
        else cell.value
        for cell in row
    ]


def _xlsx_header(rows: Iterator[list]) -> tuple[int, list, list[str]]:
    """The row of years (its number and values) and, from the row above, the indicator name
    over each column. A name spans its years as a merged cell, which read-only mode does not
    see: its other cells are empty, so an empty cell carries the name on its left forward."""
    missing = ImportFileError(_("No row of years under a row of indicator names was found."))
    above: list = []
    for number, values in enumerate(rows, start=1):
        cells = [v for v in values[1:] if v not in (None, "")]
        if cells and all(looks_like_period(str(v)) for v in cells):
            if number < 2:
                raise missing
            break
        if number >= _XLSX_HEADER_ROWS:
            raise missing
        above = values
    else:
        raise missing
    names, carried = [], ""
    for col in range(len(values)):
        value = above[col] if col < len(above) else None
        carried = str(value).strip() if value not in (None, "") else carried
        names.append(carried)
    return number, values, names


def read_xlsx(
    data, *, filename: str = "", limit: int | None = None, progress: Progress | None = None
) -> Parsed:
    """The incijfers XLSX: indicator names in one header row spanning their year columns
    (merged cells), years in the next row, municipality names without codes, percentages as
    fractions with a % number format, markers as text, then legend, source and footnote rows.
    Read in openpyxl's read-only mode: row after row, never the whole workbook."""
    try:
        book = open_workbook(data)
    except ValueError as exc:
        raise ImportFileError(str(exc)) from exc
    rows = (_xlsx_values(row) for row in book.worksheets[0].iter_rows())
    try:
        year_row, years, names = _xlsx_header(rows)
    except Exception:
        book.close()
        raise
    columns = []
    for col in range(1, len(years)):
        year = years[col]
        if year not in (None, ""):
            title = f"{names[col]}|{year}"
            columns.append((col, title, names[col], parse_period(str(year))))
    data_rows = limit_rows(enumerate(rows, start=year_row + 1), limit=None, progress=progress)
    parsed = Parsed(ImportKind.WIDE_XLSX, _read_wide_rows(data_rows, columns))
    parsed.values = _closing(parsed.values, book)
    return _limited(parsed, limit)


def _closing(values: Iterator, book) -> Iterator:
    try:
        yield from values
    finally:
        book.close()


def too_many_figures_reason(limit: int) -> str:
    return _(
        "The file holds more than %(limit)s figures; reading stopped there. Split it into "
        "smaller files."
    ) % {"limit": number_format(limit, force_grouping=True)}


def _limited(parsed: Parsed, limit: int | None) -> Parsed:
    """Stop reading at the first figure past ``limit``: the rest of the file is never read."""
    if limit is None:
        return parsed

    def values(items):
        count = 0
        for item in items:
            if isinstance(item, RawValue):
                count += 1
                if count > limit:
                    raise ImportFileError(too_many_figures_reason(limit))
            yield item

    parsed.values = values(parsed.values)
    return parsed


def read_file(
    data, *, filename: str, limit: int | None = None, progress: Progress | None = None
) -> Parsed:
    """An export from its bytes or the (uploaded) file: a workbook or a CSV."""
    handle = binary(data)
    if is_workbook(handle, filename):
        return read_xlsx(handle, filename=filename, limit=limit, progress=progress)
    head = handle.read(1024)
    handle.seek(0)
    if b"\x00" in head:
        raise ImportFileError(_("This is not a text file (CSV) or an XLSX workbook."))
    return read_csv(handle, filename=filename, limit=limit, progress=progress)
