"""The plan with its latest progress as a spreadsheet, and back again.

Export as XLSX or CSV; import an edited file keyed on action code: a dry run shows the
difference row by row before anything is written, and the import is all or nothing. The same
round trip works in the CSV columns of Decidim's accountability component (``id, parent/id,
title/<locale>, description/<locale>, start_date, end_date, status/key, status/name/<locale>,
progress, …``), so a city that publishes its results with Decidim can exchange them.
Files are written through ``core.spreadsheets``: a title or note that a spreadsheet would run as
a formula is written as text, and reading a CSV takes the apostrophe that marks it off again.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lokaalwerk.agreements.models import Action, Agreement
from lokaalwerk.agreements.services import action_update
from lokaalwerk.core.spreadsheets import CsvDictReader, XlsxBook, csv_dict_bytes
from lokaalwerk.core.uploads import (
    TooManyRows,
    binary,
    csv_delimiter,
    limit_rows,
    open_workbook,
    size_reason,
    text_stream,
)

from .constants import ProgressStatus
from .models import ReportingPeriod
from .selectors import latest_update_by_action, period_current
from .services import ResultsError, progress_update_create, validate_update

PLAN_COLUMNS = [
    "code",
    "theme",
    "domain",
    "title",
    "lead_organisation",
    "period",
    "status",
    "status_label",
    "progress",
    "note",
    "narrative",
    "last_update",
    "approval",
]
#: Columns an edited plan file may change; the others are there to read.
PLAN_EDITABLE = ["title", "period", "status", "progress", "note", "narrative"]
DECIDIM_LOCALES = ["nl", "en"]
#: Status keys of common Decidim set-ups, read as ours.
DECIDIM_STATUS_ALIASES = {
    "planned": ProgressStatus.NOT_STARTED,
    "not_started": ProgressStatus.NOT_STARTED,
    "ongoing": ProgressStatus.ON_TRACK,
    "in_progress": ProgressStatus.ON_TRACK,
    "executing": ProgressStatus.ON_TRACK,
    "finished": ProgressStatus.DONE,
    "completed": ProgressStatus.DONE,
    "executed": ProgressStatus.DONE,
    "cancelled": ProgressStatus.NOT_APPLICABLE,
}


class SpreadsheetError(ResultsError):
    pass


# --- Export -----------------------------------------------------------------------------------


def plan_rows(*, agreement: Agreement, public_only: bool = False) -> list[dict[str, Any]]:
    latest = latest_update_by_action(agreement=agreement, public_only=public_only)
    rows = []
    for action in agreement.actions.select_related("domain__theme", "lead_organisation"):
        update = latest.get(action.pk)
        rows.append(
            {
                "code": action.code,
                "theme": action.domain.theme.title,
                "domain": str(action.domain),
                "title": action.title,
                "lead_organisation": action.lead_organisation.name
                if action.lead_organisation
                else "",
                "period": update.period.label if update else "",
                "status": update.status if update else "",
                "status_label": str(update.get_status_display()) if update else "",
                "progress": update.progress if update else "",
                "note": update.note if update else "",
                "narrative": update.narrative if update else "",
                "last_update": timezone.localtime(update.created_at).date().isoformat()
                if update
                else "",
                "approval": update.approval if update else "",
            }
        )
    return rows


def plan_csv(*, agreement: Agreement) -> bytes:
    return csv_dict_bytes(plan_rows(agreement=agreement), columns=PLAN_COLUMNS, bom=True)


def plan_xlsx(*, agreement: Agreement) -> bytes:
    book = XlsxBook()
    sheet = book.sheet("plan", header=PLAN_COLUMNS)
    sheet.extend([row[c] for c in PLAN_COLUMNS] for row in plan_rows(agreement=agreement))
    sheet.worksheet.freeze_panes = "B2"
    statuses = book.sheet("statuses", header=["status", "label"])
    statuses.extend([value, str(label)] for value, label in ProgressStatus.choices)
    return book.to_bytes()


def _status_names(status: str) -> dict[str, str]:
    names = {}
    for locale in DECIDIM_LOCALES:
        with translation.override("nl-be" if locale == "nl" else locale):
            names[locale] = str(ProgressStatus(status).label) if status else ""
    return names


def decidim_rows(*, agreement: Agreement) -> list[dict[str, Any]]:
    """Domains as parent results, actions as their children, in Decidim's flattened columns."""
    latest = latest_update_by_action(agreement=agreement)
    rows = []
    actions = agreement.actions.select_related("domain")
    domains = {}
    for action in actions:
        domains.setdefault(action.domain.number, action.domain)
    for number, domain in sorted(domains.items()):
        row = {"id": f"domain-{number}", "parent/id": "", "reference": f"domain-{number}"}
        for locale in DECIDIM_LOCALES:
            row[f"title/{locale}"] = domain.title
            row[f"description/{locale}"] = ""
            row[f"status/name/{locale}"] = ""
        row.update(
            start_date=agreement.start_date.isoformat(),
            end_date=agreement.end_date.isoformat(),
            **{"status/key": "", "progress": ""},
        )
        rows.append(row)
    for action in actions:
        update = latest.get(action.pk)
        status = update.status if update else ""
        names = _status_names(status)
        row = {"id": action.code, "parent/id": f"domain-{action.domain.number}"}
        row["title/nl"] = action.title
        row["title/en"] = action.title
        row["description/nl"] = action.description
        row["description/en"] = action.description_en
        row.update(
            {
                "start_date": agreement.start_date.isoformat(),
                "end_date": agreement.end_date.isoformat(),
                "status/key": status,
                "status/name/nl": names["nl"],
                "status/name/en": names["en"],
                "progress": update.progress if update else "",
                "reference": action.code,
            }
        )
        rows.append(row)
    return rows


