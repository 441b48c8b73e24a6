"""Writing Part IV: members, meetings, invitations, minutes, decisions, follow-ups, the pack.

Rules from the agreement (Part IV): the convening organisation invites (the city for the
political "Stuurgroep Activering", VDAB for the "Stuurgroep stad Mechelen - VDAB"); the city–VDAB
steering group decides on adjustments of the action plan, and such a decision is linked to the
plan changes it caused. Every invitation, change and cancellation reaches the invitees' calendars
as an iCalendar message; mail leaves after the transaction commits.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lokaalwerk.agreements.models import Action
from lokaalwerk.agreements.services import action_update
from lokaalwerk.audit.services import record

from .constants import DecisionKind, FollowUpStatus, MeetingStatus, MemberRole, Reply
from .integration import reporting_periods_follow
from .models import (
    AgendaItem,
    Body,
    BodyMember,
    CalendarFeedToken,
    Decision,
    FollowUp,
    Invitation,
    Meeting,
)
from .tasks import send_meeting_messages


@dataclass
class MeetingResult:
    meeting: Meeting
    warnings: list[str] = field(default_factory=list)


def body_member_add(
    *,
    actor,
    body: Body,
    person_name: str,
    organisation,
    function: str = "",
    role: str = MemberRole.MEMBER,
    email: str = "",
    user=None,
    is_public_official: bool = False,
    source: str = "",
) -> BodyMember:
    """Add a person to a body; every member sits on behalf of an organisation (Part IV)."""
    errors: dict[str, str] = {}
    if not person_name.strip():
        errors["person_name"] = _("Give the person's name.")
    if organisation is None:
        errors["organisation"] = _("A member sits on behalf of an organisation; choose one.")
    if role not in MemberRole.values:
        errors["role"] = _("Unknown role.")
    if (
        not errors
        and BodyMember.objects.filter(
            body=body, person_name=person_name.strip(), organisation=organisation
        ).exists()
    ):
        errors["person_name"] = _("This person is already a member for this organisation.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        member = BodyMember.objects.create(
            body=body,
            person_name=person_name.strip(),
            organisation=organisation,
            function=function,
            role=role,
            email=email,
            user=user,
            is_public_official=is_public_official,
        )
        record(
            actor=actor,
            action="body_member.added",
            target=member,
            source=source,
            data={"body": body.pk, "role": role},
        )
    return member


def _validate_times(starts_at: dt.datetime, ends_at: dt.datetime) -> None:
    if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
        raise ValueError("Meeting times must be aware datetimes.")
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The meeting ends before it starts.")})


def _period_warnings(body: Body, starts_at: dt.datetime) -> list[str]:
    agreement = body.agreement
    day = timezone.localtime(starts_at).date()
    if agreement.start_date <= day <= agreement.effective_end():
        return []
    return [
        _("This meeting falls outside the agreement's period (%(start)s – %(end)s).")
        % {"start": agreement.start_date, "end": agreement.effective_end()}
    ]


def meeting_plan(
    *,
    actor,
    body: Body,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str = "",
    online_url: str = "",
    source: str = "",
) -> MeetingResult:
    """Plan a meeting. A meeting outside the agreement's period is allowed with a warning.

    A meeting of the city–VDAB steering group also re-derives the agreement's reporting
    periods, which by default run up to each of its meetings (also on moving or cancelling)."""
    _validate_times(starts_at, ends_at)
    if not location.strip() and not online_url.strip():
        raise ValidationError({"location": _("Give a place or an online link.")})
    with transaction.atomic():
        meeting = Meeting.objects.create(
            body=body,
            starts_at=starts_at,
            ends_at=ends_at,
            location=location.strip(),
            online_url=online_url.strip(),
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        record(actor=actor, action="meeting.planned", target=meeting, source=source)
        reporting_periods_follow(body=body, actor=actor)
    return MeetingResult(meeting, _period_warnings(body, starts_at))


def _send_on_commit(meeting: Meeting, method: str, invitation_ids: list[int]) -> None:
    if not invitation_ids:
        return
    transaction.on_commit(
        lambda: send_meeting_messages.enqueue(
            meeting_id=meeting.pk, method=method, invitation_ids=invitation_ids
        )
    )


def meeting_update(
    *,
    actor,
    meeting: Meeting,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    location: str = "",
    online_url: str = "",
    source: str = "",
) -> MeetingResult:
    """Move or relocate a meeting; invitees get an updated invitation with a higher SEQUENCE."""
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting cannot be changed."))
    _validate_times(starts_at, ends_at)
    if not location.strip() and not online_url.strip():
        raise ValidationError({"location": _("Give a place or an online link.")})
    values = {
        "starts_at": starts_at,
        "ends_at": ends_at,
        "location": location.strip(),
        "online_url": online_url.strip(),
    }
    changed = {
        k: [str(getattr(meeting, k)), str(v)] for k, v in values.items() if getattr(meeting, k) != v
    }
    if not changed:
        return MeetingResult(meeting, _period_warnings(meeting.body, starts_at))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        moved = timezone.localtime(meeting.starts_at).date() != timezone.localtime(starts_at).date()
        for name, value in values.items():
            setattr(meeting, name, value)
        meeting.sequence += 1
        meeting.save()
        sent = list(meeting.invitations.filter(sent_at__isnull=False).values_list("pk", flat=True))
        record(
            actor=actor,
            action="meeting.updated",
            target=meeting,
            source=source,
            data={"changes": changed, "sequence": meeting.sequence},
        )
        if moved:
            reporting_periods_follow(body=meeting.body, actor=actor)
        _send_on_commit(meeting, "REQUEST", sent)
    return MeetingResult(meeting, _period_warnings(meeting.body, starts_at))


def meeting_cancel(*, actor, meeting: Meeting, source: str = "") -> Meeting:
    """Cancel a meeting: every invitee's calendar receives METHOD:CANCEL."""
    if meeting.is_cancelled:
        raise ValidationError(_("This meeting was already cancelled."))
    if meeting.status == MeetingStatus.HELD:
        raise ValidationError(_("A meeting that was held cannot be cancelled."))
    with transaction.atomic():
        meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
        meeting.status = MeetingStatus.CANCELLED
        meeting.sequence += 1
        meeting.save(update_fields=["status", "sequence", "updated_at"])
        sent = list(meeting.invitations.filter(sent_at__isnull=False).values_list("pk", flat=True))
        record(actor=actor, action="meeting.cancelled", target=meeting, source=source)
        reporting_periods_follow(body=meeting.body, actor=actor)
        _send_on_commit(meeting, "CANCEL", sent)
    return meeting


