"""Reading Part IV: bodies, meetings, cadence and what is proposed for the next agenda.

Part IV: the political "Stuurgroep Activering" invites VDAB at least once a year; the
"Stuurgroep stad Mechelen - VDAB" meets three times a year; working groups inform the steering
group and are informed by it. Reads start from the querysets in accounts/policies.py.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from lokaalwerk.accounts import policies
from lokaalwerk.accounts.constants import OrganisationKind
from lokaalwerk.agreements.models import PlanChange

from .constants import AgendaItemKind, BodyKind, FollowUpStatus, MeetingStatus
from .models import Body, BodyMember, Decision, FollowUp, Invitation, Meeting


def body_list(*, user) -> QuerySet[Body]:
    return (
        policies.bodies_visible_to(user)
        .select_related("agreement", "convenor", "reports_to")
        .annotate(member_count=Count("members", distinct=True))
    )


def body_get(*, user, pk: int) -> Body:
    try:
        return (
            policies.bodies_visible_to(user)
            .select_related("agreement", "convenor", "reports_to")
            .prefetch_related(
                Prefetch(
                    "members", queryset=BodyMember.objects.select_related("organisation", "user")
                ),
                "actions",
                "reporting_bodies",
            )
            .get(pk=pk)
        )
    except Body.DoesNotExist as exc:
        raise Http404 from exc


def meeting_list(*, user, body: Body | None = None) -> QuerySet[Meeting]:
    queryset = policies.meetings_visible_to(user).select_related("body__convenor")
    if body is not None:
        queryset = queryset.filter(body=body)
    return queryset.annotate(
        decision_count=Count("decisions", distinct=True),
        open_follow_up_count=Count(
            "follow_ups", filter=Q(follow_ups__status=FollowUpStatus.OPEN), distinct=True
        ),
    )


def steering_group_meetings(*, agreement) -> QuerySet[Meeting]:
    """The meetings of the agreement's city–VDAB steering group that will be or were held (not
    cancelled), in date order. Part IV: it meets three times a year and follows the action plan,
    so the results app lets each reporting period run up to one of these meetings.

    Not limited to a reader: the dates make up the agreement's reporting calendar, which every
    reader of results sees. A caller that shows more of a meeting asks ``meetings_visible_to``.
    The political steering group and the working groups do not count."""
    return (
        Meeting.objects.filter(
            body__agreement=agreement, body__kind=BodyKind.OPERATIONAL_STEERING_GROUP
        )
        .exclude(status=MeetingStatus.CANCELLED)
        .select_related("body")
        .order_by("starts_at", "pk")
    )


def meeting_get(*, user, pk: int) -> Meeting:
    try:
        return (
            policies.meetings_visible_to(user)
            .select_related("body__agreement", "body__convenor", "created_by")
            .prefetch_related(
                Prefetch(
                    "invitations",
                    queryset=Invitation.objects.select_related("member__organisation"),
                ),
                "agenda_items__action",
                "agenda_items__report_meeting__body",
                "agenda_items__follow_up",
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.prefetch_related("actions", "plan_changes__action"),
                ),
                Prefetch(
                    "follow_ups", queryset=FollowUp.objects.select_related("owner_organisation")
                ),
                "body__members",
            )
            .get(pk=pk)
        )
    except Meeting.DoesNotExist as exc:
        raise Http404 from exc


def previous_meeting(meeting: Meeting) -> Meeting | None:
    """The body's last meeting before this one that was not cancelled."""
    return (
        Meeting.objects.filter(body=meeting.body, starts_at__lt=meeting.starts_at)
        .exclude(status=MeetingStatus.CANCELLED)
        .order_by("-starts_at")
        .first()
    )


def plan_changes_between(
    *, agreement, after: dt.datetime | None, until: dt.datetime
) -> QuerySet[PlanChange]:
    """What changed in the plan since the previous meeting, for the meeting pack."""
    queryset = PlanChange.objects.filter(agreement=agreement, occurred_at__lte=until)
    if after is not None:
        queryset = queryset.filter(occurred_at__gt=after)
    return queryset.select_related("action", "actor").prefetch_related("decisions__meeting__body")