DECIDIM_COLUMNS = [
    "id",
    "parent/id",
    *[f"title/{loc}" for loc in DECIDIM_LOCALES],
    *[f"description/{loc}" for loc in DECIDIM_LOCALES],
    "start_date",
    "end_date",
    "status/key",
    *[f"status/name/{loc}" for loc in DECIDIM_LOCALES],
    "progress",
    "reference",
]


def decidim_csv(*, agreement: Agreement) -> bytes:
    return csv_dict_bytes(decidim_rows(agreement=agreement), columns=DECIDIM_COLUMNS)


# --- Reading a file ---------------------------------------------------------------------------


def _read_table(data, filename: str) -> list[dict[str, str]]:
    """Rows as dicts of text, from an .xlsx or a .csv (comma or semicolon separated). ``data``
    is the file's bytes or the (uploaded) file, read as it is parsed: a file above
    ``PLAN_UPLOAD_MAX_BYTES`` is refused before it is read, one with more than
    ``PLAN_MAX_ROWS`` rows at the first row too many."""
    handle = binary(data)
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    if size > settings.PLAN_UPLOAD_MAX_BYTES:
        raise SpreadsheetError({"file": [size_reason(settings.PLAN_UPLOAD_MAX_BYTES)]})
    try:
        if filename.lower().endswith(".xlsx"):
            return _read_xlsx(handle)
        if filename.lower().endswith(".csv"):
            return _read_csv(handle)
    except TooManyRows as exc:
        raise SpreadsheetError({"file": [str(exc)]}) from exc
    raise SpreadsheetError({"file": [_("Upload an .xlsx or .csv file.")]})


def _read_xlsx(handle) -> list[dict[str, str]]:
    try:
        workbook = open_workbook(handle)
    except ValueError as exc:
        raise SpreadsheetError({"file": [str(exc)]}) from exc
    try:
        values = workbook.worksheets[0].iter_rows(values_only=True)
        first = next(values, None)
        if first is None:
            return []
        header = [str(h).strip() if h is not None else "" for h in first]
        rows = []
        for raw in limit_rows(values, limit=settings.PLAN_MAX_ROWS):
            if all(v is None or str(v).strip() == "" for v in raw):
                continue
            rows.append({h: _cell_text(v) for h, v in zip(header, raw, strict=False) if h})
        return rows
    finally:
        workbook.close()


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return str(value).strip()


def _read_csv(handle) -> list[dict[str, str]]:
    text = text_stream(handle)
    try:
        delimiter = csv_delimiter(text.readline(), ",;")
        text.seek(0)
        reader = CsvDictReader(text, delimiter=delimiter)
        return [
            {(k or "").strip(): (v or "").strip() for k, v in row.items()}
            for row in limit_rows(reader, limit=settings.PLAN_MAX_ROWS)
            if any((v or "").strip() for v in row.values())
        ]
    except UnicodeDecodeError as exc:
        raise SpreadsheetError({"file": [_("The CSV file is not UTF-8 text.")]}) from exc


# --- The import: rows -> a dry-run diff -> apply ----------------------------------------------


@dataclass
class RowChange:
    row: int
    code: str
    action: Action | None = None
    fields: list[tuple[str, Any, Any]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)


@dataclass
class ImportPreview:
    rows: list[RowChange]
    errors: list[str]

    @property
    def is_valid(self) -> bool:
        return not self.errors and not any(r.errors for r in self.rows)

    @property
    def changed(self) -> list[RowChange]:
        return [r for r in self.rows if r.fields]

    def error_lines(self) -> list[str]:
        lines = list(self.errors)
        for row in self.rows:
            lines.extend(
                _("Row %(row)d (%(code)s): %(error)s")
                % {"row": row.row, "code": row.code or "—", "error": e}
                for e in row.errors
            )
        return lines


def _normalise_plan(rows: list[dict[str, str]]) -> tuple[list[dict[str, Any]], list[str]]:
    if rows and "code" not in rows[0]:
        return [], [_("The file has no 'code' column.")]
    return [
        {"row": n, "code": r.get("code", ""), **{k: r[k] for k in PLAN_EDITABLE if k in r}}
        for n, r in enumerate(rows, start=2)
    ], []


