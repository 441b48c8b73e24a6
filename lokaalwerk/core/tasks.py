"""Background jobs shared by every app, run by `lokaalwerk db_worker`."""

from __future__ import annotations

from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(
    *,
    subject: str,
    body: str,
    to: list[str],
    attachments: list[tuple[str, str, str]] | None = None,
) -> int:
    """Send one e-mail; attachments are (filename, content, mimetype). Returns the number sent.

    Services enqueue it with ``transaction.on_commit`` so that nothing is mailed for a change
    that was rolled back."""
    message = EmailMessage(subject=subject, body=body, to=to)
    for filename, content, mimetype in attachments or []:
        message.attach(filename, content, mimetype)
    return message.send()
