"""Background jobs for results: reminding owners before their update is due and when overdue.

Phantom owners are the known failure of action plans; a reminder before the due date and
another once it has passed keeps the owner answerable. Run daily from cron with
``lokaalwerk send-progress-reminders``.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task


def reminders_due(*, today: dt.date) -> list[tuple]:
    """(owner, period, kind) for every reminder that should go out today and has not yet.

    Before: the period's due date is within ``RESULTS_REMINDER_DAYS_BEFORE`` days. Overdue: the due
    date of the agreement's latest past period has passed. Only owners without an
    update for the period are reminded."""
    from .constants import ApprovalState, ReminderKind
    from .models import ActionOwner, ProgressUpdate, ReminderSent, ReportingPeriod

    periods = list(
        ReportingPeriod.objects.filter(
            start_date__lte=today,
            due_date__gte=today - dt.timedelta(days=90),
            due_date__lte=today + dt.timedelta(days=settings.RESULTS_REMINDER_DAYS_BEFORE),
        ).select_related("agreement")
    )
    latest_past: dict[int, ReportingPeriod] = {}
    for period in periods:
        if period.due_date < today:
            known = latest_past.get(period.agreement_id)
            if known is None or known.due_date < period.due_date:
                latest_past[period.agreement_id] = period
    # Only the last period past its due date is chased; older gaps are the coordinators' list.
    periods = [p for p in periods if p.due_date >= today or latest_past[p.agreement_id] == p]
    if not periods:
        return []
    owners = list(
        ActionOwner.objects.filter(
            active=True, action__agreement__in={p.agreement_id for p in periods}
        )
        .exclude(user__email="")
        .select_related("user", "action__agreement")
    )
    done = set(
        ProgressUpdate.objects.filter(period__in=periods)
        .exclude(approval=ApprovalState.REJECTED)
        .values_list("action_id", "period_id")
    )
    sent = set(
        ReminderSent.objects.filter(period__in=periods).values_list("owner_id", "period_id", "kind")
    )
    due = []
    for period in periods:
        kind = ReminderKind.OVERDUE if period.due_date < today else ReminderKind.BEFORE_DUE
        for owner in owners:
            if owner.action.agreement_id != period.agreement_id:
                continue
            if (owner.action_id, period.pk) in done or (owner.pk, period.pk, kind) in sent:
                continue
            due.append((owner, period, kind))
    return due


@task()
def send_progress_reminders(*, today: str | None = None) -> int:
    """Mail each owner whose update is due soon or overdue; each reminder goes out once."""
    from .models import ReminderSent

    day = dt.date.fromisoformat(today) if today else timezone.localdate()
    sent = 0
    for owner, period, kind in reminders_due(today=day):
        try:
            with transaction.atomic():
                ReminderSent.objects.create(owner=owner, period=period, kind=kind)
                with translation.override(settings.LANGUAGE_CODE):
                    context = {
                        "owner": owner,
                        "action": owner.action,
                        "period": period,
                        "overdue": kind == "overdue",
                        "site_url": settings.RESULTS_SITE_URL,
                    }
                    subject = render_to_string("results/mail/reminder_subject.txt", context).strip()
                    body = render_to_string("results/mail/reminder_body.txt", context)
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [owner.user.email])
        except IntegrityError:
            continue  # another run sent it in the meantime
        sent += 1
    return sent
