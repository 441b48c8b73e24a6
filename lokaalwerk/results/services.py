"""Writing results: owners, milestones, reporting periods, progress updates and their approval,
the principles check, roll-up rules, publication choices, snapshots and the next agreement.

Rules from the agreement: Part III says the action domains "moeten zichtbare resultaten kennen";
principles 9 and 10 make the added value visible and measurable; Part II makes the principles
the assessment frame (toetsingskader) for every action; Part IV has the city–VDAB steering group
follow the plan. Every change is written to the plan's history (``PlanChange``) and the audit
trail inside the transaction that makes it.
"""

from __future__ import annotations

import datetime as dt
from pathlib import PurePath
from typing import Any

from django.conf import settings as django_settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lokaalwerk.agreements.constants import AgreementStatus
from lokaalwerk.agreements.models import (
    Action,
    ActionDomain,
    ActionItem,
    Agreement,
    Ambition,
    Commitment,
    Party,
    Principle,
    Signatory,
    Theme,
)
from lokaalwerk.agreements.services import plan_change_record
from lokaalwerk.audit.services import record
from lokaalwerk.core.uploads import size_reason

from . import selectors
from .constants import (
    EVIDENCE_EXTENSIONS,
    STATUSES_NEEDING_NOTE,
    ApprovalState,
    PeriodBasis,
    PrincipleRating,
    ProgressStatus,
    RollupMethod,
    RollupNode,
)
from .models import (
    ActionOwner,
    Milestone,
    PrincipleAssessment,
    ProgressUpdate,
    PublicationSettings,
    ReportingPeriod,
    RollupRule,
    Snapshot,
)

#: Updates for a period are due this many days after a calendar quarter ends.
QUARTER_DUE_DAYS = 14
#: Updates are due this many days before a steering group meeting, to prepare the meeting pack.
MEETING_LEAD_DAYS = 7


class ResultsError(ValidationError):
    """Bad input for a results service; ``message_dict`` ties messages to fields."""


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


# --- Reporting periods ------------------------------------------------------------------------


