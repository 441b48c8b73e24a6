"""Background jobs of Part IV: mailing invitations, updates and cancellations."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks import task


@task()
def send_meeting_messages(*, meeting_id: int, method: str, invitation_ids: list[int]) -> int:
    """Mail every invitee an iCalendar message (REQUEST or CANCEL) for the meeting.

    Each message carries the whole attendee list, as calendars expect of the organiser."""
    from .calendar import invitation_ics
    from .models import Invitation, Meeting

    meeting = Meeting.objects.select_related("body__convenor", "created_by").get(pk=meeting_id)
    invitations = list(meeting.invitations.select_related("member"))
    ics = invitation_ics(meeting, invitations, method)
    recipients = [i for i in invitations if i.pk in set(invitation_ids)]
    sent = 0
    with translation.override(settings.LANGUAGE_CODE):
        context = {"meeting": meeting, "cancelled": method == "CANCEL"}
        subject = render_to_string("governance/mail/invitation_subject.txt", context).strip()
        body = render_to_string("governance/mail/invitation_body.txt", context)
    for invitation in recipients:
        message = EmailMessage(
            subject=subject,
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[invitation.email],
        )
        message.attach("invite.ics", ics, f"text/calendar; method={method}; charset=UTF-8")
        message.send()
        sent += 1
    Invitation.objects.filter(pk__in=[i.pk for i in recipients]).update(
        sent_sequence=meeting.sequence, sent_at=timezone.now()
    )
    return sent
