import pytest

from lokaalwerk.accounts import policies
from lokaalwerk.accounts.constants import OrganisationKind, Role
from lokaalwerk.accounts.tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from lokaalwerk.results.tests.factories import ActionOwnerFactory

pytestmark = pytest.mark.django_db


def _member(organisation, role, username):
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(username=username)
    ).user


def test_contributors_of_the_lead_or_a_committed_partner_write_progress(
    plan, city_caseworker, vdab_consultant, school_staff
):
    action = plan.actions.get(code="1.1")  # led by the Sociaal Huis, VDAB and the city commit
    assert policies.can_write_progress(city_caseworker, action)
    assert policies.can_write_progress(vdab_consultant, action)
    assert not policies.can_write_progress(school_staff, action)
    city_action = plan.actions.get(code="3.1")  # led by the city: the Sociaal Huis is part of it
    assert policies.can_write_progress(city_caseworker, city_action)
    vdab_only = plan.actions.get(code="2.1")
    assert not policies.can_write_progress(city_caseworker, vdab_only)
    assert policies.actions_writable_by(city_caseworker, list(plan.actions.all())) == {
        plan.actions.get(code="1.1").pk,
        city_action.pk,
    }


def test_a_team_inside_a_partner_writes_for_that_partner(plan, vdab):
    team = OrganisationFactory(
        name="VDAB team (test)", slug="vdab-team", kind=OrganisationKind.DEPARTMENT, parent=vdab
    )
    member = _member(team, Role.CONTRIBUTOR, "team.member")
    assert policies.can_write_progress(member, plan.actions.get(code="2.1"))


def test_viewers_read_but_do_not_write_and_outsiders_read_nothing(
    plan, partner_staff, outsider, alderman
):
    action = plan.actions.get(code="1.1")
    assert policies.can_view_results(partner_staff, plan)
    assert not policies.can_write_progress(partner_staff, action)
    assert not policies.can_write_progress(alderman, action)
    assert not policies.can_view_results(outsider, plan)
    assert not policies.progress_updates_visible_to(outsider).exists()


def test_an_owner_writes_even_without_a_contributor_role(plan, partner, partner_staff):
    action = plan.actions.get(code="2.1")
    ActionOwnerFactory(action=action, user=partner_staff, organisation=partner)
    assert policies.can_write_progress(partner_staff, action)


def test_only_coordinators_approve_and_manage(plan, city_coordinator, city_caseworker):
    action = plan.actions.get(code="1.1")
    assert policies.can_approve_progress(city_coordinator, action)
    assert policies.can_manage_results(city_coordinator, plan)
    assert not policies.can_approve_progress(city_caseworker, action)
    assert not policies.can_manage_results(city_caseworker, plan)


def test_pages_refuse_what_the_policies_refuse(client, plan, partner_staff, city_caseworker):
    client.force_login(partner_staff)
    base = f"/results/{plan.slug}"
    assert client.get(f"{base}/actions/1.1/update/").status_code == 403
    assert client.get(f"{base}/approvals/").status_code == 403
    assert client.get(f"{base}/publication/").status_code == 403
    assert client.get(f"{base}/import/").status_code == 403
    assert client.get(f"{base}/rollup/").status_code == 200
    client.force_login(city_caseworker)
    assert client.get(f"{base}/actions/1.1/update/").status_code == 200
    assert client.get(f"{base}/actions/2.1/update/").status_code == 403
    client.logout()
    assert client.get(f"{base}/rollup/").status_code == 302