def _quarters(start: dt.date, end: dt.date) -> list[tuple[dt.date, dt.date]]:
    result = []
    first_month = (start.month - 1) // 3 * 3 + 1
    cursor = dt.date(start.year, first_month, 1)
    while cursor <= end:
        month = cursor.month + 3
        following = dt.date(cursor.year + (month - 1) // 12, (month - 1) % 12 + 1, 1)
        result.append((max(cursor, start), min(following - dt.timedelta(days=1), end)))
        cursor = following
    return result


def _quarter_label(start: dt.date) -> str:
    return f"{start.year} Q{(start.month - 1) // 3 + 1}"


def _replace_periods(
    *, agreement: Agreement, wanted: list[dict[str, Any]], actor, kind: str
) -> list[ReportingPeriod]:
    """Make the agreement's periods exactly ``wanted`` without losing an update.

    An update of a period that is dropped, or whose days change, goes to the new period that
    holds its old period's last day — or the day it was written, when that came earlier: an
    update never lands in a period that had not started when it was written (nobody may write
    for such a period), and never in a later one because its old period ran long."""
    existing = {p.start_date: p for p in agreement.reporting_periods.all()}
    old_days = {p.pk: (p.start_date, p.end_date) for p in existing.values()}
    before = [p.label for p in existing.values()]
    if not existing:
        kept = ReportingPeriod.objects.bulk_create(
            ReportingPeriod(agreement=agreement, **item) for item in wanted
        )
        existing_left: dict = {}
    else:
        kept, existing_left = _update_periods(existing, wanted, agreement)
    _move_updates(kept, old_days)
    for stale in existing_left.values():
        stale.delete()
    plan_change_record(
        agreement=agreement,
        actor=actor,
        kind=kind,
        summary=_("Reporting periods set: %(count)d periods") % {"count": len(kept)},
        changes={"periods": [before or None, [p.label for p in kept]]},
    )
    return kept


def _move_updates(
    kept: list[ReportingPeriod], old_days: dict[int, tuple[dt.date, dt.date]]
) -> None:
    new_days = {p.pk: (p.start_date, p.end_date) for p in kept}
    changed = [pk for pk, days in old_days.items() if new_days.get(pk) != days]
    moves: dict[int, list[int]] = {}
    for pk, period_id, created_at in ProgressUpdate.objects.filter(
        period_id__in=changed
    ).values_list("pk", "period_id", "created_at"):
        start, end = old_days[period_id]
        day = max(start, min(end, timezone.localtime(created_at).date()))
        target = next((p for p in kept if p.start_date <= day <= p.end_date), None)
        target = target or (kept[0] if day < kept[0].start_date else kept[-1])
        if target.pk != period_id:
            moves.setdefault(target.pk, []).append(pk)
    for target_id, update_ids in moves.items():
        ProgressUpdate.objects.filter(pk__in=update_ids).update(period_id=target_id)


def _update_periods(existing, wanted, agreement):
    kept = []
    for item in wanted:
        period = existing.pop(item["start_date"], None)
        if period is None:
            period = ReportingPeriod.objects.create(agreement=agreement, **item)
        else:
            for name, value in item.items():
                setattr(period, name, value)
            period.save()
        kept.append(period)
    return kept, existing


def _periods_if_unchanged(
    agreement: Agreement, wanted: list[dict[str, Any]]
) -> list[ReportingPeriod] | None:
    fields = ("start_date", "end_date", "due_date", "label")
    periods = list(agreement.reporting_periods.all())
    same = [tuple(getattr(p, f) for f in fields) for p in periods] == [
        tuple(w[f] for f in fields) for w in wanted
    ]
    return periods if same else None


def _set_periods(
    *, agreement: Agreement, wanted: list[dict[str, Any]], actor, kind: str
) -> list[ReportingPeriod]:
    """Write ``wanted`` unless the agreement already has exactly these periods: then nothing is
    written and no change is recorded."""
    unchanged = _periods_if_unchanged(agreement, wanted)
    if unchanged is not None:
        return unchanged
    with transaction.atomic():
        # Two meeting changes at once re-derive the periods one after the other.
        list(Agreement.objects.select_for_update().filter(pk=agreement.pk).values_list("pk"))
        unchanged = _periods_if_unchanged(agreement, wanted)
        if unchanged is not None:
            return unchanged
        return _replace_periods(agreement=agreement, wanted=wanted, actor=actor, kind=kind)


def reporting_periods_generate(*, agreement: Agreement, actor=None) -> list[ReportingPeriod]:
    """Calendar quarters over the agreement's term; updates due two weeks after each quarter.

    Idempotent: periods that already exist are kept with their updates."""
    wanted = [
        {
            "label": _quarter_label(start),
            "start_date": start,
            "end_date": end,
            "due_date": end + dt.timedelta(days=QUARTER_DUE_DAYS),
        }
        for start, end in _quarters(agreement.start_date, agreement.effective_end())
    ]
    return _set_periods(agreement=agreement, wanted=wanted, actor=actor, kind="periods.quarterly")


def _up_to_label(day: dt.date) -> str:
    # The label is stored: it is written in the site's language whatever the reader's, so that
    # deriving the same periods again finds them equal and writes nothing.
    with translation.override(django_settings.LANGUAGE_CODE):
        return _("Up to %(date)s") % {"date": day.isoformat()}


def reporting_periods_from_meetings(
    *,
    agreement: Agreement,
    meeting_dates: list[dt.date],
    actor=None,
    lead_days: int = MEETING_LEAD_DAYS,
) -> list[ReportingPeriod]:
    """Periods that run up to each meeting of the city–VDAB steering group (Part IV).

    Each period ends the day before a meeting and its updates are due ``lead_days`` before it,
    so the meeting pack holds fresh figures. After the last meeting, one period runs to the end
    of the agreement. Meeting dates outside the agreement are ignored. Idempotent, like the
    quarters."""
    start, end = agreement.start_date, agreement.effective_end()
    dates = sorted({d for d in meeting_dates if start < d <= end})
    if not dates:
        raise ResultsError({"meeting_dates": [_("No meeting falls within the agreement.")]})
    wanted, cursor = [], start
    for meeting in dates:
        wanted.append(
            {
                "label": _up_to_label(meeting),
                "start_date": cursor,
                "end_date": meeting - dt.timedelta(days=1),
                "due_date": max(cursor, meeting - dt.timedelta(days=lead_days)),
            }
        )
        cursor = meeting
    if cursor <= end:
        wanted.append(
            {
                "label": _up_to_label(end),
                "start_date": cursor,
                "end_date": end,
                "due_date": end + dt.timedelta(days=QUARTER_DUE_DAYS),
            }
        )
    return _set_periods(agreement=agreement, wanted=wanted, actor=actor, kind="periods.meetings")


def reporting_periods_sync(
    *, agreement: Agreement, actor=None, today: dt.date | None = None
) -> list[ReportingPeriod]:
    """Derive the agreement's reporting periods from what they follow (``period_basis``).

    With the basis "meetings" (the default) and meetings of the city–VDAB steering group within
    the agreement that are not cancelled, each period is the run-up to one of them (Part IV);
    otherwise, or with the basis "quarters", the periods are calendar quarters. Idempotent:
    when the periods are already the wanted ones nothing is written and no change recorded.
    No update is lost when the periods change (see ``_replace_periods`` for where each goes).

    An agreement that has ended keeps the periods it has: its progress is final (no more
    updates are taken) and every update stays in the round it was given for. It only gets
    periods when it has none."""
    if agreement.reporting_periods.exists() and selectors.agreement_has_ended(
        agreement=agreement, today=_today(today)
    ):
        return list(agreement.reporting_periods.all())
    basis = selectors.publication_for(agreement=agreement).period_basis
    if basis == PeriodBasis.MEETINGS:
        meetings = selectors.period_meetings(agreement=agreement)
        if meetings:
            return reporting_periods_from_meetings(
                agreement=agreement,
                meeting_dates=[timezone.localtime(m.starts_at).date() for m in meetings],
                actor=actor,
            )
    return reporting_periods_generate(agreement=agreement, actor=actor)


def reporting_periods_ensure(*, agreement: Agreement) -> None:
    """Periods that follow the agreement's basis, before anyone writes or reads an update for
    a period (a no-op when they already do)."""
    reporting_periods_sync(agreement=agreement)


def reporting_period_basis_set(
    *,
    actor,
    agreement: Agreement,
    basis: str,
    today: dt.date | None = None,
    source: str = "",
) -> list[ReportingPeriod]:
    """Coordinators choose what the reporting periods follow: the meetings of the city–VDAB
    steering group or the calendar quarters; the periods follow at once.

    Refused once the agreement has ended: its periods and updates are final."""
    if basis not in PeriodBasis.values:
        raise ResultsError({"basis": [_("Choose what the reporting periods follow.")]})
    if selectors.agreement_has_ended(agreement=agreement, today=_today(today)):
        raise ResultsError(
            {"__all__": [_("The agreement has ended; its reporting periods no longer change.")]}
        )
    with transaction.atomic():
        settings, _created = PublicationSettings.objects.get_or_create(agreement=agreement)
        if settings.period_basis != basis:
            before = settings.period_basis
            settings.period_basis = basis
            settings.save(update_fields=["period_basis", "updated_at"])
            plan_change_record(
                agreement=agreement,
                actor=actor,
                kind="periods.basis",
                summary=_("Reporting periods follow: %(basis)s")
                % {"basis": PeriodBasis(basis).label},
                changes={"period_basis": [before, basis]},
                target=settings,
            )
            record(
                actor=actor,
                action="periods.basis_changed",
                target=settings,
                source=source,
                data={"before": before, "after": basis},
            )
        return reporting_periods_sync(agreement=agreement, actor=actor, today=today)


# --- Owners and milestones --------------------------------------------------------------------


def owner_add(
    *,
    actor,
    action: Action,
    user,
    organisation=None,
    commitment: Commitment | None = None,
    name_public: bool = False,
    source: str = "",
) -> ActionOwner:
    """Name a person answerable for an action, or for one partner's commitment in it.

    Owners are people from a partner: an action with only phantom owners is what this prevents,
    so the person must be a member of the organisation they own the action for."""
    if commitment is not None and commitment.action_id != action.pk:
        raise ResultsError({"commitment": [_("This commitment belongs to another action.")]})
    organisation = organisation or (commitment.organisation if commitment else None)
    if organisation is None:
        membership = user.memberships.select_related("organisation").first()
        organisation = membership.organisation if membership else None
    if (
        organisation is None
        or not user.memberships.filter(
            organisation_id__in=_organisation_and_children(organisation)
        ).exists()
    ):
        raise ResultsError({"user": [_("This person is not a member of that organisation.")]})
    with transaction.atomic():
        owner, created = ActionOwner.objects.get_or_create(
            action=action,
            user=user,
            organisation=organisation,
            defaults={"commitment": commitment, "name_public": name_public},
        )
        before = {"active": owner.active, "name_public": owner.name_public}
        owner.commitment, owner.name_public, owner.active = commitment, name_public, True
        owner.save()
        if created or before != {"active": True, "name_public": name_public}:
            plan_change_record(
                agreement=action.agreement,
                actor=actor,
                kind="owner.added",
                summary=_("%(code)s: owner added for %(organisation)s")
                % {"code": action.code, "organisation": organisation},
                action=action,
                changes={"owner": [None, f"{organisation} (#{owner.pk})"]},
                target=owner,
            )
            record(actor=actor, action="owner.added", target=owner, source=source)
    return owner


def _organisation_and_children(organisation) -> list[int]:
    from lokaalwerk.accounts.models import Organisation

    ids, frontier = [organisation.pk], [organisation.pk]
    while frontier:
        frontier = list(
            Organisation.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        frontier = [pk for pk in frontier if pk not in ids]
        ids.extend(frontier)
    return ids


def owner_remove(*, actor, owner: ActionOwner, source: str = "") -> None:
    if not owner.active:
        return
    with transaction.atomic():
        owner.active = False
        owner.save(update_fields=["active", "updated_at"])
        plan_change_record(
            agreement=owner.action.agreement,
            actor=actor,
            kind="owner.removed",
            summary=_("%(code)s: owner for %(organisation)s removed")
            % {"code": owner.action.code, "organisation": owner.organisation},
            action=owner.action,
            changes={"owner": [f"{owner.organisation} (#{owner.pk})", None]},
            target=owner,
        )
        record(actor=actor, action="owner.removed", target=owner, source=source)


def milestone_save(
    *,
    actor,
    action: Action,
    title: str,
    due_date: dt.date,
    done_on: dt.date | None = None,
    commitment: Commitment | None = None,
    milestone: Milestone | None = None,
    source: str = "",
) -> Milestone:
    """Create or change a milestone; the before and after go into the plan's history."""
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("A milestone needs a title.")]
    if due_date is None:
        errors["due_date"] = [_("A milestone needs a due date.")]
    if commitment is not None and commitment.action_id != action.pk:
        errors["commitment"] = [_("This commitment belongs to another action.")]
    if errors:
        raise ResultsError(errors)
    values = {"title": title.strip(), "due_date": due_date, "done_on": done_on}
    with transaction.atomic():
        if milestone is None:
            milestone = Milestone.objects.create(action=action, commitment=commitment, **values)
            changes = {k: [None, _plain(v)] for k, v in values.items()}
            kind = "milestone.added"
        else:
            changes = {
                k: [_plain(getattr(milestone, k)), _plain(v)]
                for k, v in values.items()
                if getattr(milestone, k) != v
            }
            if not changes:
                return milestone
            for name, value in values.items():
                setattr(milestone, name, value)
            milestone.commitment = commitment
            milestone.save()
            kind = "milestone.done" if "done_on" in changes and done_on else "milestone.changed"
        plan_change_record(
            agreement=action.agreement,
            actor=actor,
            kind=kind,
            summary=f"{action.code}: {milestone.title}",
            action=action,
            changes=changes,
            target=milestone,
        )
        record(actor=actor, action=kind, target=milestone, source=source, data=changes)
    return milestone


def _plain(value: Any) -> Any:
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


# --- Progress updates -------------------------------------------------------------------------


def _check_evidence(evidence_file) -> list[str]:
    if not evidence_file:
        return []
    problems = []
    limit = django_settings.EVIDENCE_UPLOAD_MAX_BYTES
    if evidence_file.size > limit:
        problems.append(size_reason(limit))
    extension = PurePath(evidence_file.name).suffix.lower().lstrip(".")
    if extension not in EVIDENCE_EXTENSIONS:
        problems.append(
            _("Files of this type are not accepted; use one of: %(types)s.")
            % {"types": ", ".join(EVIDENCE_EXTENSIONS)}
        )
    else:
        head = evidence_file.read(8)
        evidence_file.seek(0)
        if not _content_matches(extension, head):
            problems.append(_("The file's content does not match its name."))
    return problems


#: The first bytes each binary type starts with; text types (csv, txt) are not checked.
_SIGNATURES = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
}