def open_follow_ups(*, body: Body, before: dt.datetime | None = None) -> QuerySet[FollowUp]:
    """Follow-ups of the body's meetings that are still open."""
    queryset = FollowUp.objects.filter(meeting__body=body, status=FollowUpStatus.OPEN)
    if before is not None:
        queryset = queryset.filter(meeting__starts_at__lt=before)
    return queryset.select_related("meeting__body", "owner_organisation")


# --- Cadence ---------------------------------------------------------------------------------


@dataclass
class Cadence:
    body: Body
    year: int
    required: int
    held: int
    planned: int
    cancelled: int
    vdab_invited: bool | None = None

    @property
    def expected(self) -> int:
        return self.held + self.planned

    @property
    def short(self) -> bool:
        return self.expected < self.required

    @property
    def warnings(self) -> list[str]:
        messages = []
        if self.short:
            messages.append(
                _("%(body)s: %(count)d of %(required)d meetings planned for %(year)d")
                % {
                    "body": self.body.name,
                    "count": self.expected,
                    "required": self.required,
                    "year": self.year,
                }
            )
        if self.vdab_invited is False:
            messages.append(
                _("%(body)s: VDAB has not been invited yet in %(year)d")
                % {"body": self.body.name, "year": self.year}
            )
        return messages


def _is_employment_service(organisation, organisations_by_id) -> bool:
    node = organisation
    seen = set()
    while node is not None and node.pk not in seen:
        if node.kind == OrganisationKind.EMPLOYMENT_SERVICE:
            return True
        seen.add(node.pk)
        node = organisations_by_id.get(node.parent_id)
    return False


def cadence_for_bodies(*, bodies: list[Body], year: int) -> list[Cadence]:
    """Per body and calendar year: required, held and planned meetings; for the political
    steering group also whether VDAB was invited this year (Part IV). Fixed query count."""
    from lokaalwerk.accounts.models import Organisation

    if not bodies:
        return []
    now = timezone.now()
    counts = {
        row["body_id"]: row
        for row in Meeting.objects.filter(body__in=bodies, starts_at__year=year)
        .values("body_id")
        .annotate(
            held=Count(
                "pk",
                filter=Q(status=MeetingStatus.HELD)
                | Q(status=MeetingStatus.PLANNED, starts_at__lte=now),
            ),
            planned=Count("pk", filter=Q(status=MeetingStatus.PLANNED, starts_at__gt=now)),
            cancelled=Count("pk", filter=Q(status=MeetingStatus.CANCELLED)),
        )
    }
    political = [b for b in bodies if b.kind == BodyKind.POLITICAL_STEERING_GROUP]
    invited_orgs: dict[int, set[int]] = {}
    organisations_by_id = {}
    if political:
        organisations_by_id = {o.pk: o for o in Organisation.objects.all()}
        for body_id, org_id in (
            Invitation.objects.filter(
                meeting__body__in=political,
                meeting__starts_at__year=year,
                sent_at__isnull=False,
            )
            .exclude(meeting__status=MeetingStatus.CANCELLED)
            .values_list("meeting__body_id", "member__organisation_id")
        ):
            invited_orgs.setdefault(body_id, set()).add(org_id)
    result = []
    for body in bodies:
        row = counts.get(body.pk, {})
        vdab_invited = None
        if body.kind == BodyKind.POLITICAL_STEERING_GROUP:
            vdab_invited = any(
                _is_employment_service(organisations_by_id[org_id], organisations_by_id)
                for org_id in invited_orgs.get(body.pk, ())
            )
        result.append(
            Cadence(
                body=body,
                year=year,
                required=body.min_meetings_per_year,
                held=row.get("held", 0),
                planned=row.get("planned", 0),
                cancelled=row.get("cancelled", 0),
                vdab_invited=vdab_invited,
            )
        )
    return result


def cadence_warnings(*, user, year: int | None = None) -> list[str]:
    """The home page's warnings for the bodies whose meetings the user follows."""
    year = year or timezone.localdate().year
    bodies = list(
        policies.bodies_followed_by(user).filter(
            Q(min_meetings_per_year__gt=0) | Q(kind=BodyKind.POLITICAL_STEERING_GROUP)
        )
    )
    messages: list[str] = []
    for cadence in cadence_for_bodies(bodies=bodies, year=year):
        messages.extend(cadence.warnings)
    return messages


