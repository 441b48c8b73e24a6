import pytest
from rest_framework.test import APIClient

from lokaalwerk.results.models import Milestone, ProgressUpdate, Snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def _payload(plan, period, **values):
    return {
        "action": plan.actions.get(code="1.1").pk,
        "period": period.pk,
        "status": "on_track",
        "progress": 30,
        **values,
    }


def test_a_contributor_writes_an_update_through_the_api(
    api, plan, period, city_caseworker, settings
):
    api.force_authenticate(city_caseworker)
    response = api.post("/api/v1/progress-updates/", _payload(plan, period), format="json")
    assert response.status_code == 201, response.content
    assert response.json()["approval"] == "pending"
    listed = api.get(f"/api/v1/progress-updates/?agreement={plan.slug}").json()
    assert [u["action_code"] for u in listed["results"]] == ["1.1"]


def test_bad_api_input_gets_field_errors_and_writes_nothing(api, plan, period, city_caseworker):
    api.force_authenticate(city_caseworker)
    response = api.post(
        "/api/v1/progress-updates/",
        _payload(plan, period, status="off_track", progress=120),
        format="json",
    )
    assert response.status_code == 400
    response = api.post(
        "/api/v1/progress-updates/", _payload(plan, period, status="off_track"), format="json"
    )
    assert response.status_code == 400
    assert "note" in response.json()
    assert ProgressUpdate.objects.count() == 0


def test_readers_read_but_cannot_write(api, plan, period, partner_staff):
    api.force_authenticate(partner_staff)
    assert api.get("/api/v1/progress-updates/").status_code == 200
    response = api.post("/api/v1/progress-updates/", _payload(plan, period), format="json")
    assert response.status_code == 403
    response = api.post(
        "/api/v1/milestones/",
        {"action": plan.actions.get(code="1.1").pk, "title": "x", "due_date": "2025-06-30"},
        format="json",
    )
    assert response.status_code == 403
    assert (
        api.post(
            "/api/v1/snapshots/", {"agreement": plan.slug, "name": "x"}, format="json"
        ).status_code
        == 403
    )


def test_milestones_and_snapshots_through_the_api(api, plan, vdab_consultant, city_coordinator):
    api.force_authenticate(vdab_consultant)
    action = plan.actions.get(code="1.1")
    created = api.post(
        "/api/v1/milestones/",
        {"action": action.pk, "title": "Pop-up gestart", "due_date": "2025-06-30"},
        format="json",
    )
    assert created.status_code == 201, created.content
    changed = api.patch(
        f"/api/v1/milestones/{created.json()['id']}/", {"done_on": "2025-06-20"}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert Milestone.objects.get().done_on.isoformat() == "2025-06-20"
    api.force_authenticate(city_coordinator)
    snapshot = api.post(
        "/api/v1/snapshots/", {"agreement": plan.slug, "name": "Stuurgroep juni"}, format="json"
    )
    assert snapshot.status_code == 201, snapshot.content
    assert set(Snapshot.objects.get().data["actions"]) == {"1.1", "1.2", "2.1", "3.1"}
    duplicate = api.post(
        "/api/v1/snapshots/", {"agreement": plan.slug, "name": "Stuurgroep juni"}, format="json"
    )
    assert duplicate.status_code == 400


def test_anonymous_api_calls_are_refused(api):
    assert api.get("/api/v1/progress-updates/").status_code in (401, 403)