def _content_matches(extension: str, head: bytes) -> bool:
    signatures = _SIGNATURES.get(extension)
    if signatures is None:
        return b"\x00" not in head
    return head.startswith(signatures)


def validate_update(
    *,
    action: Action,
    period: ReportingPeriod | None,
    status: str,
    progress: Any,
    note: str = "",
    evidence_file=None,
    today: dt.date | None = None,
) -> dict[str, list[str]]:
    """The rules for one progress update, as field -> messages (empty when it is valid)."""
    errors: dict[str, list[str]] = {}
    agreement = action.agreement
    today = _today(today)
    if selectors.agreement_has_ended(agreement=agreement, today=today):
        errors["__all__"] = [
            _("The agreement ended on %(date)s; its progress can no longer be updated.")
            % {"date": agreement.effective_end().isoformat()}
        ]
    if period is None:
        errors["period"] = [_("Choose a reporting period.")]
    elif period.agreement_id != agreement.pk:
        errors["period"] = [_("This period belongs to another agreement.")]
    elif period.start_date > today:
        errors["period"] = [_("This period has not started yet.")]
    if status not in ProgressStatus.values:
        errors["status"] = [_("Choose a status.")]
    elif status in STATUSES_NEEDING_NOTE and not (note or "").strip():
        errors["note"] = [_("Explain why the action is at risk or off track.")]
    try:
        value = int(progress)
        if str(progress).strip() != str(value) and not isinstance(progress, int):
            raise ValueError
    except (TypeError, ValueError):
        errors["progress"] = [_("Progress is a whole number from 0 to 100.")]
    else:
        if not 0 <= value <= 100:
            errors["progress"] = [_("Progress is a whole number from 0 to 100.")]
    evidence_problems = _check_evidence(evidence_file)
    if evidence_problems:
        errors["evidence_file"] = evidence_problems
    return errors