def invitations_send(
    *, actor, meeting: Meeting, members: list[BodyMember] | None = None, source: str = ""
) -> list[Invitation]:
    """Invite members on behalf of the convening organisation.

    Without ``members`` every member with an e-mail address who was not invited yet is invited.
    Inviting someone twice is refused: the calendar already holds the invitation."""
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting cannot be sent out."))
    if meeting.body.convenor_id is None:
        raise ValidationError(_("The body has no convening organisation to invite on behalf of."))
    already = set(meeting.invitations.values_list("member_id", flat=True))
    if members is None:
        members = [m for m in meeting.body.members.select_related("user") if m.pk not in already]
    else:
        duplicates = [m.person_name for m in members if m.pk in already]
        if duplicates:
            raise ValidationError(
                _("Already invited: %(names)s.") % {"names": ", ".join(duplicates)}
            )
    invitable = [(m, m.email or (m.user.email if m.user else "")) for m in members]
    without_address = [m.person_name for m, email in invitable if not email]
    invitable = [(m, email) for m, email in invitable if email]
    if not invitable:
        if without_address:
            raise ValidationError(
                _("No e-mail address for: %(names)s.") % {"names": ", ".join(without_address)}
            )
        raise ValidationError(_("Everyone has been invited already."))
    now = timezone.now()
    with transaction.atomic():
        created = Invitation.objects.bulk_create(
            Invitation(
                meeting=meeting,
                member=member,
                email=email,
                sent_at=now,
                sent_sequence=meeting.sequence,
            )
            for member, email in invitable
        )
        # bulk_create returns no primary keys on every database: read them back.
        created = list(
            meeting.invitations.filter(member__in=[m for m, _email in invitable]).order_by("pk")
        )
        record(
            actor=actor,
            action="meeting.invitations_sent",
            target=meeting,
            source=source,
            data={"invited": len(created), "without_address": without_address},
        )
        _send_on_commit(meeting, "REQUEST", [i.pk for i in created])
    return created


def invitation_reply(*, actor, invitation: Invitation, reply: str, source: str = "") -> Invitation:
    """Record a member's reply (accepted, tentative, declined)."""
    if reply not in Reply.values:
        raise ValidationError({"reply": _("Unknown reply.")})
    with transaction.atomic():
        invitation.reply = reply
        invitation.save(update_fields=["reply"])
        record(
            actor=actor,
            action="invitation.replied",
            target=invitation,
            source=source,
            data={"reply": reply},
        )
    return invitation


