"""Writing indicator data: the indicator set, imports of statistics exports, targets and own
registrations.

Principle 10 of the agreement: make the cooperation measurable. Every import is one
transaction: a file with any error (row, column, reason) changes nothing; importing the same
file again updates what changed and reports it. Figures are stored against the area code they
were published for.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tempfile
import time
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DatabaseError, OperationalError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lokaalwerk.audit.services import record
from lokaalwerk.core.locks import is_database_locked, try_advisory_locks
from lokaalwerk.core.models import ImportJob
from lokaalwerk.core.services import (
    ImportJobError,
    import_job_confirm,
    import_job_create,
    import_job_run,
)
from lokaalwerk.core.uploads import Progress, binary
from lokaalwerk.geography.models import Area, AreaKind

from . import importers
from .constants import SUMMABLE_UNITS, Flag, ImportKind, Source, Unit
from .importers import Issue, RawValue, name_key
from .models import ImportBatch, Indicator, IndicatorAlias, IndicatorVersion, Observation, Target

INDICATOR_SET = Path(__file__).resolve().parent / "data" / "indicator-set.yaml"
MAX_REPORTED = 200
BATCH_SIZE = 2000


# --- The indicator set ----------------------------------------------------------------------


def indicator_set_load(
    *, indicator_model=Indicator, alias_model=IndicatorAlias, version_model=IndicatorVersion
) -> int:
    """Create or update the shipped indicator set; returns how many indicators it holds."""
    entries = yaml.safe_load(INDICATOR_SET.read_text(encoding="utf-8"))
    by_code = {}
    for order, entry in enumerate(entries):
        indicator, _ = indicator_model.objects.update_or_create(
            code=entry["code"],
            defaults={
                "name_nl": entry["name_nl"],
                "name_en": entry.get("name_en", ""),
                "definition": entry.get("definition", ""),
                "unit": entry["unit"],
                "source": entry["source"],
                "periodicity": entry["periodicity"],
                "polarity": entry.get("polarity", "neutral"),
                "dimensions": entry.get("dimensions", []),
                "is_youth": entry.get("youth", False),
                "factor": Decimal(str(entry.get("factor", 1))),
                "order": order,
            },
        )
        by_code[indicator.code] = indicator
        for name in [entry["name_nl"], entry["code"], *entry.get("aliases", [])]:
            alias_model.objects.update_or_create(
                key=name_key(name), defaults={"indicator": indicator, "name": name}
            )
        for version in entry.get("versions", []):
            version_model.objects.update_or_create(
                indicator=indicator,
                valid_from=version["valid_from"],
                defaults={
                    "label": version["label"],
                    "definition": version.get("definition", ""),
                    "is_break": version.get("is_break", False),
                },
            )
    for entry in entries:
        if entry.get("numerator"):
            indicator_model.objects.filter(code=entry["code"]).update(
                numerator=by_code[entry["numerator"]], denominator=by_code[entry["denominator"]]
            )
    return len(entries)


def indicator_ensure(
    *, code: str, name_nl: str, name_en: str, unit: str, periodicity: str, source: str
) -> Indicator:
    indicator, _ = Indicator.objects.update_or_create(
        code=code,
        defaults={
            "name_nl": name_nl,
            "name_en": name_en,
            "unit": unit,
            "periodicity": periodicity,
            "source": source,
        },
    )
    IndicatorAlias.objects.update_or_create(
        key=name_key(code), defaults={"indicator": indicator, "name": code}
    )
    return indicator


# --- Matching names to areas and indicators --------------------------------------------------

_SUFFIX = re.compile(r"\s*\((arr|prov)\.?\)\s*$", re.IGNORECASE)
_AREA_ALIASES = {"vlaanderen": "02000", "vlaams gewest": "02000", "brussel": "04000"}
_KIND_RANK = {
    AreaKind.MUNICIPALITY: 0,
    AreaKind.GROUP: 1,
    AreaKind.REFERENCE_REGION: 2,
    AreaKind.ARRONDISSEMENT: 3,
    AreaKind.PROVINCE: 4,
    AreaKind.REGION: 5,
}


class AreaResolver:
    """Matches a NIS code or a name to the area the figure was published for.

    A name that several codes carried (Aalter before and after 2019) goes to the code valid at
    the export's date; the newest code otherwise. Names are compared without case, accents or
    hyphens, with and without "(Arr.)"/"(Prov.)" and "Arrondissement"/"Provincie"."""

    def __init__(self):
        self.by_code: dict[str, Area] = {}
        self.by_name: dict[str, list[Area]] = defaultdict(list)
        for area in Area.objects.all():
            self.by_code[area.code.lower()] = area
            for key in self._keys(area.name_nl) | self._keys(area.name_fr):
                self.by_name[key].append(area)
        for key, code in _AREA_ALIASES.items():
            if code.lower() in self.by_code:
                self.by_name[key] = [self.by_code[code.lower()]]

    @staticmethod
    def _keys(name: str) -> set[str]:
        if not name:
            return set()
        plain = name_key(_SUFFIX.sub("", name))
        keys = {name_key(name), plain}
        for prefix in ("arrondissement ", "provincie ", "gemeente ", "stad "):
            if plain.startswith(prefix):
                keys.add(plain[len(prefix) :])
        return keys

    def resolve(self, text: str, day: dt.date) -> Area | None:
        text = text.strip()
        if text.lower() in self.by_code:
            return self.by_code[text.lower()]
        candidates = self.by_name.get(name_key(_SUFFIX.sub("", text))) or self.by_name.get(
            name_key(text)
        )
        if not candidates:
            return None
        if len(candidates) == 1:
            return candidates[0]
        best_kind = min(_KIND_RANK[AreaKind(c.kind)] for c in candidates)
        candidates = [c for c in candidates if _KIND_RANK[AreaKind(c.kind)] == best_kind]
        valid = [
            c
            for c in candidates
            if (c.valid_from is None or c.valid_from <= day)
            and (c.valid_to is None or c.valid_to >= day)
        ]
        pool = valid or candidates
        return max(pool, key=lambda c: (c.valid_to or dt.date.max, c.valid_from or dt.date.min))

    def vintage(self, names: set[str], days: list[dt.date]) -> dt.date:
        """The date whose map fits most names of a wide export (one area definition per file)."""
        best, best_count = days[-1], -1
        # Exports often show earlier years on today's borders: today's map is a candidate too.
        for day in sorted({*days, timezone.localdate()}, reverse=True):
            count = 0
            for name in names:
                area = self.resolve(name, day)
                if (
                    area
                    and (area.valid_to is None or area.valid_to >= day)
                    and (area.valid_from is None or area.valid_from <= day)
                ):
                    count += 1
            if count > best_count:
                best, best_count = day, count
        return best


class IndicatorResolver:
    def __init__(self, forced: Indicator | None = None):
        self.forced = forced
        self.by_key = {
            alias.key: alias.indicator
            for alias in IndicatorAlias.objects.select_related("indicator")
        }
        self.by_key.update({name_key(i.code): i for i in Indicator.objects.all()})

    def resolve(self, text: str) -> Indicator | None:
        if self.forced is not None:
            return self.forced
        return self.by_key.get(name_key(text)) if text else None


# --- Imports -----------------------------------------------------------------------------


@dataclass
class ImportReport:
    """What an import did or, in a dry run, would do."""

    filename: str
    kind: str = ""
    dry_run: bool = False
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[dict] = field(default_factory=list)
    skipped: list[dict] = field(default_factory=list)
    changes: list[dict] = field(default_factory=list)
    indicators: list[str] = field(default_factory=list)
    areas: int = 0
    batch_id: int | None = None
    error_count: int = 0
    #: Seconds per step of a streaming import (shown by the command with -v 2).
    timings: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def timed(self, step: str):
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timings[step] = round(time.perf_counter() - start, 3)

    @property
    def ok(self) -> bool:
        return not self.error_count

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged

    def add_error(self, issue: Issue) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED:
            self.errors.append(issue.as_dict())

    @property
    def kind_label(self) -> str:
        return str(ImportKind(self.kind).label) if self.kind in ImportKind.values else self.kind

    def summary(self) -> str:
        """One line for a form error, a message or the command's output."""
        if not self.ok:
            first = self.errors[0]
            if not first["row"]:  # the file as a whole
                return ngettext(
                    "%(count)s error, nothing written: %(reason)s",
                    "%(count)s errors, nothing written; first: %(reason)s",
                    self.error_count,
                ) % {"count": self.error_count, "reason": first["reason"]}
            where = (
                _("row %(row)s, column %(column)s") % first
                if first["column"]
                else _("row %(row)s") % first
            )
            return ngettext(
                "%(count)s error, nothing written: %(where)s: %(reason)s",
                "%(count)s errors, nothing written; first: %(where)s: %(reason)s",
                self.error_count,
            ) % {"count": self.error_count, "where": where, "reason": first["reason"]}
        counts = {
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": len(self.skipped),
        }
        if self.dry_run:
            text = ngettext(
                "would create %(created)s, update %(updated)s, leave %(unchanged)s unchanged; "
                "%(skipped)s row skipped",
                "would create %(created)s, update %(updated)s, leave %(unchanged)s unchanged; "
                "%(skipped)s rows skipped",
                counts["skipped"],
            )
        else:
            text = ngettext(
                "created %(created)s, updated %(updated)s, unchanged %(unchanged)s; "
                "%(skipped)s row skipped",
                "created %(created)s, updated %(updated)s, unchanged %(unchanged)s; "
                "%(skipped)s rows skipped",
                counts["skipped"],
            )
        return text % counts

    @classmethod
    def from_dict(cls, data: dict) -> ImportReport:
        """A report kept as plain data (by a background import) read back for its page."""
        names = {f for f in cls.__dataclass_fields__ if f != "timings"}
        return cls(**{k: v for k, v in data.items() if k in names})

    def as_dict(self) -> dict:
        return {
            "filename": self.filename,
            "kind": self.kind,
            "dry_run": self.dry_run,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "error_count": self.error_count,
            "errors": self.errors,
            "skipped": self.skipped,
            "changes": self.changes[:MAX_REPORTED],
            "indicators": self.indicators,
            "areas": self.areas,
            "batch_id": self.batch_id,
        }