def _approval_required(agreement: Agreement) -> bool:
    settings = PublicationSettings.objects.filter(agreement=agreement).first()
    return True if settings is None else settings.approval_required


def progress_update_create(
    *,
    actor,
    action: Action,
    period: ReportingPeriod | None,
    status: str,
    progress: Any,
    note: str = "",
    narrative: str = "",
    evidence_file=None,
    evidence_url: str = "",
    unchanged: bool = False,
    today: dt.date | None = None,
    source: str = "",
) -> ProgressUpdate:
    """Record an owner's account of an action for a period.

    A note is required for at risk and off track; progress is 0–100; an ended agreement takes
    no more updates. When the agreement requires it, a coordinator approves the update before
    it becomes public; otherwise it is approved at once."""
    errors = validate_update(
        action=action,
        period=period,
        status=status,
        progress=progress,
        note=note,
        evidence_file=evidence_file,
        today=today,
    )
    if errors:
        raise ResultsError(errors)
    with transaction.atomic():
        previous = (
            ProgressUpdate.objects.filter(action=action)
            .exclude(approval=ApprovalState.REJECTED)
            .select_related("period")
            .order_by("-period__start_date", "-created_at", "-pk")
            .first()
        )
        needs_approval = _approval_required(action.agreement)
        update = ProgressUpdate.objects.create(
            action=action,
            period=period,
            author=actor if getattr(actor, "is_authenticated", False) else None,
            status=status,
            progress=int(progress),
            note=note.strip(),
            narrative=narrative.strip(),
            evidence_file=evidence_file or "",
            evidence_url=evidence_url,
            unchanged=unchanged,
            approval=ApprovalState.PENDING if needs_approval else ApprovalState.APPROVED,
        )
        changes = {
            "status": [previous.status if previous else None, status],
            "progress": [previous.progress if previous else None, int(progress)],
        }
        if note.strip():
            changes["note"] = [previous.note if previous else None, note.strip()]
        plan_change_record(
            agreement=action.agreement,
            actor=actor,
            kind="progress.unchanged" if unchanged else "progress.updated",
            summary=_("%(code)s, %(period)s: %(status)s, %(progress)d%%")
            % {
                "code": action.code,
                "period": period.label,
                "status": update.get_status_display(),
                "progress": update.progress,
            },
            action=action,
            changes=changes,
            target=update,
        )
        record(
            actor=actor,
            action="progress_update.created",
            target=update,
            source=source,
            data={"status": status, "progress": int(progress), "period": period.label},
        )
    return update


