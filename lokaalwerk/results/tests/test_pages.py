import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lokaalwerk.agreements.models import Action
from lokaalwerk.results import services
from lokaalwerk.results.constants import ApprovalState, ProgressStatus
from lokaalwerk.results.models import ProgressUpdate

from .factories import ActionOwnerFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


def _fifteen_actions_with_five_years_of_updates(plan, copies=1):
    domains = list(plan.domains.all())
    for n in range(len(plan.actions.all()), 15):
        domain = domains[n % len(domains)]
        Action.objects.create(
            agreement=plan, domain=domain, code=f"{domain.number}.{n + 10}", title=f"Actie {n}"
        )
    periods = [p for p in plan.reporting_periods.all() if p.start_date.year <= 2025]
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(
            action=action,
            period=period,
            status=ProgressStatus.ON_TRACK,
            progress=min(100, i * 5),
            approval=ApprovalState.APPROVED,
        )
        for action in plan.actions.all()
        for i, period in enumerate(periods)
        for _copy in range(copies)
    )


def _queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


def test_the_action_plan_page_needs_the_same_queries_for_twice_the_updates(
    client, plan, city_caseworker, django_assert_max_num_queries
):
    _fifteen_actions_with_five_years_of_updates(plan)
    assert plan.actions.count() == 15
    assert ProgressUpdate.objects.count() == 15 * 20
    client.force_login(city_caseworker)
    url = f"/agreements/{plan.slug}/"
    with django_assert_max_num_queries(40):
        client.get(url)
    before = _queries(client, url)
    _fifteen_actions_with_five_years_of_updates(plan)
    for action in plan.actions.all()[:5]:
        ActionOwnerFactory(
            action=action, user=city_caseworker, organisation=plan.actions.first().lead_organisation
        )
    assert ProgressUpdate.objects.count() == 15 * 40
    assert _queries(client, url) == before


def test_the_action_page_needs_the_same_queries_for_twice_the_history(
    client, plan, city_caseworker, django_assert_max_num_queries
):
    _fifteen_actions_with_five_years_of_updates(plan)
    client.force_login(city_caseworker)
    url = f"/agreements/{plan.slug}/actions/1.1/"
    with django_assert_max_num_queries(45):
        client.get(url)
    before = _queries(client, url)
    _fifteen_actions_with_five_years_of_updates(plan)
    assert _queries(client, url) == before


def test_an_owner_writes_an_update_on_the_page_and_errors_stay_on_their_fields(
    client, plan, city_caseworker, social_house
):
    client.force_login(city_caseworker)
    url = f"/results/{plan.slug}/actions/1.1/update/"
    form = client.get(url)
    assert 'name="progress"' in form.content.decode()
    period = plan.reporting_periods.get(start_date=dt.date(2025, 1, 1))
    bad = client.post(url, {"period": period.pk, "status": "off_track", "progress": 30})
    assert bad.status_code == 200
    assert 'id="id_note_error"' in bad.content.decode()
    assert ProgressUpdate.objects.count() == 0
    good = client.post(
        url, {"period": period.pk, "status": "off_track", "progress": 30, "note": "Te weinig"}
    )
    assert good.status_code == 302
    assert ProgressUpdate.objects.get().note == "Te weinig"


def test_my_updates_lists_what_an_owner_must_do(client, plan, city_caseworker, social_house):
    ActionOwnerFactory(
        action=plan.actions.get(code="1.1"), user=city_caseworker, organisation=social_house
    )
    client.force_login(city_caseworker)
    html = client.get("/results/my-updates/").content.decode()
    assert 'id="my-updates"' in html and "Actie 1.1" in html
    assert "Actie 2.1" not in html


def test_the_principles_matrix_shows_each_assessment(client, plan, city_caseworker):
    principle = plan.principles.create(number=1, title="Eén aanspreekpunt", text="...")
    services.principle_assess(
        actor=city_caseworker,
        action=plan.actions.get(code="1.1"),
        principle=principle,
        rating="not_met",
        justification="Nog niet",
    )
    client.force_login(city_caseworker)
    html = client.get(f"/results/{plan.slug}/principles/").content.decode()
    assert 'class="rating rating--not_met"' in html


def test_the_public_page_needs_publication_and_names_only_consenting_owners(
    client, plan, period, city_coordinator, city_caseworker, vdab_consultant, social_house, vdab
):
    assert client.get(f"/public/results/{plan.slug}/").status_code == 404
    services.publication_update(
        actor=city_coordinator,
        agreement=plan,
        published=True,
        show_progress=True,
        show_narrative=False,
        show_owners=True,
        approval_required=True,
        hidden_actions=[plan.actions.get(code="3.1")],
    )
    ActionOwnerFactory(
        action=plan.actions.get(code="1.1"),
        user=city_caseworker,
        organisation=social_house,
        name_public=True,
    )
    ActionOwnerFactory(action=plan.actions.get(code="1.2"), user=vdab_consultant, organisation=vdab)
    ProgressUpdateFactory(action=plan.actions.get(code="1.1"), period=period, progress=35)
    ProgressUpdateFactory(action=plan.actions.get(code="1.2"), period=period, pending=True)
    html = client.get(f"/public/results/{plan.slug}/").content.decode()
    assert city_caseworker.get_full_name() in html
    assert vdab_consultant.get_full_name() not in html
    assert "35%" in html
    assert "Actie 3.1" not in html
    assert 'id="last-update"' in html
    assert plan.slug in client.get("/public/results/").content.decode()
