"""Reading results: the latest progress per action, owners' to-do lists, the roll-up input.

Everything here answers in a fixed number of queries, whatever the number of actions or updates
(the action plan page of an agreement with five years of quarterly updates stays fast).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects
from django.utils import timezone

from lokaalwerk.accounts import policies
from lokaalwerk.agreements.constants import AgreementStatus
from lokaalwerk.agreements.models import Action, Agreement, PlanChange
from lokaalwerk.governance.selectors import steering_group_meetings

from .constants import ApprovalState, PeriodBasis
from .models import (
    ActionOwner,
    Milestone,
    PrincipleAssessment,
    ProgressUpdate,
    PublicationSettings,
    ReportingPeriod,
    Snapshot,
)


def _latest_updates(*, actions: QuerySet[Action], public_only: bool) -> dict[int, ProgressUpdate]:
    updates = ProgressUpdate.objects.filter(action=OuterRef("pk"))
    if public_only:
        updates = updates.filter(approval=ApprovalState.APPROVED)
    else:
        updates = updates.exclude(approval=ApprovalState.REJECTED)
    latest_ids = actions.annotate(
        latest_id=Subquery(
            updates.order_by("-period__start_date", "-created_at", "-pk").values("pk")[:1]
        )
    ).values_list("latest_id", flat=True)
    found = ProgressUpdate.objects.filter(pk__in=[pk for pk in latest_ids if pk]).select_related(
        "period"
    )
    return {update.action_id: update for update in found}


def latest_status_by_action(*, agreement: Agreement, public_only: bool = False) -> dict[int, dict]:
    """Action id -> the latest progress update's status, progress, period and time.

    With ``public_only`` only approved updates count (what the public page and the steering
    group's meeting pack show); otherwise the latest update that was not returned. Actions
    without an update are absent. Two queries."""
    latest = _latest_updates(
        actions=Action.objects.filter(agreement=agreement), public_only=public_only
    )
    return {
        action_id: {
            "status": update.status,
            "status_label": update.get_status_display(),
            "progress": update.progress,
            "period": update.period.label,
            "updated_at": update.created_at,
            "update_id": update.pk,
        }
        for action_id, update in latest.items()
    }


def latest_update_by_action(
    *, agreement: Agreement, public_only: bool = False
) -> dict[int, ProgressUpdate]:
    """Action id -> the latest progress update itself (see ``latest_status_by_action``)."""
    return _latest_updates(
        actions=Action.objects.filter(agreement=agreement), public_only=public_only
    )


def publication_for(*, agreement: Agreement) -> PublicationSettings:
    """The agreement's publication choices; defaults (nothing published) when never set."""
    found = PublicationSettings.objects.filter(agreement=agreement).first()
    return found or PublicationSettings(agreement=agreement)


def agreement_has_ended(*, agreement: Agreement, today: dt.date) -> bool:
    """An agreement that was terminated or whose term is over: its progress is final, so it
    takes no more updates and its reporting periods stay as they are."""
    return agreement.status == AgreementStatus.TERMINATED or agreement.effective_end() < today


def period_meetings(*, agreement: Agreement) -> list:
    """The meetings of the city–VDAB steering group that the reporting periods run up to
    (Part IV): not cancelled, after the agreement's first day (a meeting on that day has no
    run-up) and up to its end."""
    start, end = agreement.start_date, agreement.effective_end()
    return [
        meeting
        for meeting in steering_group_meetings(agreement=agreement)
        if start < timezone.localtime(meeting.starts_at).date() <= end
    ]


def period_basis_overview(*, user, agreement: Agreement, today: dt.date) -> dict:
    """What the reporting periods page shows: the chosen basis, the steering group's meetings
    the periods run up to (none: the periods are quarters), each with whether the reader may
    open it, whether the agreement has ended, and the periods."""
    basis = publication_for(agreement=agreement).period_basis
    meetings = period_meetings(agreement=agreement) if basis == PeriodBasis.MEETINGS else []
    readable = (
        set(
            policies.meetings_visible_to(user)
            .filter(pk__in=[m.pk for m in meetings])
            .values_list("pk", flat=True)
        )
        if meetings
        else set()
    )
    return {
        "basis": basis,
        "basis_label": PeriodBasis(basis).label,
        "meetings": [
            {
                "meeting": m,
                "date": timezone.localtime(m.starts_at).date(),
                "readable": m.pk in readable,
            }
            for m in meetings
        ],
        "ended": agreement_has_ended(agreement=agreement, today=today),
        "periods": list(agreement.reporting_periods.all()),
    }


def owners_by_action(*, agreement: Agreement) -> dict[int, list[ActionOwner]]:
    owners: dict[int, list[ActionOwner]] = defaultdict(list)
    for owner in ActionOwner.objects.filter(
        action__agreement=agreement, active=True
    ).select_related("user", "organisation", "commitment__organisation"):
        owners[owner.action_id].append(owner)
    return owners


def period_current(*, agreement: Agreement, today: dt.date) -> ReportingPeriod | None:
    """The period whose updates are due next: the one containing today, else the last before."""
    periods = agreement.reporting_periods.all()
    return (
        periods.filter(start_date__lte=today, end_date__gte=today).first()
        or periods.filter(end_date__lt=today).order_by("-end_date").first()
    )


def action_results(*, action: Action, user) -> dict:
    """Everything the action page shows about results, in a fixed number of queries."""
    visible = list(
        policies.progress_updates_visible_to(user)
        .filter(action=action)
        .select_related("period", "author", "reviewed_by")
        .order_by("-period__start_date", "-created_at", "-pk")
    )
    latest = next((u for u in visible if u.approval != ApprovalState.REJECTED), None)
    # A steering group decision may have caused the change: "decided in meeting X".
    changes = (
        PlanChange.objects.filter(action__in=_lineage(action))
        .select_related("actor", "action__agreement")
        .prefetch_related("decisions__meeting__body")
    )
    return {
        "owners": list(
            action.owners.filter(active=True).select_related(
                "user", "organisation", "commitment__organisation"
            )
        ),
        "milestones": list(action.milestones.select_related("commitment__organisation")),
        "updates": visible,
        "latest": latest,
        "assessments": list(
            PrincipleAssessment.objects.filter(action=action).select_related(
                "principle", "assessed_by"
            )
        ),
        "timeline": list(changes[:200]),
    }


def _lineage(action: Action) -> list[int]:
    """The action and the actions of earlier agreements it continues, newest first."""
    ids, node = [], action
    while node is not None and node.pk not in ids:
        ids.append(node.pk)
        node = node.continues
    return ids


def snapshot_list(*, user, agreement: Agreement) -> QuerySet[Snapshot]:
    if not policies.can_view_agreement(user, agreement):
        return Snapshot.objects.none()
    return agreement.snapshots.select_related("created_by")


def updates_due_for(*, user, today: dt.date) -> list[dict]:
    """ "My updates": each action the user owns, with this period's update if already made."""
    owners = list(
        ActionOwner.objects.filter(user=user, active=True)
        .select_related("action__agreement", "action__domain", "organisation")
        .order_by("action__agreement__start_date", "action__sort_key")
    )
    periods: dict[int, ReportingPeriod | None] = {}
    rows = []
    for owner in owners:
        agreement = owner.action.agreement
        if agreement.pk not in periods:
            periods[agreement.pk] = period_current(agreement=agreement, today=today)
        period = periods[agreement.pk]
        if period is None:
            continue
        rows.append({"owner": owner, "action": owner.action, "period": period})
    done = set(
        ProgressUpdate.objects.filter(
            action__in=[r["action"] for r in rows],
            period__in=[r["period"] for r in rows],
        ).values_list("action_id", "period_id")
    )
    seen = set()
    result = []
    for row in rows:
        key = (row["action"].pk, row["period"].pk)
        if key in seen:
            continue
        seen.add(key)
        row["done"] = key in done
        row["overdue"] = not row["done"] and row["period"].due_date < today
        result.append(row)
    return result


def overdue_list(*, agreement: Agreement, today: dt.date) -> list[dict]:
    """Actions whose update for the last period due is missing: the coordinators' list."""
    period = agreement.reporting_periods.filter(due_date__lt=today).order_by("-due_date").first()
    if period is None:
        return []
    done = set(
        ProgressUpdate.objects.filter(period=period)
        .exclude(approval=ApprovalState.REJECTED)
        .values_list("action_id", flat=True)
    )
    owners = owners_by_action(agreement=agreement)
    return [
        {
            "action": action,
            "period": period,
            "days_overdue": (today - period.due_date).days,
            "owners": owners.get(action.pk, []),
        }
        for action in agreement.actions.select_related("lead_organisation")
        if action.pk not in done
    ]


def pending_approvals(*, user, agreement: Agreement) -> QuerySet[ProgressUpdate]:
    return (
        ProgressUpdate.objects.filter(action__agreement=agreement, approval=ApprovalState.PENDING)
        .select_related("action", "period", "author")
        .order_by("action__sort_key", "period__start_date")
    )


def plan_actions(*, agreement: Agreement) -> QuerySet[Action]:
    return agreement.actions.select_related("domain__theme", "lead_organisation").prefetch_related(
        Prefetch("milestones", queryset=Milestone.objects.order_by("due_date"))
    )


def plan_overview(*, agreement: Agreement, user) -> dict:
    """What the agreement page adds for results: each action's latest update and owners, the
    roll-up with its inputs, and what the user may do. A fixed number of queries; the themes,
    domains and actions come prefetched on ``agreement``."""
    from .rollup import figures_by_key, rollup_compute

    latest = latest_update_by_action(agreement=agreement)
    actions = [a for t in agreement.themes.all() for d in t.domains.all() for a in d.actions.all()]
    prefetch_related_objects(actions, "commitments")
    root = rollup_compute(agreement=agreement, latest=latest, structure=agreement.themes.all())
    can_approve = policies.can_approve_progress(user, None)
    return {
        "latest": latest,
        "owners": owners_by_action(agreement=agreement),
        "rollup": root,
        "figures": figures_by_key(root),
        "writable": policies.actions_writable_by(user, actions),
        "can_manage": policies.can_manage_results(user, agreement),
        "can_approve": can_approve,
        "pending_count": ProgressUpdate.objects.filter(
            action__agreement=agreement, approval=ApprovalState.PENDING
        ).count()
        if can_approve
        else 0,
    }


def action_overview(*, action: Action, user) -> dict:
    """The action page's results: owners, milestones, updates, the principles check and the
    timeline (including the history of the action it continues)."""
    data = action_results(action=action, user=user)
    found = {a.principle_id: a for a in data["assessments"]}
    data["principles"] = [
        {"principle": p, "assessment": found.get(p.pk)} for p in action.agreement.principles.all()
    ]
    data["can_write"] = data["can_assess"] = policies.can_write_progress(user, action)
    data["can_manage"] = policies.can_manage_results(user, action.agreement)
    return data