class ObservationImportError(Exception):
    """An import refused as a whole; ``report`` holds the reasons per row and column."""

    def __init__(self, report: ImportReport):
        self.report = report
        super().__init__(report.summary())


def _scale(raw: RawValue, indicator: Indicator) -> Decimal | None:
    if raw.value is None:
        return None
    if raw.percent_fraction and indicator.unit == Unit.PERCENTAGE:
        return (raw.value * 100).quantize(Decimal("0.0001"))
    return raw.value


def _resolve(
    parsed: importers.Parsed, report: ImportReport, forced: Indicator | None
) -> dict[tuple, tuple]:
    """Match every parsed value to (area, indicator) and key it; errors go to the report."""
    areas = AreaResolver()
    indicators = IndicatorResolver(forced)
    raws: list[RawValue] = []
    for item in parsed.values:
        if isinstance(item, Issue):
            if item.skipped:
                report.skipped.append(item.as_dict())
            else:
                report.add_error(item)
        else:
            raws.append(item)
    wide = parsed.kind != ImportKind.LONG_CSV
    vintage = None
    if wide and raws:
        vintage = areas.vintage({r.area for r in raws}, [r.period_start for r in raws])
    keyed: dict[tuple, tuple] = {}
    unknown_indicators: set[str] = set()
    for raw in raws:
        indicator = indicators.resolve(raw.indicator)
        if indicator is None:
            if raw.indicator not in unknown_indicators:
                unknown_indicators.add(raw.indicator)
                reason = (
                    _("unknown indicator '%(name)s'") % {"name": raw.indicator}
                    if raw.indicator
                    else _("the file names no indicator: choose one")
                )
                report.add_error(Issue(raw.row, raw.column, reason))
            continue
        area = areas.resolve(raw.area, vintage or raw.period_start)
        if area is None:
            reason = _("'%(name)s' matches no area name or NIS code") % {"name": raw.area}
            report.add_error(Issue(raw.row, "", reason))
            continue
        key = (area.pk, indicator.pk, raw.period_start, raw.breakdown)
        if key in keyed:
            reason = _("duplicate of row %(row)s for the same area, period and disaggregation")
            reason %= {"row": keyed[key][2].row}
            report.add_error(Issue(raw.row, raw.column, reason))
            continue
        keyed[key] = (_scale(raw, indicator), raw.flag, raw, indicator, area)
    return keyed


