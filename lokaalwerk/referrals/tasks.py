"""Background jobs: mail for the in-app inbox, expiry, retention and pop-up reminders.

Run them from the scheduler (cron or a systemd timer) with ``lokaalwerk apply-retention`` and
``lokaalwerk referral-jobs``, or enqueue the tasks; ``lokaalwerk db_worker`` executes them.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django_tasks import task


@task()
def inbox_message_mail(message_id: int) -> None:
    """Mail the recipient that there is a message; the message itself holds no client data."""
    from .models import InboxMessage

    message = InboxMessage.objects.select_related("recipient").filter(pk=message_id).first()
    if message is None or not message.recipient.email:
        return
    send_mail(
        subject=message.subject,
        message=message.body or message.subject,
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[message.recipient.email],
    )


@task()
def apply_retention() -> int:
    from .services import retention_apply

    return retention_apply()


@task()
def daily_jobs() -> dict[str, int]:
    from .services import popup_reminders_send, referrals_expire

    return {"expired": referrals_expire(), "reminders": popup_reminders_send()}