def progress_update_unchanged(
    *,
    actor,
    action: Action,
    period: ReportingPeriod | None,
    today: dt.date | None = None,
    source: str = "",
) -> ProgressUpdate:
    """ "Unchanged since last update" in one click: repeat the latest status and progress."""
    previous = (
        ProgressUpdate.objects.filter(action=action)
        .exclude(approval=ApprovalState.REJECTED)
        .order_by("-period__start_date", "-created_at", "-pk")
        .first()
    )
    if previous is None:
        raise ResultsError({"__all__": [_("There is no earlier update to repeat.")]})
    return progress_update_create(
        actor=actor,
        action=action,
        period=period,
        status=previous.status,
        progress=previous.progress,
        note=previous.note,
        narrative=previous.narrative,
        evidence_url=previous.evidence_url,
        unchanged=True,
        today=today,
        source=source,
    )


def progress_update_review(
    *, actor, update: ProgressUpdate, approve: bool, note: str = "", source: str = ""
) -> ProgressUpdate:
    """A coordinator approves an update (it becomes public) or returns it with a reason."""
    if update.approval != ApprovalState.PENDING:
        raise ResultsError({"__all__": [_("This update was already reviewed.")]})
    if not approve and not note.strip():
        raise ResultsError({"review_note": [_("Say why the update is returned.")]})
    state = ApprovalState.APPROVED if approve else ApprovalState.REJECTED
    with transaction.atomic():
        update.approval = state
        update.reviewed_by = actor
        update.reviewed_at = timezone.now()
        update.review_note = note.strip()
        update.save(
            update_fields=["approval", "reviewed_by", "reviewed_at", "review_note", "updated_at"]
        )
        plan_change_record(
            agreement=update.action.agreement,
            actor=actor,
            kind="progress.approved" if approve else "progress.returned",
            summary=_("%(code)s, %(period)s: update %(state)s")
            % {
                "code": update.action.code,
                "period": update.period.label,
                "state": update.get_approval_display().lower(),
            },
            action=update.action,
            changes={"approval": [ApprovalState.PENDING, state]},
            target=update,
        )
        record(
            actor=actor,
            action="progress_update.approved" if approve else "progress_update.returned",
            target=update,
            source=source,
        )
    return update


