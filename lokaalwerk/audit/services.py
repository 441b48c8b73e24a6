"""Writing the audit trail: explicit calls from services, never through signals."""

from __future__ import annotations

from typing import Any

from django.db import models

from .models import AuditEvent


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    data: dict[str, Any] | None = None,
    source: str = "",
) -> AuditEvent:
    """Append one event: who (``actor``), what (``action``, e.g. "agreement.imported"), on which
    record, from which page or endpoint, with before/after details in ``data``."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        source=source[:300],
        data=data or {},
    )
