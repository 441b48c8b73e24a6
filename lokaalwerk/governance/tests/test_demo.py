import pytest

from lokaalwerk.agreements.models import Action, PlanChange
from lokaalwerk.governance.constants import BodyKind, DecisionKind
from lokaalwerk.governance.models import Decision, Meeting

from .factories import governance_demo_load as demo_load

pytestmark = pytest.mark.django_db


def test_the_demo_holds_five_years_of_meetings_and_loads_twice_without_duplicates():
    demo_load()
    counts = (Meeting.objects.count(), Decision.objects.count())
    operational = Meeting.objects.filter(body__kind=BodyKind.OPERATIONAL_STEERING_GROUP)
    for year in range(2021, 2026):
        assert operational.filter(starts_at__year=year).count() == 3
        assert (
            Meeting.objects.filter(
                body__kind=BodyKind.POLITICAL_STEERING_GROUP, starts_at__year=year
            ).count()
            == 1
        )
    adjusting = Decision.objects.filter(kind=DecisionKind.ADJUST_PLAN)
    assert adjusting.count() == 5
    assert all(d.plan_changes.count() == 1 for d in adjusting)
    changes = PlanChange.objects.filter(decisions__in=adjusting)
    assert sorted(changes.values_list("kind", flat=True)) == ["action.updated"] * 4 + [
        "commitment.added"
    ]
    plan = list(Action.objects.values_list("code", "title", "description"))
    demo_load()
    assert (Meeting.objects.count(), Decision.objects.count()) == counts
    assert list(Action.objects.values_list("code", "title", "description")) == plan
    assert PlanChange.objects.filter(decisions__in=adjusting).count() == 5
