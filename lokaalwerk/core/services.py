"""Imports that run as background jobs: an uploaded file is kept, a task of the app that owns
the import reads it, and a progress page follows it (docs/adr/0091).

The import itself stays the app's service, which writes its own audit row; these functions only
keep the job's record: queued, running with the rows read so far, then done with the report
or refused with the reasons, in the language of the person who uploaded the file.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
import uuid
from collections.abc import Callable
from pathlib import PurePath
from typing import Any

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import ImportJob, ImportJobState

logger = logging.getLogger(__name__)

#: A kept file of a dry run nobody confirmed is deleted after this long; the record after a week.
KEEP_FILE = dt.timedelta(days=1)
KEEP_RECORD = dt.timedelta(days=7)
#: The rows read are written at most this often (seconds): the page polls, the import reads.
PROGRESS_INTERVAL = 0.5


class ImportJobError(Exception):
    """The import refused the file: ``reasons`` say why in the user's language, ``result`` holds
    the import's report (rows and reasons) when it has one."""

    def __init__(self, reasons: list[str], result: dict | None = None):
        self.reasons = [str(reason) for reason in reasons]
        self.result = result
        super().__init__("; ".join(self.reasons))


def import_job_create(*, actor, kind: str, upload, options: dict | None = None) -> ImportJob:
    """Keep an uploaded file for an import the task worker runs. The file is copied to storage
    as it came (a large upload is moved, never read into memory) under a random name."""
    _purge_old()
    extension = PurePath(upload.name).suffix.lower()[:10]
    job = ImportJob(
        kind=kind,
        created_by=actor,
        filename=upload.name[:255],
        size=upload.size or 0,
        options=options or {},
        language=translation.get_language() or "nl-be",
    )
    job.file.save(f"{uuid.uuid4().hex}{extension}", upload, save=False)
    job.save()
    return job


def import_job_confirm(*, job: ImportJob) -> ImportJob:
    """Run a dry run that went well again, for real, on the same file."""
    if not job.can_confirm:
        raise ImportJobError([_("This import cannot be confirmed (any more): upload it again.")])
    updated = ImportJob.objects.filter(pk=job.pk, state=ImportJobState.DONE).update(
        state=ImportJobState.QUEUED,
        options={**job.options, "dry_run": False},
        rows_read=0,
        result=None,
        errors=[],
        started_at=None,
        finished_at=None,
        updated_at=timezone.now(),
    )
    if not updated:  # confirmed twice at once: the first one runs it
        raise ImportJobError([_("This import cannot be confirmed (any more): upload it again.")])
    job.refresh_from_db()
    return job


Work = Callable[[ImportJob, Any, Callable[[int], None]], dict]


def import_job_run(*, job_id: str, work: Work) -> str:
    """Run a queued job: ``work(job, file, progress)`` reads the kept file, calls the app's
    import and returns its report as plain data; it raises ``ImportJobError`` when the import
    refuses the file. Returns the job's final state. A job that already ran is left alone, so a
    task delivered twice imports once."""
    claimed = ImportJob.objects.filter(pk=job_id, state=ImportJobState.QUEUED).update(
        state=ImportJobState.RUNNING, started_at=timezone.now(), updated_at=timezone.now()
    )
    job = ImportJob.objects.get(pk=job_id)
    if not claimed:
        return job.state
    progress = _ProgressWriter(job)
    state, result, reasons = ImportJobState.FAILED, None, []
    with translation.override(job.language):
        try:
            with job.file.open("rb") as handle:
                result = work(job, handle, progress)
            state = ImportJobState.DONE
        except ImportJobError as exc:
            reasons, result = exc.reasons, exc.result
        except Exception:
            logger.exception("Import job %s failed", job.pk)
            reasons = [_("The import stopped on an unexpected error; nothing was written.")]
    keep_file = state == ImportJobState.DONE and job.dry_run
    if not keep_file and job.file:
        job.file.delete(save=False)
    ImportJob.objects.filter(pk=job.pk).update(
        state=state,
        result=result,
        errors=reasons,
        file=job.file.name if keep_file else "",
        finished_at=timezone.now(),
        updated_at=timezone.now(),
        **({"rows_read": progress.rows} if progress.rows else {}),
    )
    return state


class _ProgressWriter:
    """Write the rows read so far, at most every ``PROGRESS_INTERVAL`` seconds, in autocommit:
    the reading happens before the import's transaction, so the page sees it at once."""

    def __init__(self, job: ImportJob):
        self.job_id = job.pk
        self.rows = 0
        self.written = 0.0

    def __call__(self, rows: int) -> None:
        self.rows = rows
        now = time.monotonic()
        if now - self.written < PROGRESS_INTERVAL:
            return
        self.written = now
        ImportJob.objects.filter(pk=self.job_id).update(rows_read=rows, updated_at=timezone.now())


def _purge_old() -> None:
    """Delete the kept files of dry runs nobody confirmed, and old job records."""
    now = timezone.now()
    stale = ImportJob.objects.filter(updated_at__lt=now - KEEP_FILE).exclude(file="")
    for job in stale:
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk).update(file="")
    with transaction.atomic():
        ImportJob.objects.filter(created_at__lt=now - KEEP_RECORD).delete()
