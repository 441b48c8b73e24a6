"""An append-only record of who did or read what, and when."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Audit events are append-only.")

    def delete(self):
        raise PermissionError("Audit events are append-only.")


class _AppendOnlyModel(models.Model):
    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events are append-only.")


class AuditEvent(_AppendOnlyModel):
    occurred_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    action = models.CharField(_("what"), max_length=100, db_index=True)
    target_type = models.CharField(_("record type"), max_length=100, blank=True)
    target_id = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    target_repr = models.CharField(_("record name"), max_length=300, blank=True)
    source = models.CharField(_("page or endpoint"), max_length=300, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class AuditSubject(_AppendOnlyModel):
    """A record an event showed or concerned besides its target: each client a list or a
    drop-down named. A person's audit log finds every such read through this index, on
    SQLite and PostgreSQL alike, where a search inside ``data`` could not use one."""

    event = models.ForeignKey(
        AuditEvent, verbose_name=_("event"), on_delete=models.PROTECT, related_name="subjects"
    )
    subject_type = models.CharField(_("record type"), max_length=100)
    subject_id = models.CharField(_("record"), max_length=64)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("audit subject")
        verbose_name_plural = _("audit subjects")
        # With the event last, a person's log is read from the index alone.
        indexes = [
            models.Index(
                fields=["subject_type", "subject_id", "event"], name="audit_subject_lookup"
            )
        ]

    def __str__(self) -> str:
        return f"{self.subject_type} {self.subject_id}"