# --- The principles check ---------------------------------------------------------------------


def principle_assess(
    *,
    actor,
    action: Action,
    principle: Principle,
    rating: str,
    justification: str,
    source: str = "",
) -> PrincipleAssessment:
    """Assess an action against one principle (Part II: the assessment frame), with reasons."""
    errors = {}
    if principle.agreement_id != action.agreement_id:
        errors["principle"] = [_("This principle belongs to another agreement.")]
    if rating not in PrincipleRating.values:
        errors["rating"] = [_("Choose met, partly met, not met or not applicable.")]
    if not justification.strip():
        errors["justification"] = [_("Give a justification.")]
    if errors:
        raise ResultsError(errors)
    with transaction.atomic():
        assessment = PrincipleAssessment.objects.filter(action=action, principle=principle).first()
        before = (assessment.rating, assessment.justification) if assessment else (None, None)
        if before == (rating, justification.strip()):
            return assessment
        if assessment is None:
            assessment = PrincipleAssessment(action=action, principle=principle)
        assessment.rating = rating
        assessment.justification = justification.strip()
        assessment.assessed_by = actor
        assessment.save()
        plan_change_record(
            agreement=action.agreement,
            actor=actor,
            kind="principle.assessed",
            summary=_("%(code)s × principle %(number)d: %(rating)s")
            % {
                "code": action.code,
                "number": principle.number,
                "rating": assessment.get_rating_display(),
            },
            action=action,
            changes={
                "rating": [before[0], rating],
                "justification": [before[1], assessment.justification],
            },
            target=assessment,
        )
        record(actor=actor, action="principle.assessed", target=assessment, source=source)
    return assessment


# --- Roll-up rules and publication ------------------------------------------------------------


def rollup_rule_set(
    *,
    actor,
    agreement: Agreement,
    node_type: str,
    node_id: int,
    method: str,
    weights: dict[str, Any] | None = None,
    manual_value: int | None = None,
    reason: str = "",
    source: str = "",
) -> RollupRule:
    """Choose how a theme, action domain or the agreement combines what lies below it.

    Weights must be zero or more with a positive total (they are normalised when used); a value
    set by hand needs a reason, which the "how was this computed" panel shows."""
    errors: dict[str, list[str]] = {}
    if node_type not in RollupNode.values:
        errors["node_type"] = [_("Unknown level.")]
    if method not in RollupMethod.values:
        errors["method"] = [_("Unknown rule.")]
    clean_weights: dict[str, float] = {}
    if method == RollupMethod.WEIGHTED:
        try:
            clean_weights = {str(k): float(v) for k, v in (weights or {}).items()}
        except (TypeError, ValueError):
            errors["weights"] = [_("Weights are numbers.")]
        else:
            if any(v < 0 for v in clean_weights.values()) or sum(clean_weights.values()) <= 0:
                errors["weights"] = [_("Weights are zero or more, with a total above zero.")]
    if method == RollupMethod.MANUAL:
        if manual_value is None or not 0 <= int(manual_value) <= 100:
            errors["manual_value"] = [_("Give a value from 0 to 100.")]
        if not reason.strip():
            errors["reason"] = [_("A value set by hand needs a reason.")]
    if errors:
        raise ResultsError(errors)
    with transaction.atomic():
        rule = RollupRule.objects.filter(
            agreement=agreement, node_type=node_type, node_id=node_id
        ).first()
        before = (
            {"method": rule.method, "manual_value": rule.manual_value, "weights": rule.weights}
            if rule
            else {"method": RollupMethod.AVERAGE, "manual_value": None, "weights": {}}
        )
        rule = rule or RollupRule(agreement=agreement, node_type=node_type, node_id=node_id)
        rule.method = method
        rule.weights = clean_weights
        rule.manual_value = int(manual_value) if method == RollupMethod.MANUAL else None
        rule.reason = reason.strip()
        rule.save()
        after = {"method": rule.method, "manual_value": rule.manual_value, "weights": rule.weights}
        plan_change_record(
            agreement=agreement,
            actor=actor,
            kind="rollup.rule",
            summary=_("Roll-up rule for %(level)s %(id)s: %(method)s")
            % {
                "level": RollupNode(node_type).label,
                "id": node_id,
                "method": rule.get_method_display(),
            },
            changes={k: [before[k], after[k]] for k in after if before[k] != after[k]},
            target=rule,
        )
        record(actor=actor, action="rollup_rule.set", target=rule, source=source, data=after)
    return rule