def _existing(keys) -> dict[tuple, Observation]:
    """The stored observations for these keys, read per (indicator, areas) in chunks."""
    wanted: dict[int, set[int]] = defaultdict(set)
    for area_id, indicator_id, _period, _breakdown in keys:
        wanted[indicator_id].add(area_id)
    found: dict[tuple, Observation] = {}
    for indicator_id, area_ids in wanted.items():
        area_list = sorted(area_ids)
        for start in range(0, len(area_list), 500):
            for obs in Observation.objects.filter(
                indicator_id=indicator_id, area_id__in=area_list[start : start + 500]
            ).only("id", "area_id", "indicator_id", "period_start", "breakdown", "value", "flag"):
                found[(obs.area_id, obs.indicator_id, obs.period_start, obs.breakdown)] = obs
    return found


def _diff(keyed: dict[tuple, tuple], report: ImportReport) -> tuple[list, list]:
    """New observations, and stored ones whose value or flag changes (noted in the report)."""
    existing = _existing(keyed.keys())
    new, changed = [], []
    for key, (value, flag, raw, indicator, area) in keyed.items():
        obs = existing.get(key)
        if obs is None:
            new.append(
                Observation(
                    indicator=indicator,
                    area=area,
                    period_start=raw.period_start,
                    breakdown=raw.breakdown,
                    value=value,
                    flag=flag,
                )
            )
        elif obs.value != value or obs.flag != flag:
            if len(report.changes) < MAX_REPORTED:
                report.changes.append(
                    {
                        "indicator": indicator.code,
                        "area": area.code,
                        "period": raw.period_start.isoformat(),
                        "breakdown": raw.breakdown,
                        "before": None if obs.value is None else str(obs.value.normalize()),
                        "after": None if value is None else str(value.normalize()),
                        "flag_before": obs.flag,
                        "flag_after": flag,
                    }
                )
            obs.value, obs.flag = value, flag
            changed.append(obs)
    return new, changed


#: The advisory lock that serialises imports of the same indicators (``core.locks``).
IMPORT_LOCK = "indicators.observations_import"


class ObservationImportBusy(ObservationImportError):
    """Another import of the same indicators is being written: this one is refused at once,
    to be tried again when that one is done."""


def _busy(report: ImportReport, codes: list[str]) -> ObservationImportBusy:
    report.add_error(
        Issue(
            0,
            "",
            _(
                "Another import of these figures (%(indicators)s) is being written right now; "
                "nothing was written. Try again when it is done."
            )
            % {"indicators": ", ".join(codes)},
        )
    )
    return ObservationImportBusy(report)


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    handle.seek(0)
    while block := handle.read(1 << 20):
        digest.update(block)
    handle.seek(0)
    return digest.hexdigest()


def observations_import(
    *,
    actor,
    filename: str,
    data,
    indicator_code: str | None = None,
    dry_run: bool = False,
    source: str = "",
    progress: Progress | None = None,
) -> ImportReport:
    """Import one export file in one transaction; raise ``ObservationImportError`` with the
    row-level report when anything in it is wrong, and write nothing then.

    Importing the same file again updates changed figures and reports them; a dry run reports
    the same without writing. ``data`` is the file's bytes or the file itself, read as it is
    parsed and never past ``FIGURES_MAX_VALUES`` figures. Two imports of the same indicators
    are never written at once: the second is refused with ``ObservationImportBusy``."""
    report = ImportReport(filename=filename, dry_run=dry_run)
    forced = None
    if indicator_code:
        forced = Indicator.objects.filter(code=indicator_code).first()
        if forced is None:
            reason = _("unknown indicator code '%(code)s'") % {"code": indicator_code}
            report.add_error(Issue(0, "", reason))
            raise ObservationImportError(report)
    handle = binary(data)
    try:
        parsed = importers.read_file(
            handle, filename=filename, limit=settings.FIGURES_MAX_VALUES, progress=progress
        )
        report.kind = parsed.kind
        keyed = _resolve(parsed, report, forced)
    except importers.ImportFileError as exc:
        report.add_error(Issue(0, "", str(exc)))
        raise ObservationImportError(report) from exc
    if not keyed and report.ok:
        report.add_error(Issue(0, "", _("the file holds no figures")))
    if not report.ok:
        raise ObservationImportError(report)
    report.indicators = sorted({v[3].code for v in keyed.values()})
    report.areas = len({k[0] for k in keyed})
    if dry_run:
        _count_changes(keyed, report)
        return report
    digest = source[:300] or _sha256(handle)
    try:
        with transaction.atomic():
            if not try_advisory_locks(IMPORT_LOCK, {v[3].pk for v in keyed.values()}):
                raise _busy(report, report.indicators)
            # Compared inside the lock: what another import just wrote counts as stored.
            new, changed = _count_changes(keyed, report)
            _write_observations(
                actor=actor,
                kind=parsed.kind,
                filename=filename,
                digest=digest,
                report=report,
                new=new,
                changed=changed,
                keyed=keyed,
            )
    except OperationalError as exc:
        if is_database_locked(exc):  # SQLite waited for the other import, then gave up
            raise _busy(report, report.indicators) from exc
        raise
    return report


