"""Writing the audit trail: explicit calls from services, never through signals."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models, transaction

from .models import AuditEvent, AuditSubject


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    source: str = "",
    subjects: Iterable[models.Model] = (),
) -> AuditEvent:
    """Append one event: who (``actor``), what (``action``, e.g. "agreement.imported"), on which
    record, from which page or endpoint, with before/after details in ``data``. ``subjects``
    are the other records the event showed or concerned (each client a list named), linked
    one row each so that a person's log finds the event."""
    links = {(s._meta.label_lower, str(s.pk)) for s in subjects if s is not None}
    values = {
        "actor": actor if getattr(actor, "is_authenticated", False) else None,
        "action": action,
        "target_type": target._meta.label_lower if target is not None else "",
        "target_id": str(target.pk) if target is not None else "",
        "target_repr": str(target)[:300] if target is not None else "",
        "source": source[:300],
        "data": data or {},
    }
    if not links:
        return AuditEvent.objects.create(**values)
    with transaction.atomic():
        event = AuditEvent.objects.create(**values)
        AuditSubject.objects.bulk_create(
            AuditSubject(event=event, subject_type=kind, subject_id=pk)
            for kind, pk in sorted(links)
        )
    return event