def publication_update(
    *,
    actor,
    agreement: Agreement,
    published: bool,
    show_progress: bool,
    show_narrative: bool,
    show_owners: bool,
    approval_required: bool,
    hidden_actions: list[Action] | None = None,
    source: str = "",
) -> PublicationSettings:
    """Coordinators choose what the public transparency page shows (principle 9)."""
    with transaction.atomic():
        settings, _created = PublicationSettings.objects.get_or_create(agreement=agreement)
        fields = {
            "published": published,
            "show_progress": show_progress,
            "show_narrative": show_narrative,
            "show_owners": show_owners,
            "approval_required": approval_required,
        }
        changes = {
            k: [getattr(settings, k), v] for k, v in fields.items() if getattr(settings, k) != v
        }
        for name, value in fields.items():
            setattr(settings, name, value)
        settings.save()
        if hidden_actions is not None:
            before = sorted(settings.hidden_actions.values_list("code", flat=True))
            after = sorted(a.code for a in hidden_actions)
            if before != after:
                settings.hidden_actions.set(hidden_actions)
                changes["hidden_actions"] = [before, after]
        if changes:
            plan_change_record(
                agreement=agreement,
                actor=actor,
                kind="publication.changed",
                summary=_("Publication of results changed"),
                changes=changes,
                target=settings,
            )
            record(
                actor=actor,
                action="publication.changed",
                target=settings,
                source=source,
                data=changes,
            )
    return settings


# --- Snapshots --------------------------------------------------------------------------------


def snapshot_create(
    *,
    agreement: Agreement,
    name: str,
    actor,
    reference: str = "",
    public_only: bool = False,
    source: str = "",
) -> Snapshot:
    """Freeze the plan with its latest progress under a name, e.g. for a steering group meeting.

    With ``public_only`` only approved updates are frozen (what a meeting pack shows)."""
    from .snapshots import snapshot_data

    name = name.strip()
    if not name:
        raise ResultsError({"name": [_("Give the snapshot a name.")]})
    if Snapshot.objects.filter(agreement=agreement, name=name).exists():
        raise ResultsError({"name": [_("A snapshot with this name already exists.")]})
    with transaction.atomic():
        snapshot = Snapshot.objects.create(
            agreement=agreement,
            name=name,
            reference=reference,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            data=snapshot_data(agreement=agreement, public_only=public_only),
        )
        plan_change_record(
            agreement=agreement,
            actor=actor,
            kind="snapshot.created",
            summary=_("Snapshot %(name)s frozen") % {"name": name},
            target=snapshot,
        )
        record(actor=actor, action="snapshot.created", target=snapshot, source=source)
    return snapshot


# --- The next agreement -----------------------------------------------------------------------


