import pytest

from lokaalwerk.agreements.models import PlanChange
from lokaalwerk.core.demo import demo_load
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


def test_the_demo_fills_the_mechelen_plan_with_five_years_of_updates_once(demo):
    updates = ProgressUpdate.objects.filter(action__agreement=demo)
    assert updates.count() == 15 * 20
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
