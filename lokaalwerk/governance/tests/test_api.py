import pytest
from django.urls import reverse

from lokaalwerk.governance.constants import FollowUpStatus

from .factories import BodyFactory, BodyMemberFactory, FollowUpFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_the_api_lists_what_the_pages_show(client, vdab, city, city_caseworker, partner_staff):
    body = BodyFactory(convenor=vdab)
    BodyMemberFactory(body=body, organisation=city)
    meeting = MeetingFactory(body=body)
    FollowUpFactory(meeting=meeting)
    client.force_login(city_caseworker)
    bodies = client.get("/api/v1/bodies/").json()["results"]
    assert [b["name"] for b in bodies] == [body.name]
    meetings = client.get("/api/v1/meetings/").json()["results"]
    assert [m["uid"] for m in meetings] == [str(meeting.uid)]
    assert client.get(f"/api/v1/follow-ups/?meeting={meeting.pk}").json()["count"] == 1
    for path in ("agenda-items", "decisions"):
        assert client.get(f"/api/v1/{path}/").status_code == 200
    client.force_login(partner_staff)
    assert client.get("/api/v1/meetings/").json()["count"] == 0
    assert client.get("/api/v1/follow-ups/").json()["count"] == 0


def test_closing_a_follow_up_over_the_api_needs_the_convenor(
    client, vdab, city, city_caseworker, vdab_coordinator
):
    body = BodyFactory(convenor=vdab)
    BodyMemberFactory(body=body, organisation=city)
    follow_up = FollowUpFactory(meeting=MeetingFactory(body=body))
    url = reverse("governance-follow-up-detail", args=[follow_up.pk])
    client.force_login(city_caseworker)
    response = client.patch(url, {"status": "done"}, content_type="application/json")
    assert response.status_code == 403
    client.force_login(vdab_coordinator)
    response = client.patch(url, {"status": "done"}, content_type="application/json")
    assert response.status_code == 200
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.DONE
    assert follow_up.closed_at is not None
    response = client.patch(url, {"status": "unknown"}, content_type="application/json")
    assert response.status_code == 400