# --- Informing each other --------------------------------------------------------------------


@dataclass
class ProposedItem:
    kind: str
    title: str
    report_meeting: Meeting | None = None
    follow_up: FollowUp | None = None
    action_id: int | None = None
    reason: str = ""
    extra: dict = field(default_factory=dict)


def _late_or_off_track_actions(meeting: Meeting) -> list[ProposedItem]:
    """Actions the results show as at risk, off track or with an overdue update."""
    from lokaalwerk.agreements.models import Action

    from .integration import late_or_off_track

    flagged = late_or_off_track(meeting.body.agreement)
    on_agenda = set(meeting.agenda_items.values_list("action_id", flat=True))
    return [
        ProposedItem(
            kind=AgendaItemKind.ACTION,
            title=str(action),
            action_id=action.pk,
            reason=_("Update overdue") if flagged[action.pk] == "late" else flagged[action.pk],
        )
        for action in Action.objects.filter(pk__in=flagged)
        .exclude(pk__in=on_agenda)
        .order_by("sort_key")
    ]


def proposed_agenda_items(*, meeting: Meeting) -> list[ProposedItem]:
    """What the next meeting should hear: reports of the working groups that report to this
    body since its previous meeting, its open follow-ups, and actions that are late or off
    track. Items already on the agenda are left out."""
    previous = previous_meeting(meeting)
    on_agenda_reports = set(
        meeting.agenda_items.exclude(report_meeting=None).values_list("report_meeting", flat=True)
    )
    on_agenda_follow_ups = set(
        meeting.agenda_items.exclude(follow_up=None).values_list("follow_up", flat=True)
    )
    reports = Meeting.objects.filter(
        body__reports_to=meeting.body, starts_at__lt=meeting.starts_at
    ).exclude(report="")
    if previous is not None:
        reports = reports.filter(starts_at__gte=previous.starts_at)
    items = [
        ProposedItem(
            kind=AgendaItemKind.REPORT,
            title=_("Report of %(meeting)s") % {"meeting": report},
            report_meeting=report,
            reason=_("Working group report"),
        )
        for report in reports.select_related("body").order_by("starts_at")
        if report.pk not in on_agenda_reports
    ]
    today = timezone.localdate()
    for follow_up in open_follow_ups(body=meeting.body, before=meeting.starts_at):
        if follow_up.pk in on_agenda_follow_ups:
            continue
        items.append(
            ProposedItem(
                kind=AgendaItemKind.FOLLOW_UP,
                title=follow_up.description,
                follow_up=follow_up,
                reason=_("Late follow-up") if follow_up.is_late(today) else _("Open follow-up"),
            )
        )
    items.extend(_late_or_off_track_actions(meeting))
    return items


def published_meeting_list() -> QuerySet[Meeting]:
    return (
        policies.published_meetings()
        .select_related("body__agreement")
        .prefetch_related(
            Prefetch("decisions", queryset=Decision.objects.prefetch_related("actions")),
            Prefetch(
                "body__members",
                queryset=BodyMember.objects.filter(is_public_official=True).select_related(
                    "organisation"
                ),
                to_attr="public_members",
            ),
        )
        .order_by("-starts_at")
    )


def feed_meetings(*, user, body: Body | None = None) -> QuerySet[Meeting]:
    """Meetings for a calendar feed: the user's bodies' meetings, cancelled ones included."""
    queryset = policies.meetings_visible_to(user)
    if body is not None:
        queryset = queryset.filter(body=body)
    else:
        queryset = queryset.filter(
            Q(body__members__user=user) | Q(invitations__member__user=user)
        ).distinct()
    return queryset.select_related("body__convenor", "created_by").prefetch_related(
        Prefetch("invitations", queryset=Invitation.objects.select_related("member"))
    )


def plan_history(*, user, agreement) -> QuerySet[PlanChange]:
    """The agreement's plan changes with the meetings that decided them."""
    if not policies.can_view_agreement(user, agreement):
        return PlanChange.objects.none()
    return (
        PlanChange.objects.filter(agreement=agreement)
        .select_related("action", "actor")
        .prefetch_related("decisions__meeting__body")
    )
