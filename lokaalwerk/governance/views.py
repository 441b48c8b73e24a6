"""Pages of Part IV: bodies, meetings, the meeting pack, calendar feeds, the public page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lokaalwerk.accounts import policies
from lokaalwerk.agreements import selectors as agreement_selectors
from lokaalwerk.agreements.models import Action
from lokaalwerk.core.forms import add_service_errors

from . import selectors, services
from .calendar import feed_ics
from .constants import AgendaItemKind, FollowUpStatus
from .forms import (
    AgendaItemForm,
    DecisionForm,
    FollowUpForm,
    FollowUpStatusForm,
    MeetingForm,
    MemberForm,
    MinutesForm,
    ReplyForm,
)
from .models import CalendarFeedToken, FollowUp, Invitation, Meeting


def _message_errors(request, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _managed_meeting(request, pk: int) -> Meeting:
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not policies.can_manage_meetings(request.user, meeting.body):
        raise PermissionDenied
    return meeting


# --- Bodies ----------------------------------------------------------------------------------


@login_required
def body_list(request):
    if not policies.can_view_bodies(request.user):
        raise PermissionDenied
    bodies = list(selectors.body_list(user=request.user))
    year = timezone.localdate().year
    cadences = {c.body.pk: c for c in selectors.cadence_for_bodies(bodies=bodies, year=year)}
    rows = [(body, cadences[body.pk]) for body in bodies]
    return render(request, "governance/body_list.html", {"rows": rows, "year": year})


@login_required
def body_detail(request, pk: int):
    body = selectors.body_get(user=request.user, pk=pk)
    can_manage = policies.can_manage_meetings(request.user, body)
    can_read_meetings = policies.can_view_meetings(request.user, body)
    form = MemberForm(
        request.POST or None, organisations=policies.organisations_working_in(body.agreement)
    )
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.body_member_add(
                    actor=request.user, body=body, source=request.path, **form.cleaned_data
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The member was added."))
                return redirect("governance:body", pk=body.pk)
    meetings = selectors.meeting_list(user=request.user, body=body) if can_read_meetings else []
    this_year = timezone.localdate().year
    years = sorted(
        {timezone.localtime(m.starts_at).year for m in meetings} | {this_year}, reverse=True
    )
    cadences = [selectors.cadence_for_bodies(bodies=[body], year=y)[0] for y in years[:6]]
    context = {
        "body": body,
        "meetings": meetings,
        "can_manage": can_manage,
        "can_read_meetings": can_read_meetings,
        "member_form": form,
        "cadences": cadences,
    }
    return render(request, "governance/body_detail.html", context)


@login_required
def meeting_create(request, pk: int):
    body = selectors.body_get(user=request.user, pk=pk)
    if not policies.can_manage_meetings(request.user, body):
        raise PermissionDenied
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.meeting_plan(
                actor=request.user, body=body, source=request.path, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            for warning in result.warnings:
                messages.warning(request, warning)
            messages.success(request, _("The meeting was planned."))
            return redirect("governance:meeting", pk=result.meeting.pk)
    return render(request, "governance/meeting_form.html", {"form": form, "body": body})


# --- Meetings --------------------------------------------------------------------------------


@login_required
def meeting_detail(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    can_manage = policies.can_manage_meetings(request.user, meeting.body)
    agreement = meeting.body.agreement
    context = {
        "meeting": meeting,
        "can_manage": can_manage,
        "started": meeting.starts_at <= timezone.now(),
        "proposed": selectors.proposed_agenda_items(meeting=meeting) if can_manage else [],
        "agenda_form": AgendaItemForm(agreement=agreement, prefix="agenda"),
        "follow_up_form": FollowUpForm(
            prefix="follow_up", organisations=policies.organisations_working_in(agreement)
        ),
        "today": timezone.localdate(),
        "my_invitation": next(
            (i for i in meeting.invitations.all() if i.member.user_id == request.user.pk), None
        ),
        "reply_form": ReplyForm(),
        "follow_up_status_choices": FollowUpStatus.choices,
    }
    return render(request, "governance/meeting_detail.html", context)


@login_required
def meeting_update(request, pk: int):
    meeting = _managed_meeting(request, pk)
    local = timezone.localtime
    form = MeetingForm(
        request.POST or None,
        initial={
            "starts_at": local(meeting.starts_at),
            "ends_at": local(meeting.ends_at),
            "location": meeting.location,
            "online_url": meeting.online_url,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            result = services.meeting_update(
                actor=request.user, meeting=meeting, source=request.path, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            for warning in result.warnings:
                messages.warning(request, warning)
            messages.success(request, _("The meeting was changed; invitees receive the update."))
            return redirect("governance:meeting", pk=meeting.pk)
    return render(
        request,
        "governance/meeting_form.html",
        {"form": form, "body": meeting.body, "meeting": meeting},
    )


@login_required
@require_POST
def meeting_cancel(request, pk: int):
    meeting = _managed_meeting(request, pk)
    try:
        services.meeting_cancel(actor=request.user, meeting=meeting, source=request.path)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("The meeting was cancelled; every invitee is told."))
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
@require_POST
def invitations_send(request, pk: int):
    meeting = _managed_meeting(request, pk)
    try:
        sent = services.invitations_send(actor=request.user, meeting=meeting, source=request.path)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("%(count)d invitations were sent.") % {"count": len(sent)})
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
@require_POST
def invitation_reply(request, pk: int):
    invitation = get_object_or_404(
        Invitation.objects.select_related("meeting", "member"), pk=pk, member__user=request.user
    )
    form = ReplyForm(request.POST)
    if form.is_valid():
        services.invitation_reply(
            actor=request.user,
            invitation=invitation,
            reply=form.cleaned_data["reply"],
            source=request.path,
        )
        messages.success(request, _("Your reply was recorded."))
    return redirect("governance:meeting", pk=invitation.meeting_id)


@login_required
@require_POST
def attendance(request, pk: int):
    meeting = _managed_meeting(request, pk)
    present = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
    try:
        services.attendance_record(
            actor=request.user,
            meeting=meeting,
            attended={i.pk: i.pk in present for i in meeting.invitations.all()},
            source=request.path,
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("Attendance was recorded."))
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
@require_POST
def agenda_item_add(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = AgendaItemForm(request.POST, agreement=meeting.body.agreement, prefix="agenda")
    if form.is_valid():
        try:
            services.agenda_item_add(
                actor=request.user, meeting=meeting, source=request.path, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The item was added to the agenda."))
            return redirect("governance:meeting", pk=meeting.pk)
    context = {"meeting": meeting, "form": form}
    return render(request, "governance/agenda_item_form.html", context, status=400)


@login_required
@require_POST
def agenda_item_accept(request, pk: int):
    """Put a proposed item (a report, an open follow-up, a flagged action) on the agenda."""
    meeting = _managed_meeting(request, pk)
    key = request.POST.get("proposal", "")
    proposal = next(
        (p for p in selectors.proposed_agenda_items(meeting=meeting) if _proposal_key(p) == key),
        None,
    )
    if proposal is None:
        messages.error(request, _("This proposal is no longer open."))
        return redirect("governance:meeting", pk=meeting.pk)
    action = Action.objects.filter(pk=proposal.action_id).first() if proposal.action_id else None
    try:
        services.agenda_item_add(
            actor=request.user,
            meeting=meeting,
            title=proposal.title,
            kind=proposal.kind,
            description=proposal.report_meeting.report if proposal.report_meeting else "",
            action=action,
            report_meeting=proposal.report_meeting,
            follow_up=proposal.follow_up,
            source=request.path,
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("The item was added to the agenda."))
    return redirect("governance:meeting", pk=meeting.pk)


def _proposal_key(proposal) -> str:
    if proposal.kind == AgendaItemKind.REPORT:
        return f"report-{proposal.report_meeting.pk}"
    if proposal.kind == AgendaItemKind.FOLLOW_UP:
        return f"follow_up-{proposal.follow_up.pk}"
    return f"action-{proposal.action_id}"


@login_required
def minutes_edit(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = MinutesForm(
        request.POST or None, initial={"minutes": meeting.minutes, "report": meeting.report}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_record(
                actor=request.user, meeting=meeting, source=request.path, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect("governance:meeting", pk=meeting.pk)
    return render(request, "governance/minutes_form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def minutes_approve(request, pk: int):
    meeting = _managed_meeting(request, pk)
    try:
        services.minutes_approve(actor=request.user, meeting=meeting, source=request.path)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("The minutes were approved."))
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
@require_POST
def meeting_publish(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not policies.can_publish_minutes(request.user, meeting):
        raise PermissionDenied
    publish = request.POST.get("publish") != "0"
    try:
        services.meeting_publish(
            actor=request.user, meeting=meeting, publish=publish, source=request.path
        )
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(
            request,
            _("The minutes are on the public page.")
            if publish
            else _("The minutes were taken off the public page."),
        )
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
def decision_create(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = DecisionForm(request.POST or None, agreement=meeting.body.agreement)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                actor=request.user,
                meeting=meeting,
                kind=form.cleaned_data["kind"],
                text=form.cleaned_data["text"],
                actions=list(form.cleaned_data["actions"]),
                action_changes=form.action_changes(),
                source=request.path,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict") and "action" in exc.error_dict:
                exc = ValidationError(
                    {"changed_action": exc.error_dict.pop("action"), **exc.error_dict}
                )
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The decision was recorded."))
            return redirect("governance:meeting", pk=meeting.pk)
    return render(request, "governance/decision_form.html", {"form": form, "meeting": meeting})


@login_required
@require_POST
def follow_up_create(request, pk: int):
    meeting = _managed_meeting(request, pk)
    form = FollowUpForm(
        request.POST,
        prefix="follow_up",
        organisations=policies.organisations_working_in(meeting.body.agreement),
    )
    if form.is_valid():
        try:
            services.follow_up_create(
                actor=request.user, meeting=meeting, source=request.path, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The follow-up was added."))
            return redirect("governance:meeting", pk=meeting.pk)
    context = {"meeting": meeting, "form": form}
    return render(request, "governance/follow_up_form.html", context, status=400)


@login_required
@require_POST
def follow_up_status(request, pk: int):
    follow_up = get_object_or_404(FollowUp.objects.select_related("meeting"), pk=pk)
    meeting = _managed_meeting(request, follow_up.meeting_id)
    form = FollowUpStatusForm(request.POST)
    if form.is_valid():
        services.follow_up_set_status(
            actor=request.user,
            follow_up=follow_up,
            status=form.cleaned_data["status"],
            source=request.path,
        )
        messages.success(request, _("The follow-up was updated."))
    return redirect("governance:meeting", pk=meeting.pk)


# --- Meeting pack ----------------------------------------------------------------------------


@login_required
@require_POST
def pack_build(request, pk: int):
    meeting = _managed_meeting(request, pk)
    try:
        services.meeting_pack_build(actor=request.user, meeting=meeting, source=request.path)
    except ValidationError as exc:
        _message_errors(request, exc)
    else:
        messages.success(request, _("The meeting pack was built."))
        return redirect("governance:pack", pk=meeting.pk)
    return redirect("governance:meeting", pk=meeting.pk)


@login_required
def pack_detail(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not meeting.pack_built_at:
        raise Http404
    return render(request, "governance/pack_detail.html", {"meeting": meeting})


@login_required
def pack_pdf(request, pk: int):
    meeting = selectors.meeting_get(user=request.user, pk=pk)
    if not meeting.pack_pdf:
        raise Http404
    response = HttpResponse(bytes(meeting.pack_pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="meeting-pack-{meeting.pk}.pdf"'
    return response


# --- Plan history ----------------------------------------------------------------------------


@login_required
def plan_history(request, slug: str):
    agreement = agreement_selectors.agreement_get(user=request.user, slug=slug)
    changes = selectors.plan_history(user=request.user, agreement=agreement)[:200]
    return render(
        request, "governance/plan_history.html", {"agreement": agreement, "changes": changes}
    )


# --- Calendar --------------------------------------------------------------------------------


def _ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
def body_feed(request, pk: int):
    body = selectors.body_get(user=request.user, pk=pk)
    if not policies.can_view_meetings(request.user, body):
        raise PermissionDenied
    meetings = selectors.feed_meetings(user=request.user, body=body)
    return _ics_response(feed_ics(meetings, body.name), f"body-{body.pk}.ics")


def _token_user(token: str):
    found = CalendarFeedToken.objects.select_related("user").filter(token=token).first()
    if found is None or not policies.can_use_calendar_feed(found.user):
        raise Http404
    return found.user


def personal_feed(request, token: str):
    """The user's own meetings, for a calendar app that cannot sign in: the token is the key."""
    user = _token_user(token)
    meetings = selectors.feed_meetings(user=user)
    return _ics_response(feed_ics(meetings, _("My meetings")), "lokaalwerk.ics")