def attendance_record(
    *, actor, meeting: Meeting, attended: dict[int, bool], source: str = ""
) -> Meeting:
    """Record who attended, by invitation id; the meeting is then held."""
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting has no attendance."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the meeting has started."))
    with transaction.atomic():
        for invitation in meeting.invitations.all():
            value = attended.get(invitation.pk, False)
            if invitation.attended != value:
                invitation.attended = value
                invitation.save(update_fields=["attended"])
        if meeting.status != MeetingStatus.HELD:
            meeting.status = MeetingStatus.HELD
            meeting.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            action="meeting.attendance_recorded",
            target=meeting,
            source=source,
            data={"present": sum(1 for v in attended.values() if v)},
        )
    return meeting


def minutes_record(
    *, actor, meeting: Meeting, minutes: str, report: str = "", source: str = ""
) -> Meeting:
    """Keep the minutes (and a working group's report). Approved minutes are final."""
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting has no minutes."))
    if meeting.minutes_approved:
        raise ValidationError(_("The minutes were approved and can no longer be changed."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Minutes are kept once the meeting has started."))
    if not minutes.strip():
        raise ValidationError({"minutes": _("The minutes are empty.")})
    with transaction.atomic():
        meeting.minutes = minutes.strip()
        meeting.report = report.strip()
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["minutes", "report", "status", "updated_at"])
        record(actor=actor, action="meeting.minutes_recorded", target=meeting, source=source)
    return meeting


def minutes_approve(*, actor, meeting: Meeting, source: str = "") -> Meeting:
    if not meeting.minutes:
        raise ValidationError(_("There are no minutes to approve."))
    if meeting.minutes_approved:
        raise ValidationError(_("The minutes were already approved."))
    with transaction.atomic():
        meeting.minutes_approved_at = timezone.now()
        meeting.save(update_fields=["minutes_approved_at", "updated_at"])
        record(actor=actor, action="meeting.minutes_approved", target=meeting, source=source)
    return meeting


def meeting_publish(*, actor, meeting: Meeting, publish: bool = True, source: str = "") -> Meeting:
    """Put approved minutes and decisions on the public page (or take them off)."""
    if publish and not meeting.minutes_approved:
        raise ValidationError(_("Only approved minutes can be published."))
    with transaction.atomic():
        meeting.published_at = timezone.now() if publish else None
        meeting.save(update_fields=["published_at", "updated_at"])
        record(
            actor=actor,
            action="meeting.published" if publish else "meeting.unpublished",
            target=meeting,
            source=source,
        )
    return meeting


def agenda_item_add(
    *,
    actor,
    meeting: Meeting,
    title: str,
    kind: str,
    description: str = "",
    action: Action | None = None,
    indicator=None,
    report_meeting: Meeting | None = None,
    follow_up: FollowUp | None = None,
    source: str = "",
) -> AgendaItem:
    """Add an item to the agenda: free, or about an action, a working group's report or an
    open follow-up."""
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting has no agenda."))
    if not title.strip():
        raise ValidationError({"title": _("Give the item a title.")})
    if action is not None and action.agreement_id != meeting.body.agreement_id:
        raise ValidationError({"action": _("The action belongs to another agreement.")})
    duplicate = (
        report_meeting and meeting.agenda_items.filter(report_meeting=report_meeting).exists()
    ) or (follow_up and meeting.agenda_items.filter(follow_up=follow_up).exists())
    if duplicate:
        raise ValidationError(_("This item is already on the agenda."))
    with transaction.atomic():
        last = meeting.agenda_items.order_by("-order").values_list("order", flat=True).first()
        extra: dict[str, Any] = {}
        if indicator is not None:
            extra["indicator"] = indicator
        item = AgendaItem.objects.create(
            meeting=meeting,
            order=(last or 0) + 1,
            kind=kind,
            title=title.strip(),
            description=description.strip(),
            action=action,
            report_meeting=report_meeting,
            follow_up=follow_up,
            **extra,
        )
        record(
            actor=actor,
            action="agenda_item.added",
            target=item,
            source=source,
            data={"meeting": meeting.pk, "kind": kind},
        )
    return item


def decision_record(
    *,
    actor,
    meeting: Meeting,
    kind: str,
    text: str,
    actions: list[Action] | None = None,
    action_changes: dict[Action, dict[str, Any]] | None = None,
    agenda_item: AgendaItem | None = None,
    source: str = "",
) -> Decision:
    """Record a decision. A decision that adjusts the action plan changes the actions through
    the plan's own service and is linked to every change it caused, so the plan's history says
    in which meeting it was decided (Part IV: the steering group decides on adjustments)."""
    actions = list(actions or [])
    action_changes = dict(action_changes or {})
    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting takes no decisions."))
    if meeting.starts_at > timezone.now():
        raise ValidationError(_("Decisions are recorded once the meeting has started."))
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": _("Unknown kind of decision.")})
    if not text.strip():
        raise ValidationError({"text": _("Write down the decision.")})
    if kind == DecisionKind.ADJUST_PLAN and not action_changes:
        raise ValidationError(
            {"action": _("A decision that adjusts the plan changes at least one action.")}
        )
    if kind != DecisionKind.ADJUST_PLAN and action_changes:
        raise ValidationError({"kind": _("Only a decision that adjusts the plan changes actions.")})
    agreement_id = meeting.body.agreement_id
    for action in [*actions, *action_changes]:
        if action.agreement_id != agreement_id:
            raise ValidationError({"action": _("The action belongs to another agreement.")})
    with transaction.atomic():
        decision = Decision.objects.create(
            meeting=meeting, kind=kind, text=text.strip(), agenda_item=agenda_item
        )
        changes = []
        for action, values in action_changes.items():
            change = action_update(actor=actor, action=action, source=source, **values)
            if change is not None:
                changes.append(change)
        if kind == DecisionKind.ADJUST_PLAN and not changes:
            raise ValidationError({"action": _("The proposed change leaves the action as it is.")})
        decision.actions.set({*actions, *action_changes})
        decision.plan_changes.set(changes)
        meeting.status = MeetingStatus.HELD
        meeting.save(update_fields=["status", "updated_at"])
        record(
            actor=actor,
            action="decision.recorded",
            target=decision,
            source=source,
            data={"meeting": meeting.pk, "kind": kind, "plan_changes": [c.pk for c in changes]},
        )
    return decision


def follow_up_create(
    *,
    actor,
    meeting: Meeting,
    description: str,
    owner_name: str,
    due_date: dt.date,
    owner_organisation=None,
    decision: Decision | None = None,
    source: str = "",
) -> FollowUp:
    errors = {}
    if not description.strip():
        errors["description"] = _("Say what has to be done.")
    if not owner_name.strip():
        errors["owner_name"] = _("Name who follows this up.")
    if due_date is None:
        errors["due_date"] = _("Give a due date.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            meeting=meeting,
            decision=decision,
            description=description.strip(),
            owner_name=owner_name.strip(),
            owner_organisation=owner_organisation,
            due_date=due_date,
        )
        record(actor=actor, action="follow_up.created", target=follow_up, source=source)
    return follow_up


def follow_up_set_status(*, actor, follow_up: FollowUp, status: str, source: str = "") -> FollowUp:
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": _("Unknown status.")})
    if follow_up.status == status:
        return follow_up
    with transaction.atomic():
        before = follow_up.status
        follow_up.status = status
        follow_up.closed_at = None if status == FollowUpStatus.OPEN else timezone.now()
        follow_up.save(update_fields=["status", "closed_at", "updated_at"])
        record(
            actor=actor,
            action="follow_up.status_changed",
            target=follow_up,
            source=source,
            data={"before": before, "after": status},
        )
    return follow_up


def meeting_pack_build(*, actor, meeting: Meeting, source: str = "") -> Meeting:
    """Build the meeting pack (HTML and PDF) and keep it with the meeting.

    Once the meeting has started the pack is the record of what was presented: it is frozen."""
    from .integration import pack_snapshot
    from .pack import pack_data_collect, pack_html_render, pack_pdf_render

    if meeting.is_cancelled:
        raise ValidationError(_("A cancelled meeting has no pack."))
    if meeting.pack_built_at and meeting.starts_at <= timezone.now():
        raise ValidationError(
            _("The pack is frozen: it is the record of what was presented at the meeting.")
        )
    data = pack_data_collect(meeting=meeting)
    with transaction.atomic():
        data["snapshot"] = pack_snapshot(meeting=meeting, actor=actor)
        html = pack_html_render(data)
        pdf = pack_pdf_render(data)
        meeting.pack_data = data
        meeting.pack_html = html
        meeting.pack_pdf = pdf
        meeting.pack_built_at = timezone.now()
        meeting.save(
            update_fields=["pack_data", "pack_html", "pack_pdf", "pack_built_at", "updated_at"]
        )
        record(actor=actor, action="meeting.pack_built", target=meeting, source=source)
    return meeting


def calendar_token_issue(*, user) -> CalendarFeedToken:
    """Give the user a new secret feed address; the old address stops working."""
    with transaction.atomic():
        CalendarFeedToken.objects.filter(user=user).delete()
        token = CalendarFeedToken.objects.create(user=user, token=secrets.token_urlsafe(32))
        record(actor=user, action="calendar_token.issued", target=user)
    return token


def calendar_token_revoke(*, user) -> None:
    with transaction.atomic():
        deleted, _rows = CalendarFeedToken.objects.filter(user=user).delete()
        if deleted:
            record(actor=user, action="calendar_token.revoked", target=user)