def agreement_continue(
    *,
    actor,
    predecessor: Agreement,
    title: str,
    slug: str,
    start_date: dt.date,
    end_date: dt.date,
    action_codes: list[str],
    source: str = "",
) -> Agreement:
    """Create the next agreement from this one, carrying the chosen actions forward.

    "Een deel van de acties bouwt verder op positieve realisaties": each carried action keeps a
    link to its predecessor (``Action.continues``) and so its history. Parties, ambitions and
    principles are copied; themes and action domains only where a carried action needs them."""
    actions = _validate_continuation(
        predecessor=predecessor,
        title=title,
        slug=slug,
        start_date=start_date,
        end_date=end_date,
        action_codes=action_codes,
    )
    with transaction.atomic():
        agreement = Agreement.objects.create(
            title=title.strip(),
            slug=slug,
            start_date=start_date,
            end_date=end_date,
            status=AgreementStatus.DRAFT
            if start_date > timezone.localdate()
            else AgreementStatus.ACTIVE,
            predecessor=predecessor,
        )
        agreement.municipalities.set(predecessor.municipalities.all())
        _copy_frame(predecessor, agreement)
        themes: dict[int, Theme] = {}
        domains: dict[int, ActionDomain] = {}
        for old in actions:
            old_theme = old.domain.theme
            if old_theme.pk not in themes:
                themes[old_theme.pk] = Theme.objects.create(
                    agreement=agreement, number=old_theme.number, title=old_theme.title
                )
            if old.domain_id not in domains:
                domains[old.domain_id] = ActionDomain.objects.create(
                    agreement=agreement,
                    theme=themes[old_theme.pk],
                    number=old.domain.number,
                    title=old.domain.title,
                )
            new = Action.objects.create(
                agreement=agreement,
                domain=domains[old.domain_id],
                code=old.code,
                title=old.title,
                description=old.description,
                description_en=old.description_en,
                lead_organisation_id=old.lead_organisation_id,
                continues=old,
            )
            ActionItem.objects.bulk_create(
                ActionItem(
                    action=new,
                    code=i.code,
                    title=i.title,
                    description=i.description,
                    order=i.order,
                )
                for i in old.items.all()
            )
            Commitment.objects.bulk_create(
                Commitment(action=new, organisation_id=c.organisation_id, text=c.text)
                for c in old.commitments.all()
            )
            for change_agreement, change_action in ((predecessor, old), (agreement, new)):
                plan_change_record(
                    agreement=change_agreement,
                    actor=actor,
                    kind="action.carried",
                    summary=_("%(code)s carried forward from %(old)s to %(new)s")
                    % {"code": old.code, "old": predecessor.title, "new": agreement.title},
                    action=change_action,
                    changes={"continues": [None, f"{predecessor.slug}/{old.code}"]},
                    target=new,
                )
        reporting_periods_sync(agreement=agreement, actor=actor)
        record(
            actor=actor,
            action="agreement.continued",
            target=agreement,
            source=source,
            data={"predecessor": predecessor.slug, "actions": sorted(action_codes)},
        )
    return agreement


def _validate_continuation(
    *, predecessor, title, slug, start_date, end_date, action_codes
) -> list[Action]:
    errors: dict[str, list[str]] = {}
    if not title.strip():
        errors["title"] = [_("Give the new agreement a title.")]
    if Agreement.objects.filter(slug=slug).exists():
        errors["slug"] = [_("An agreement with this short name already exists.")]
    if end_date < start_date:
        errors["end_date"] = [_("The agreement ends before it starts.")]
    elif start_date <= predecessor.start_date:
        errors["start_date"] = [_("The next agreement starts after the previous one.")]
    if Agreement.objects.filter(predecessor=predecessor).exists():
        errors["__all__"] = [_("This agreement already has a next agreement.")]
    actions = list(
        predecessor.actions.filter(code__in=action_codes)
        .select_related("domain__theme")
        .prefetch_related("items", "commitments")
    )
    unknown = sorted(set(action_codes) - {a.code for a in actions})
    if unknown:
        errors["action_codes"] = [_("Unknown actions: %(codes)s") % {"codes": ", ".join(unknown)}]
    if not action_codes:
        errors["action_codes"] = [_("Choose at least one action to carry forward.")]
    if errors:
        raise ResultsError(errors)
    return actions


def _copy_frame(old: Agreement, new: Agreement) -> None:
    for party in old.parties.prefetch_related("signatories"):
        copy = Party.objects.create(
            agreement=new,
            organisation_id=party.organisation_id,
            name=party.name,
            address=party.address,
            order=party.order,
        )
        Signatory.objects.bulk_create(
            Signatory(party=copy, name=s.name, function=s.function, order=s.order)
            for s in party.signatories.all()
        )
    Ambition.objects.bulk_create(
        Ambition(agreement=new, number=a.number, title=a.title) for a in old.ambitions.all()
    )
    Principle.objects.bulk_create(
        Principle(agreement=new, number=p.number, title=p.title, text=p.text)
        for p in old.principles.all()
    )