def token_body_feed(request, token: str, pk: int):
    user = _token_user(token)
    body = selectors.body_get(user=user, pk=pk)
    if not policies.can_view_meetings(user, body):
        raise Http404
    meetings = selectors.feed_meetings(user=user, body=body)
    return _ics_response(feed_ics(meetings, body.name), f"body-{body.pk}.ics")


@login_required
def calendar_settings(request):
    if not policies.can_use_calendar_feed(request.user):
        raise PermissionDenied
    if request.method == "POST":
        if request.POST.get("revoke"):
            services.calendar_token_revoke(user=request.user)
            messages.success(request, _("The feed address was revoked."))
        else:
            services.calendar_token_issue(user=request.user)
            messages.success(
                request, _("A new feed address was made; the old one stopped working.")
            )
        return redirect("governance:calendar")
    token = CalendarFeedToken.objects.filter(user=request.user).first()
    bodies = [body for body in policies.bodies_followed_by(request.user).order_by("kind", "name")]
    return render(request, "governance/calendar.html", {"token": token, "bodies": bodies})


# --- Public page -----------------------------------------------------------------------------


def public_meetings(request):
    """Approved and published minutes and decisions; only public officials are named."""
    meetings = selectors.published_meeting_list()
    return render(request, "governance/public_meetings.html", {"meetings": meetings})
