import datetime as dt

import pytest

from lokaalwerk.agreements.models import Agreement, PlanChange
from lokaalwerk.results import services
from lokaalwerk.results.models import Snapshot
from lokaalwerk.results.services import ResultsError
from lokaalwerk.results.snapshots import snapshot_compare

from .conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_owners_milestones_and_assessments_are_recorded_with_before_and_after(
    plan, city_caseworker, city_coordinator, social_house
):
    action = plan.actions.get(code="1.1")
    owner = services.owner_add(
        actor=city_coordinator, action=action, user=city_caseworker, organisation=social_house
    )
    milestone = services.milestone_save(
        actor=city_caseworker, action=action, title="Pop-up gestart", due_date=dt.date(2025, 6, 1)
    )
    services.milestone_save(
        actor=city_caseworker,
        action=action,
        milestone=milestone,
        title="Pop-up gestart",
        due_date=dt.date(2025, 6, 1),
        done_on=dt.date(2025, 5, 28),
    )
    principle = plan.principles.create(number=1, title="Eén aanspreekpunt", text="...")
    services.principle_assess(
        actor=city_caseworker,
        action=action,
        principle=principle,
        rating="partly",
        justification="Nog twee loketten",
    )
    services.owner_remove(actor=city_coordinator, owner=owner)
    kinds = list(action.changes.order_by("id").values_list("kind", flat=True))
    assert kinds == [
        "owner.added",
        "milestone.added",
        "milestone.done",
        "principle.assessed",
        "owner.removed",
    ]
    done = action.changes.get(kind="milestone.done")
    assert done.changes == {"done_on": [None, "2025-05-28"]}


def test_an_owner_must_belong_to_the_organisation(plan, vdab_consultant, social_house):
    with pytest.raises(ResultsError) as error:
        services.owner_add(
            actor=None,
            action=plan.actions.get(code="1.1"),
            user=vdab_consultant,
            organisation=social_house,
        )
    assert "user" in error.value.message_dict


def test_a_principle_assessment_needs_a_justification(plan, city_caseworker):
    principle = plan.principles.create(number=1, text="...")
    with pytest.raises(ResultsError) as error:
        services.principle_assess(
            actor=city_caseworker,
            action=plan.actions.get(code="1.1"),
            principle=principle,
            rating="met",
            justification=" ",
        )
    assert "justification" in error.value.message_dict


def test_two_snapshots_compare_what_changed_since_the_last_meeting(
    plan, period, previous_period, city_caseworker, city_coordinator
):
    action = plan.actions.get(code="1.1")
    services.publication_update(
        actor=city_coordinator,
        agreement=plan,
        published=False,
        show_progress=True,
        show_narrative=False,
        show_owners=False,
        approval_required=False,
    )
    services.progress_update_create(
        actor=city_caseworker,
        action=action,
        period=previous_period,
        status="on_track",
        progress=20,
        today=TODAY,
    )
    first = services.snapshot_create(
        agreement=plan, name="Stuurgroep maart", actor=city_coordinator
    )
    services.progress_update_create(
        actor=city_caseworker,
        action=action,
        period=period,
        status="at_risk",
        progress=25,
        note="Minder instroom",
        today=TODAY,
    )
    services.milestone_save(
        actor=city_caseworker, action=action, title="Evaluatie", due_date=dt.date(2025, 9, 1)
    )
    second = services.snapshot_create(
        agreement=plan, name="Stuurgroep juni", actor=city_coordinator
    )
    first.data["actions"]["1.1"]["progress"] = 20  # frozen: later updates do not touch it
    assert Snapshot.objects.get(pk=first.pk).data["actions"]["1.1"]["progress"] == 20
    comparison = snapshot_compare(older=first, newer=second)
    assert [r["code"] for r in comparison["rows"]] == ["1.1"]
    fields = {f["field"]: (f["before"], f["after"]) for f in comparison["rows"][0]["fields"]}
    assert fields["progress"] == (20, 25)
    assert fields["status"] == ("On track", "At risk")
    assert fields["milestones"] == ("", "Evaluatie (2025-09-01)")
    assert comparison["unchanged"] == 3
    with pytest.raises(ResultsError):
        services.snapshot_create(agreement=plan, name="Stuurgroep juni", actor=city_coordinator)


def test_the_next_agreement_carries_chosen_actions_with_a_link_to_their_history(
    client, plan, city_coordinator, social_house, vdab
):
    from lokaalwerk.agreements.models import Party

    Party.objects.create(agreement=plan, organisation=vdab, name="VDAB")
    plan.principles.create(number=1, text="Eén aanspreekpunt")
    successor = services.agreement_continue(
        actor=city_coordinator,
        predecessor=plan,
        title="Samen sterk 2041-2046",
        slug="test-2041-2046",
        start_date=dt.date(2041, 1, 1),
        end_date=dt.date(2046, 12, 31),
        action_codes=["1.1", "3.1"],
    )
    assert successor.predecessor == plan
    assert list(successor.actions.values_list("code", flat=True)) == ["1.1", "3.1"]
    carried = successor.actions.get(code="1.1")
    assert carried.continues == plan.actions.get(code="1.1")
    assert carried.commitments.count() == 2
    assert successor.parties.count() == 1 and successor.principles.count() == 1
    assert successor.reporting_periods.count() == 24
    assert PlanChange.objects.filter(kind="action.carried").count() == 4
    client.force_login(city_coordinator)
    html = client.get(f"/agreements/{successor.slug}/actions/1.1/").content.decode()
    assert 'id="predecessor-link"' in html
    assert f"/agreements/{plan.slug}/actions/1.1/" in html
    assert "Testovereenkomst 2021-2040" in html  # the predecessor's history in the timeline


def test_the_next_agreement_refuses_bad_input(plan, city_coordinator):
    with pytest.raises(ResultsError) as error:
        services.agreement_continue(
            actor=city_coordinator,
            predecessor=plan,
            title="",
            slug=plan.slug,
            start_date=dt.date(2020, 1, 1),
            end_date=dt.date(2026, 12, 31),
            action_codes=["1.1", "7.7"],
        )
    assert set(error.value.message_dict) == {"title", "slug", "start_date", "action_codes"}
    assert Agreement.objects.count() == 1
