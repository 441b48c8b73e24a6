"""Writing account security events: lockouts, lifting them, API tokens.

Every lockout and every lifted lockout is in the audit log, so the data protection officer and
the administrators can see who was locked out, from which address, and who let them back in.
"""

from __future__ import annotations

from axes.models import AccessAttempt
from django.db import transaction
from django.db.models import QuerySet
from rest_framework.authtoken.models import Token

from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.audit.services import record

from .models import User


def lockout_record(
    *,
    username: str,
    address: str,
    failures_for_username: int,
    failures_from_address: int,
    source: str,
) -> AuditEvent:
    """A sign-in lockout started. Nobody is signed in, so the event has no actor; it names the
    account when the username exists and always the username and address tried."""
    with transaction.atomic():
        return record(
            actor=None,
            action="account.locked_out",
            target=User.objects.filter(username=username).first() if username else None,
            data={
                "username": username,
                "address": address,
                "failures_for_username": failures_for_username,
                "failures_from_address": failures_from_address,
            },
            source=source,
        )


def lockout_lift(*, actor: User, attempts: QuerySet[AccessAttempt], source: str) -> int:
    """An administrator lets people try again: the failed attempts are removed and each removal
    is recorded with the username and address it concerned. Returns how many were removed."""
    with transaction.atomic():
        rows = list(attempts.select_for_update())
        accounts = {
            user.username: user
            for user in User.objects.filter(username__in={row.username for row in rows})
        }
        for row in rows:
            record(
                actor=actor,
                action="account.lockout_lifted",
                target=accounts.get(row.username),
                data={
                    "username": row.username or "",
                    "address": row.ip_address or "",
                    "failures": row.failures_since_start,
                },
                source=source,
            )
        AccessAttempt.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def api_token_issue(*, user: User, source: str) -> Token:
    """An API client signed in with a password and receives the person's API token (the
    existing one, or a new one)."""
    with transaction.atomic():
        token, created = Token.objects.get_or_create(user=user)
        record(
            actor=user,
            action="account.api_token_issued",
            target=user,
            data={"new": created},
            source=source,
        )
    return token