def _count_changes(keyed: dict[tuple, tuple], report: ImportReport) -> tuple[list, list]:
    new, changed = _diff(keyed, report)
    report.created, report.updated = len(new), len(changed)
    report.unchanged = len(keyed) - len(new) - len(changed)
    return new, changed


def _write_observations(
    *, actor, kind, filename, digest, report: ImportReport, new, changed, keyed
) -> None:
    batch = ImportBatch.objects.create(
        filename=filename[:255],
        kind=kind,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        source_note=digest,
        created=report.created,
        updated=report.updated,
        unchanged=report.unchanged,
        skipped=len(report.skipped),
    )
    now = timezone.now()
    for obs in new:
        obs.batch = batch
    for obs in changed:
        obs.batch, obs.updated_at = batch, now
    Observation.objects.bulk_create(new, batch_size=BATCH_SIZE)
    Observation.objects.bulk_update(
        changed, ["value", "flag", "batch", "updated_at"], batch_size=BATCH_SIZE
    )
    aggregates_refresh(indicator_ids=sorted({v[3].pk for v in keyed.values()}))
    report.batch_id = batch.pk
    batch.report = report.as_dict()
    batch.save(update_fields=["report"])
    record(
        actor=actor,
        action="observations.imported",
        target=batch,
        data={k: v for k, v in report.as_dict().items() if k not in ("changes", "skipped")},
    )


# --- Large uploads: the same import as a background job (docs/adr/0091) ----------------------

OBSERVATION_IMPORT_JOB = "figures"


def observations_import_job_start(*, actor, upload, indicator_code: str | None) -> ImportJob:
    """Hand a large export to the task worker: it runs the dry run there and the progress page
    shows its report, from which the import is confirmed."""
    from .tasks import observations_import_job

    job = import_job_create(
        actor=actor,
        kind=OBSERVATION_IMPORT_JOB,
        upload=upload,
        options={"dry_run": True, "indicator": indicator_code},
    )
    observations_import_job.enqueue(str(job.pk))
    return job


def observations_import_job_confirm(*, job: ImportJob) -> ImportJob:
    """Import for real, in the background, the file whose dry run the user just read."""
    from .tasks import observations_import_job

    job = import_job_confirm(job=job)
    observations_import_job.enqueue(str(job.pk))
    return job


def observations_import_job_run(*, job_id: str) -> str:
    """The worker's side of a large import; returns the job's final state."""
    return import_job_run(job_id=job_id, work=_observations_import_work)


def _observations_import_work(job: ImportJob, handle, progress) -> dict:
    try:
        report = observations_import(
            actor=job.created_by,
            filename=job.filename,
            data=handle,
            indicator_code=job.options.get("indicator"),
            dry_run=job.dry_run,
            progress=progress,
        )
    except ObservationImportError as exc:
        result = {**exc.report.as_dict(), "ok": False}
        raise ImportJobError([exc.report.summary()], result=result) from exc
    return {**report.as_dict(), "ok": True}


# --- Streaming import of a long CSV on PostgreSQL -------------------------------------------


def _temp_buffers(cursor) -> None:
    """Keep the staged rows of a big file in memory (8 MB by default, about 70 bytes a row).
    PostgreSQL only takes this before the session's first temporary table; a reused
    connection keeps the size it has."""
    try:
        with transaction.atomic():
            cursor.execute("SET LOCAL temp_buffers = '256MB'")
    except DatabaseError:
        pass


def _copy_header(path: Path) -> tuple[str, list[str]]:
    with path.open("rb") as handle:
        # The rows' encoding is checked by the database as they stream in.
        first = handle.readline().decode("utf-8-sig", errors="replace")
    delimiter = importers.sniff_delimiter(first)
    header = next(importers.csv.reader([first], delimiter=delimiter))
    return delimiter, [h.strip() for h in header]


#: The first line that ends the data of an export: a blank line (only delimiters, quotes and
#: spaces) or the start of the legend, source and "Datum export" footer. On bytes: the file
#: goes to the database as it is, which checks it is UTF-8.
_END_OF_DATA = re.compile(
    (r'^(?:[;,"\s]*$|[^\S\n]*"*(?:' + importers.FOOTER.pattern.lstrip("^") + "))").encode(),
    re.MULTILINE | re.IGNORECASE,
)


def _data_blocks(handle):
    """Stream the data lines in blocks of whole lines, up to a blank line or the export's
    footer. One regular-expression search per block rather than Python work per line: a
    million-line file streams at the speed of reading it."""
    handle.readline()
    while block := handle.read(1 << 20):
        if not block.endswith(b"\n"):
            block += handle.readline()
        end = _END_OF_DATA.search(block)
        # The empty position after the block's last newline is not a line of its own.
        if end is not None and end.start() < len(block):
            if end.start():
                yield block[: end.start()]
            return
        yield block


_NUMBER_SQL = r"^-?[0-9]+([.,][0-9]+)?\*?$"