def _normalise_decidim(rows: list[dict[str, str]]) -> tuple[list[dict[str, Any]], list[str]]:
    if rows and "id" not in rows[0]:
        return [], [_("The file has no 'id' column: it is not a Decidim results export.")]
    result = []
    for n, r in enumerate(rows, start=2):
        code = r.get("reference") or r.get("id", "")
        if code.startswith("domain-"):
            continue  # parent results are computed here by the roll-up
        item: dict[str, Any] = {"row": n, "code": code}
        if r.get("title/nl"):
            item["title"] = r["title/nl"]
        if "status/key" in r and r["status/key"]:
            key = r["status/key"].strip().lower()
            item["status"] = DECIDIM_STATUS_ALIASES.get(key, key)
        if "progress" in r and r["progress"] != "":
            try:
                item["progress"] = str(round(float(r["progress"].replace(",", "."))))
            except ValueError:
                item["progress"] = r["progress"]
        result.append(item)
    return result, []


def _period_for(agreement, label, periods, today) -> tuple[ReportingPeriod | None, str]:
    if label:
        found = periods.get(label)
        return found, "" if found else _("Unknown period %(label)s.") % {"label": label}
    return period_current(agreement=agreement, today=today), ""


def _compare(item, action, update, agreement, periods, today) -> RowChange:
    change = RowChange(row=item["row"], code=item["code"], action=action)
    if "title" in item and item["title"] != action.title:
        if not item["title"].strip():
            change.errors.append(_("The title is empty."))
        change.fields.append(("title", action.title, item["title"]))
    current = {
        "status": update.status if update else "",
        "progress": str(update.progress) if update else "",
        "note": update.note if update else "",
        "narrative": update.narrative if update else "",
    }
    wanted = {k: item.get(k, current[k]) for k in current}
    progress_changed = [k for k in current if str(wanted[k]) != str(current[k])]
    period, period_error = _period_for(agreement, item.get("period", ""), periods, today)
    if period_error:
        change.errors.append(period_error)
    if progress_changed:
        for key in progress_changed:
            change.fields.append((key, current[key], wanted[key]))
        errors = validate_update(
            action=action,
            period=period,
            status=wanted["status"],
            progress=wanted["progress"],
            note=wanted["note"],
            today=today,
        )
        change.errors.extend(m for messages in errors.values() for m in messages)
        change.values = {**wanted, "period": period}
    return change


def import_preview(
    *,
    agreement: Agreement,
    data,
    filename: str,
    kind: str = "plan",
    today: dt.date | None = None,
) -> ImportPreview:
    """The dry run: what each row would change, and every row-level error. Writes nothing."""
    today = today or timezone.localdate()
    table = _read_table(data, filename)
    normalise = _normalise_decidim if kind == "decidim" else _normalise_plan
    items, errors = normalise(table)
    if not table:
        errors.append(_("The file holds no rows."))
    actions = {a.code: a for a in agreement.actions.select_related("agreement")}
    latest = latest_update_by_action(agreement=agreement)
    periods = {p.label: p for p in agreement.reporting_periods.all()}
    seen: dict[str, int] = {}
    rows = []
    for item in items:
        code = str(item["code"]).strip()
        if not code:
            rows.append(
                RowChange(row=item["row"], code="", errors=[_("The action code is empty.")])
            )
            continue
        if code in seen:
            rows.append(
                RowChange(
                    row=item["row"],
                    code=code,
                    errors=[
                        _("Action %(code)s also appears on row %(row)d.")
                        % {"code": code, "row": seen[code]}
                    ],
                )
            )
            continue
        seen[code] = item["row"]
        action = actions.get(code)
        if action is None:
            rows.append(
                RowChange(
                    row=item["row"],
                    code=code,
                    errors=[_("Unknown action code %(code)s.") % {"code": code}],
                )
            )
            continue
        rows.append(_compare(item, action, latest.get(action.pk), agreement, periods, today))
    return ImportPreview(rows=rows, errors=errors)


def import_apply(
    *,
    actor,
    agreement: Agreement,
    data,
    filename: str,
    kind: str = "plan",
    today: dt.date | None = None,
    source: str = "",
) -> ImportPreview:
    """Write what the dry run showed, all or nothing: any error anywhere changes nothing."""
    preview = import_preview(
        agreement=agreement, data=data, filename=filename, kind=kind, today=today
    )
    if not preview.is_valid:
        raise SpreadsheetError({"file": preview.error_lines()})
    with transaction.atomic():
        for row in preview.changed:
            title = next((after for name, _b, after in row.fields if name == "title"), None)
            if title is not None:
                action_update(actor=actor, action=row.action, source=source, title=title)
            if row.values:
                progress_update_create(
                    actor=actor,
                    action=row.action,
                    period=row.values["period"],
                    status=row.values["status"],
                    progress=row.values["progress"],
                    note=row.values["note"],
                    narrative=row.values["narrative"],
                    today=today,
                    source=source,
                )
    return preview
