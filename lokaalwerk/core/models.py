"""A shared base model with creation and change times, and the record of an import that runs
as a background job."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


def import_storage():
    """Kept uploads live outside MEDIA_ROOT: no route serves them, only their import reads
    them. The web process and the task worker share ``LOKAALWERK_VAR_DIR``."""
    from django.core.files.storage import FileSystemStorage

    return FileSystemStorage(location=settings.VAR_DIR / "private" / "imports")


class ImportJobState(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Reading the file")
    DONE = "done", pgettext_lazy("import job", "Finished")
    FAILED = "failed", _("Refused")


class ImportJob(TimeStampedModel):
    """An uploaded file read and imported by the task worker rather than inside the request,
    with how far it got and, at the end, the import's report or the reasons it was refused.

    One job keeps one file: a dry run that went well can be confirmed, which runs the same file
    again for real. The file is deleted once the import is written or refused."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=40)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="import_jobs",
        verbose_name=_("uploaded by"),
    )
    filename = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), storage=import_storage, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    options = models.JSONField(_("options"), default=dict, blank=True)
    language = models.CharField(_("language"), max_length=10, default="nl-be")
    state = models.CharField(
        _("state"), max_length=10, choices=ImportJobState.choices, default=ImportJobState.QUEUED
    )
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    result = models.JSONField(_("result"), null=True, blank=True)
    errors = models.JSONField(_("reasons"), default=list, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind}: {self.filename}"

    @property
    def in_progress(self) -> bool:
        return self.state in (ImportJobState.QUEUED, ImportJobState.RUNNING)

    @property
    def dry_run(self) -> bool:
        return bool(self.options.get("dry_run"))

    @property
    def can_confirm(self) -> bool:
        """A dry run that went well, its file still kept, can be imported for real."""
        return (
            self.state == ImportJobState.DONE
            and self.dry_run
            and bool(self.file)
            and bool((self.result or {}).get("ok"))
        )