def observations_import_copy(
    *,
    actor,
    path: Path,
    indicator_code: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """The same long-CSV import, streamed for big files on PostgreSQL: the lines go by COPY into
    a staging table, names and periods are matched once per distinct value, and one set-based
    upsert writes the figures. Memory stays flat whatever the file's size."""
    if connection.vendor != "postgresql":
        raise RuntimeError("The streaming import needs PostgreSQL.")
    report = ImportReport(filename=path.name, kind=ImportKind.LONG_CSV, dry_run=dry_run)
    delimiter, header = _copy_header(path)
    cols = importers._columns(header)
    missing = [role for role in ("area", "period", "value") if role not in cols]
    if missing or ("indicator" not in cols and not indicator_code):
        reason = (
            importers.missing_columns_reason(missing)
            if missing
            else _("the file names no indicator: choose one")
        )
        report.add_error(Issue(1, "", reason))
        raise ObservationImportError(report)
    dims = [d for d in importers.DIMENSION_HEADERS if d in cols]
    names = [f"c{i}" for i in range(len(header))]
    with transaction.atomic():
        cursor = connection.cursor()
        # The keys of a file (distinct area × period × indicator) are hashed in memory when
        # joined to its million rows, rather than both sides sorted (the planner's estimate
        # of the text keys favours a merge join that spills to disk).
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL enable_mergejoin = off")
        _temp_buffers(cursor)
        # ON COMMIT DROP does not help a caller that runs two imports in one transaction.
        cursor.execute(
            "DROP TABLE IF EXISTS obs_staging, obs_combo, obs_key, obs_area_map, obs_period_map, "
            "obs_indicator_map"
        )
        cursor.execute(
            "CREATE TEMP TABLE obs_staging (row_no bigserial, "
            + ", ".join(f"{n} text" for n in names)
            + ") ON COMMIT DROP"
        )
        copy_sql = (
            f"COPY obs_staging ({', '.join(names)}) FROM STDIN "
            f"WITH (FORMAT csv, DELIMITER '{delimiter}')"
        )
        raw_cursor = cursor.cursor
        try:
            with (
                report.timed("copy"),
                path.open("rb") as handle,
                raw_cursor.copy(copy_sql) as copy,
            ):
                for block in _data_blocks(handle):
                    copy.write(block)
        except Exception as exc:  # psycopg's DataError names the line of the file
            reason = str(exc).splitlines()[0]
            report.add_error(
                Issue(0, "", _("The file cannot be read: %(reason)s") % {"reason": reason})
            )
            raise ObservationImportError(report) from exc
        a, p, v = f"c{cols['area']}", f"c{cols['period']}", f"c{cols['value']}"
        i = f"c{cols['indicator']}" if "indicator" in cols else None
        labels = {
            role: header[cols[role]] for role in ("area", "period", "indicator") if role in cols
        }
        with report.timed("match"):
            total = _stage_maps(
                cursor, report, a=a, p=p, i=i, indicator_code=indicator_code, labels=labels
            )
        # Most cells are plain numbers: the untrimmed test settles them before any other work.
        with report.timed("check"):
            cursor.execute(
                f"SELECT row_no + 1, {v} FROM obs_staging WHERE {v} !~ %s AND "  # noqa: S608
                f"lower(trim({v})) NOT IN ('x','-','?','') AND trim({v}) !~ %s "
                f"ORDER BY row_no LIMIT {MAX_REPORTED}",
                [_NUMBER_SQL, _NUMBER_SQL],
            )
        for row_no, text in cursor.fetchall():
            report.add_error(
                Issue(
                    row_no,
                    header[cols["value"]],
                    _("'%(value)s' is not a number or a marker (x, -, ?)") % {"value": text},
                )
            )
        breakdown_sql = (
            "concat_ws(';', "
            + ", ".join(
                f"CASE WHEN trim(c{cols[d]}) <> '' THEN '{d.value}=' || trim(c{cols[d]}) END"
                for d in dims
            )
            + ")"
            if dims
            else "''"
        )
        if not report.ok:
            raise ObservationImportError(report)
        cursor.execute(
            "SELECT i.id, i.code FROM indicators_indicator i WHERE i.id IN "
            "(SELECT indicator_id FROM obs_indicator_map) ORDER BY i.code"
        )
        touched = cursor.fetchall()
        if not try_advisory_locks(IMPORT_LOCK, [pk for pk, _code in touched]):
            raise _busy(report, [code for _pk, code in touched])
        key_join = f"k.a_text = coalesce(s.{a}, '') AND k.p_text = coalesce(s.{p}, '') AND " + (
            f"k.i_text = coalesce(s.{i}, '')" if i else "k.i_text = ''"
        )
        ready_sql = (
            "SELECT s.row_no, k.area_id, k.indicator_id, k.period_start, k.existing, "  # noqa: S608
            f"{breakdown_sql} AS breakdown, "
            f"CASE WHEN lower(trim(s.{v})) IN ('x','-','?','') THEN NULL "
            f"WHEN s.{v} LIKE '%%,%%' THEN replace(replace(rtrim(trim(s.{v}),'*'),'.',''),',','.')"
            f"::numeric ELSE rtrim(trim(s.{v}),'*')::numeric END AS value, "
            f"CASE lower(trim(s.{v})) WHEN 'x' THEN 'suppressed' WHEN '-' THEN 'missing' "
            f"WHEN '?' THEN 'missing' WHEN '' THEN 'missing' ELSE "
            f"CASE WHEN trim(s.{v}) LIKE '%%*' THEN 'provisional' ELSE '' END END AS flag "
            f"FROM obs_staging s JOIN obs_key k ON {key_join}"
        )
        batch = ImportBatch.objects.create(
            filename=path.name[:255],
            kind=ImportKind.LONG_CSV,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        try:
            with transaction.atomic(), report.timed("write"):
                report.created, report.updated = _write_ready(cursor, ready_sql, batch.pk)
        except DatabaseError as exc:
            # Duplicates in the file make the upsert touch a row twice: find them for the report.
            cursor.execute(
                "SELECT (array_agg(row_no ORDER BY row_no))[2] + 1, min(row_no) + 1 "  # noqa: S608
                f"FROM ({ready_sql}) AS ready GROUP BY area_id, indicator_id, period_start, "
                f"breakdown HAVING count(*) > 1 ORDER BY 1 LIMIT {MAX_REPORTED}"
            )
            for row_no, first in cursor.fetchall():
                reason = _(
                    "duplicate of row %(row)s for the same area, period and disaggregation"
                ) % {"row": first}
                report.add_error(Issue(row_no, "", reason))
            if report.ok:
                raise
            raise ObservationImportError(report) from exc
        cursor.execute("SELECT count(DISTINCT area_id) FROM obs_area_map")
        (report.areas,) = cursor.fetchone()
        report.unchanged = total - report.created - report.updated
        cursor.execute(
            "SELECT DISTINCT i.code FROM obs_indicator_map m JOIN indicators_indicator i "
            "ON i.id = m.indicator_id ORDER BY 1"
        )
        report.indicators = [row[0] for row in cursor.fetchall()]
        report.batch_id = batch.pk
        batch.created, batch.updated, batch.unchanged = (
            report.created,
            report.updated,
            report.unchanged,
        )
        batch.skipped = len(report.skipped)
        batch.report = report.as_dict()
        batch.save()
        record(actor=actor, action="observations.imported", target=batch, data=batch.report)
        if dry_run:
            transaction.set_rollback(True)
            report.batch_id = None
        else:
            # Summing a million rows into the regions runs after the import, as a job.
            from .tasks import aggregates_refresh_task

            cursor.execute("SELECT indicator_id FROM obs_indicator_map")
            refreshed = sorted({row[0] for row in cursor.fetchall()})
            transaction.on_commit(lambda: aggregates_refresh_task.enqueue(refreshed))
    return report


_COLUMNS = "indicator_id, area_id, period_start, breakdown, value, flag, batch_id, updated_at"


def _copy_new(cursor, ready_sql: str, batch_id: int) -> None:
    """COPY the rows of keys the store does not hold yet out of the staging table and back in;
    the spool lives on disk, so memory stays flat whatever the file's size."""
    raw = cursor.cursor
    select = (
        "SELECT indicator_id, area_id, period_start, breakdown, value, flag, "  # noqa: S608
        f"{int(batch_id)}::bigint, now() FROM ({ready_sql}) AS ready WHERE NOT existing"
    ).replace("%%", "%")
    # Django's error classes for the raw COPY: a duplicate in the file is an IntegrityError.
    with connection.wrap_database_errors, tempfile.TemporaryFile() as spool:
        # Binary both ways: the types match the table's columns, nothing is printed or parsed.
        with raw.copy(f"COPY ({select}) TO STDOUT (FORMAT binary)") as out:
            for block in out:
                spool.write(block)
        spool.seek(0)
        with raw.copy(
            f"COPY indicators_observation ({_COLUMNS}) FROM STDIN (FORMAT binary)"
        ) as into:
            while block := spool.read(1 << 20):
                into.write(block)


def _write_ready(cursor, ready_sql: str, batch_id: int) -> tuple[int, int]:
    """Write the staged rows: (created, updated).

    A figure for an area, indicator and period the store does not hold yet goes in by COPY:
    the staged rows, resolved, are copied out to a spool file and copied back into the table,
    which PostgreSQL writes in batches of rows (an ``INSERT … SELECT`` writes and logs them one
    by one, about 40 % slower on a big table). Only the periods already there go through
    ``ON CONFLICT``, whose speculative insertion costs about two and a half times a plain
    insert. A new month of figures is the usual import, so it takes the fast path."""
    created = updated = 0
    cursor.execute(
        "SELECT bool_or(existing), coalesce(sum(n) FILTER (WHERE NOT existing), 0) FROM obs_key"
    )
    some_existing, new_rows = cursor.fetchone()
    if new_rows:
        _copy_new(cursor, ready_sql, batch_id)
        created = int(new_rows)
    if some_existing:
        cursor.execute(
            f"WITH up AS (INSERT INTO indicators_observation ({_COLUMNS}) "  # noqa: S608
            "SELECT indicator_id, area_id, period_start, breakdown, value, flag, %s, now() "
            f"FROM ({ready_sql}) AS ready WHERE existing "
            "ON CONFLICT (area_id, indicator_id, period_start, breakdown) DO UPDATE SET "
            "value = EXCLUDED.value, flag = EXCLUDED.flag, batch_id = EXCLUDED.batch_id, "
            "updated_at = EXCLUDED.updated_at WHERE indicators_observation.value IS DISTINCT "
            "FROM EXCLUDED.value OR indicators_observation.flag <> EXCLUDED.flag "
            "RETURNING (xmax = 0) AS inserted) "
            "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM up",
            [batch_id],
        )
        more, updated = cursor.fetchone()
        created += more
    return created, updated


def _stage_maps(
    cursor, report: ImportReport, *, a: str, p: str, i, indicator_code, labels: dict[str, str]
) -> int:
    """Match each distinct area, period and indicator text once, in Python, into small maps,
    and key every distinct (area, period, indicator) of the file to stored ids, marking those
    the store already holds figures for (``obs_key``). Returns the number of rows of a matched
    area: the rows the import writes or keeps."""
    i_text = f"coalesce({i}, '')" if i else "''"
    # One pass over the staged rows; the maps below read the (much smaller) distinct keys.
    cursor.execute(
        "CREATE TEMP TABLE obs_combo ON COMMIT DROP AS SELECT "  # noqa: S608
        f"coalesce({a}, '') AS a_text, coalesce({p}, '') AS p_text, {i_text} AS i_text, "
        "min(row_no) + 1 AS first_row, count(*) AS n FROM obs_staging GROUP BY 1, 2, 3"
    )
    cursor.execute("ANALYZE obs_combo")
    cursor.execute("CREATE TEMP TABLE obs_period_map (text text, day date) ON COMMIT DROP")
    cursor.execute("SELECT p_text, min(first_row) FROM obs_combo GROUP BY p_text")
    periods = []
    for text, row_no in cursor.fetchall():
        try:
            periods.append((text, importers.parse_period(text)))
        except ValueError as exc:
            report.add_error(Issue(row_no, labels["period"], str(exc)))
    _insert_map(cursor, "obs_period_map", periods)
    cursor.execute("CREATE TEMP TABLE obs_area_map (text text, area_id bigint) ON COMMIT DROP")
    cursor.execute(
        "SELECT a_text, min(p_text), min(first_row), sum(n) FROM obs_combo GROUP BY a_text"
    )
    resolver = AreaResolver()
    areas = []
    total = 0
    for text, period, row_no, count in cursor.fetchall():
        if importers.NON_MUNICIPAL.match(name_key(text)):
            report.skipped.append(
                {
                    "row": row_no,
                    "column": labels["area"],
                    "reason": importers.not_a_municipality_reason(text),
                }
            )
            areas.append((text, None))
            continue
        try:
            day = importers.parse_period(period)
        except ValueError:
            day = timezone.localdate()
        area = resolver.resolve(text, day)
        if area is None:
            reason = _("'%(name)s' matches no area name or NIS code") % {"name": text}
            report.add_error(Issue(row_no, labels["area"], reason))
        areas.append((text, area.pk if area else None))
        total += int(count) if area else 0
    _insert_map(cursor, "obs_area_map", areas)
    cursor.execute(
        "CREATE TEMP TABLE obs_indicator_map (text text, indicator_id bigint) ON COMMIT DROP"
    )
    forced = Indicator.objects.filter(code=indicator_code).first() if indicator_code else None
    if indicator_code and forced is None:
        reason = _("unknown indicator code '%(code)s'") % {"code": indicator_code}
        report.add_error(Issue(0, "", reason))
        return total
    if i is None:
        _insert_map(cursor, "obs_indicator_map", [("", forced.pk)])
    else:
        indicators = IndicatorResolver(forced)
        cursor.execute("SELECT i_text, min(first_row) FROM obs_combo GROUP BY i_text")
        found = []
        for text, row_no in cursor.fetchall():
            indicator = indicators.resolve(text)
            if indicator is None:
                reason = _("unknown indicator '%(name)s'") % {"name": text}
                report.add_error(Issue(row_no, labels["indicator"], reason))
            else:
                found.append((text, indicator.pk))
        _insert_map(cursor, "obs_indicator_map", found)
    if report.ok:
        cursor.execute(
            "CREATE TEMP TABLE obs_key ON COMMIT DROP AS SELECT c.a_text, c.p_text, c.i_text, "
            "c.n, am.area_id, im.indicator_id, pm.day AS period_start, EXISTS (SELECT 1 FROM "
            "indicators_observation o WHERE o.area_id = am.area_id AND o.indicator_id = "
            "im.indicator_id AND o.period_start = pm.day) AS existing FROM obs_combo c "
            "JOIN obs_area_map am ON am.text = c.a_text "
            "JOIN obs_period_map pm ON pm.text = c.p_text "
            "JOIN obs_indicator_map im ON im.text = c.i_text WHERE am.area_id IS NOT NULL"
        )
        cursor.execute("ANALYZE obs_key")
    return total


def _insert_map(cursor, table: str, rows: list[tuple]) -> None:
    if rows:
        with cursor.cursor.copy(f"COPY {table} FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    cursor.execute(f"ANALYZE {table}")


# --- Derived totals of groups (DHIS2's analytics tables, in small) -------------------------


def aggregates_refresh(*, indicator_ids: list[int] | None = None) -> int:
    """Sum the counts of every group and reference region over its member municipalities into
    derived rows, so a region answers as fast as a municipality. Rates are never summed; a
    figure published for the group itself always wins over the sum. A sum over members of
    which some are unknown is flagged as an estimate."""
    indicators = Indicator.objects.filter(unit__in=SUMMABLE_UNITS, numerator__isnull=True)
    if indicator_ids is not None:
        indicators = indicators.filter(pk__in=indicator_ids)
    ids = list(indicators.values_list("pk", flat=True))
    groups = list(
        Area.objects.filter(kind__in=[AreaKind.GROUP, AreaKind.REFERENCE_REGION]).values_list(
            "pk", flat=True
        )
    )
    if not ids or not groups:
        return 0
    with transaction.atomic(), connection.cursor() as cursor:
        Observation.objects.filter(derived=True, indicator_id__in=ids)._raw_delete(
            Observation.objects.db
        )
        id_list = ", ".join(str(int(pk)) for pk in ids)
        group_list = ", ".join(str(int(pk)) for pk in groups)
        cursor.execute(
            "INSERT INTO indicators_observation (indicator_id, area_id, period_start, "  # noqa: S608
            "breakdown, value, flag, batch_id, updated_at, derived) "
            "SELECT g.indicator_id, g.area_id, g.period_start, g.breakdown, g.total, "
            "CASE WHEN g.known < g.members THEN 'estimate' ELSE '' END, g.batch_id, "
            "g.updated_at, %s FROM (SELECT o.indicator_id, m.from_area_id AS area_id, "
            "o.period_start, o.breakdown, SUM(o.value) AS total, COUNT(o.value) AS known, "
            "(SELECT COUNT(*) FROM geography_area_members c WHERE c.from_area_id = "
            "m.from_area_id) AS members, MAX(o.batch_id) AS batch_id, "
            "MAX(o.updated_at) AS updated_at FROM indicators_observation o "
            "JOIN geography_area_members m ON m.to_area_id = o.area_id "
            f"WHERE m.from_area_id IN ({group_list}) AND o.indicator_id IN ({id_list}) "
            "AND o.derived = %s GROUP BY o.indicator_id, m.from_area_id, o.period_start, "
            "o.breakdown) AS g WHERE NOT EXISTS (SELECT 1 FROM indicators_observation p "
            "WHERE p.area_id = g.area_id AND p.indicator_id = g.indicator_id AND "
            "p.period_start = g.period_start AND p.breakdown = g.breakdown)",
            [True, False],
        )
        return cursor.rowcount


# --- Targets ------------------------------------------------------------------------------


#: The oldest series in the indicator set start in 2000; agreements plan a term ahead.
FIRST_TARGET_YEAR = 2000
TARGET_YEARS_AHEAD = 10


def target_years() -> range:
    """The years a target can be set for: from 2000 up to ten years from now."""
    return range(FIRST_TARGET_YEAR, timezone.localdate().year + TARGET_YEARS_AHEAD + 1)


def _target_errors(*, indicator: Indicator, year: int, value: Decimal) -> dict[str, list]:
    errors: dict[str, list] = {}
    years = target_years()
    if year not in years:
        errors["year"] = [
            _("Choose a year from %(first)s to %(last)s.") % {"first": years[0], "last": years[-1]}
        ]
    if not value.is_finite():
        errors["value"] = [_("Enter a number.")]
    elif value < 0:
        errors["value"] = [_("A target cannot be negative.")]
    elif indicator.unit == Unit.PERCENTAGE and value > 100:
        errors["value"] = [_("A percentage lies between 0 and 100.")]
    return errors


def target_set(
    *,
    actor,
    indicator: Indicator,
    area: Area,
    year: int,
    value: Decimal,
    action=None,
    note: str = "",
    source: str = "",
) -> Target:
    """Set what the partners aim for on an indicator in an area for a year (Action 1.2 aims at
    fewer young job seekers). There is one target per indicator, area and year: setting it
    again changes it. The action that pursues a target follows its indicator from then on.

    No target is negative, a percentage lies between 0 and 100 and the year between 2000
    and ten years ahead; anything else raises ``ValidationError`` per field."""
    try:
        value = Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError({"value": [_("Enter a number.")]}) from exc
    errors = _target_errors(indicator=indicator, year=year, value=value)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = (
            Target.objects.filter(indicator=indicator, area=area, year=year)
            .values("value", "action__code", "note")
            .first()
        )
        target, created = Target.objects.update_or_create(
            indicator=indicator,
            area=area,
            year=year,
            defaults={"value": value, "action": action, "note": note},
        )
        if action is not None:
            indicator.actions.add(action)
        data = {"value": str(value), "action": action.code if action else None, "note": note}
        if before is not None:
            data["before"] = {
                "value": str(before["value"]),
                "action": before["action__code"],
                "note": before["note"],
            }
        record(
            actor=actor,
            action="target.created" if created else "target.updated",
            target=target,
            data=data,
            source=source,
        )
    return target


def target_delete(*, actor, target: Target, source: str = "") -> None:
    """Remove a target; the audit trail keeps what it was. The indicator stays linked to the
    action: it may be followed without a target."""
    with transaction.atomic():
        record(
            actor=actor,
            action="target.deleted",
            target=target,
            data={
                "indicator": target.indicator.code,
                "area": target.area.code,
                "year": target.year,
                "value": str(target.value),
                "action": target.action.code if target.action else None,
                "note": target.note,
            },
            source=source,
        )
        target.delete()


# --- Own registrations ---------------------------------------------------------------------


def own_registrations_refresh(*, actor=None, start: dt.date, end: dt.date) -> ImportReport:
    """Store the figures other modules publish through ``registry.publish()`` as indicators and
    observations with the source "own registration" (principle 10)."""
    from .registry import published

    report = ImportReport(filename="own-registrations", kind=ImportKind.OWN_REGISTRATION)
    flanders = Area.objects.get(code="02000")
    group = Area.objects.filter(kind=AreaKind.GROUP).order_by("pk").first()
    areas = {a.code: a for a in Area.objects.filter(kind=AreaKind.MUNICIPALITY)}
    with transaction.atomic():
        for registration in published():
            indicator = indicator_ensure(
                code=registration.code,
                name_nl=registration.name_nl,
                name_en=registration.name_en,
                unit=registration.unit,
                periodicity=registration.periodicity,
                source=Source.OWN_REGISTRATION,
            )
            if registration.description and not indicator.definition:
                Indicator.objects.filter(pk=indicator.pk).update(
                    definition=registration.description
                )
            report.indicators.append(indicator.code)
            for own in registration.compute(start, end):
                area = areas.get(own.nis_code) if own.nis_code else (group or flanders)
                if area is None:
                    reason = _("unknown NIS code %(code)s") % {"code": own.nis_code}
                    report.add_error(Issue(0, registration.code, reason))
                    continue
                breakdown = importers.breakdown_key(dict(own.disaggregation))
                # Not "_": that name is gettext in this module.
                _observation, created = Observation.objects.update_or_create(
                    indicator=indicator,
                    area=area,
                    period_start=own.period_start,
                    breakdown=breakdown,
                    defaults={"value": Decimal(own.value), "flag": Flag.NONE},
                )
                if created:
                    report.created += 1
                else:
                    report.updated += 1
        if not report.ok:
            transaction.set_rollback(True)
            raise ObservationImportError(report)
        aggregates_refresh(
            indicator_ids=list(
                Indicator.objects.filter(code__in=report.indicators).values_list("pk", flat=True)
            )
        )
        record(actor=actor, action="own_registrations.refreshed", data=report.as_dict())
    return report
