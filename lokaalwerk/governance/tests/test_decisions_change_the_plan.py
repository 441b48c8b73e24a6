import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from lokaalwerk.agreements.models import PlanChange
from lokaalwerk.governance import services
from lokaalwerk.governance.constants import DecisionKind
from lokaalwerk.governance.models import Decision

from .factories import ActionFactory, MeetingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(vdab):
    return MeetingFactory(body__convenor=vdab)


def test_a_decision_that_adjusts_the_plan_is_linked_to_the_change_it_caused(
    meeting, vdab_coordinator
):
    action = ActionFactory(domain__theme__agreement=meeting.body.agreement)
    decision = services.decision_record(
        actor=vdab_coordinator,
        meeting=meeting,
        kind=DecisionKind.ADJUST_PLAN,
        text="De pop-up gaat naar twee dagen per week.",
        action_changes={action: {"description": "Twee dagen per week."}},
    )
    action.refresh_from_db()
    assert action.description == "Twee dagen per week."
    (change,) = decision.plan_changes.all()
    assert change.action == action
    assert change.changes == {
        "description": ["Oorspronkelijke beschrijving.", "Twee dagen per week."]
    }
    assert list(change.decisions.all()) == [decision]
    assert set(decision.actions.all()) == {action}
    html = render_to_string("governance/_plan_change_decisions.html", {"change": change})
    assert f"Beslist in vergadering {meeting}" in html
    assert meeting.body.name in str(decision.meeting)


def test_an_adjustment_that_changes_nothing_is_refused_whole(meeting, vdab_coordinator):
    action = ActionFactory(domain__theme__agreement=meeting.body.agreement)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=vdab_coordinator,
            meeting=meeting,
            kind=DecisionKind.ADJUST_PLAN,
            text="Niets",
            action_changes={action: {"description": action.description}},
        )
    assert not Decision.objects.exists()
    assert not PlanChange.objects.exists()


def test_only_an_adjusting_decision_changes_actions(meeting, vdab_coordinator):
    action = ActionFactory(domain__theme__agreement=meeting.body.agreement)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=vdab_coordinator,
            meeting=meeting,
            kind=DecisionKind.TAKE_NOTE,
            text="Kennisname",
            action_changes={action: {"title": "Anders"}},
        )
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=vdab_coordinator, meeting=meeting, kind=DecisionKind.ADJUST_PLAN, text="Leeg"
        )
    other = ActionFactory()
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=vdab_coordinator,
            meeting=meeting,
            kind=DecisionKind.APPROVE,
            text="Goedgekeurd",
            actions=[other],
        )
    assert not Decision.objects.exists()


def test_the_decision_form_adjusts_the_plan_and_the_history_names_the_meeting(
    client, meeting, vdab_coordinator
):
    action = ActionFactory(domain__theme__agreement=meeting.body.agreement)
    client.force_login(vdab_coordinator)
    url = reverse("governance:decision-create", args=[meeting.pk])
    response = client.post(
        url, {"kind": DecisionKind.ADJUST_PLAN, "text": "Bijsturing", "changed_action": action.pk}
    )
    assert response.status_code == 200
    assert "new_title" in response.context["form"].errors
    response = client.post(
        url,
        {
            "kind": DecisionKind.ADJUST_PLAN,
            "text": "Bijsturing",
            "changed_action": action.pk,
            "new_title": "Nieuwe titel",
        },
    )
    assert response.status_code == 302
    history = client.get(reverse("governance:plan-history", args=[meeting.body.agreement.slug]))
    assert "Beslist in vergadering" in history.content.decode()
    assert str(meeting) in history.content.decode()


def test_decisions_wait_for_the_meeting(vdab_coordinator):
    import datetime as dt

    from django.utils import timezone

    future = MeetingFactory(
        starts_at=timezone.now() + dt.timedelta(days=2),
        ends_at=timezone.now() + dt.timedelta(days=2, hours=2),
    )
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=vdab_coordinator, meeting=future, kind=DecisionKind.TAKE_NOTE, text="Te vroeg"
        )
