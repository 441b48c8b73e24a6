import datetime as dt
from collections import Counter

import pytest
from django.utils import timezone

from lokaalwerk.agreements.models import PlanChange
from lokaalwerk.core.demo import demo_load
from lokaalwerk.governance.constants import BodyKind
from lokaalwerk.governance.models import Meeting
from lokaalwerk.results.constants import ApprovalState
from lokaalwerk.results.models import (
    ActionOwner,
    Milestone,
    PrincipleAssessment,
    ProgressUpdate,
    Snapshot,
)
from lokaalwerk.results.selectors import latest_status_by_action

pytestmark = pytest.mark.django_db


def _counts():
    return (
        ActionOwner.objects.count(),
        Milestone.objects.count(),
        ProgressUpdate.objects.count(),
        PrincipleAssessment.objects.count(),
        Snapshot.objects.count(),
        PlanChange.objects.count(),
    )


def test_the_demo_periods_run_up_to_the_steering_group_meetings(demo):
    meetings = sorted(
        timezone.localtime(m.starts_at).date()
        for m in Meeting.objects.filter(
            body__agreement=demo, body__kind=BodyKind.OPERATIONAL_STEERING_GROUP
        )
        if demo.start_date < timezone.localtime(m.starts_at).date() <= demo.end_date
    )
    assert len(meetings) == 15
    periods = list(demo.reporting_periods.all())
    assert [p.end_date + dt.timedelta(days=1) for p in periods[:-1]] == meetings
    assert periods[0].start_date == demo.start_date
    assert periods[-1].end_date == demo.end_date
    assert not demo.changes.filter(kind="periods.quarterly").exists()


def test_the_demo_fills_the_mechelen_plan_with_five_years_of_updates_once(demo):
    updates = ProgressUpdate.objects.filter(action__agreement=demo)
    periods = demo.reporting_periods.count()
    assert updates.count() == 15 * periods == 15 * 16
    # One update per action per period, written within its period: no piles.
    per_period = Counter(updates.values_list("action_id", "period_id"))
    assert set(per_period.values()) == {1}
    assert all(
        u.period.start_date <= timezone.localtime(u.created_at).date() <= u.period.due_date
        for u in updates.select_related("period")
    )
    assert {u.period.start_date.year for u in updates.select_related("period")} == set(
        range(2021, 2026)
    )
    statuses = set(updates.values_list("status", flat=True))
    assert {"on_track", "at_risk", "off_track", "done", "not_started", "not_applicable"} <= statuses
    assert all(u.note for u in updates.filter(status__in=["at_risk", "off_track"]))
    assert updates.filter(approval=ApprovalState.PENDING).count() == 4
    assert len(latest_status_by_action(agreement=demo)) == 15
    assert all("Demo" in o.user.get_full_name() for o in ActionOwner.objects.select_related("user"))
    assert Snapshot.objects.filter(agreement=demo).count() == 2
    assert PrincipleAssessment.objects.count() == 8
    before = _counts()
    demo_load()
    assert _counts() == before
