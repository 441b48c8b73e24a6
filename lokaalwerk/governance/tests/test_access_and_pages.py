import pytest
from django.urls import reverse

from lokaalwerk.accounts import policies
from lokaalwerk.governance import services
from lokaalwerk.governance.constants import MemberRole

from .factories import BodyFactory, BodyMemberFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def test_the_convening_organisation_manages_members_read_others_do_not(
    vdab, city, vdab_coordinator, vdab_consultant, city_caseworker, partner_staff, outsider
):
    body = BodyFactory(convenor=vdab)
    BodyMemberFactory(body=body, organisation=city)
    meeting = MeetingFactory(body=body)
    assert policies.can_manage_meetings(vdab_coordinator, body)
    assert policies.can_manage_meetings(vdab_consultant, body)
    assert not policies.can_manage_meetings(city_caseworker, body)
    assert policies.can_view_meeting(city_caseworker, meeting)
    assert not policies.can_view_meeting(partner_staff, meeting)
    assert not policies.can_view_meeting(outsider, meeting)
    assert policies.can_view_bodies(partner_staff)
    assert not policies.can_view_bodies(outsider)


def test_a_chair_manages_the_meetings_of_their_body(partner_staff, vdab):
    body = BodyFactory(convenor=vdab)
    BodyMemberFactory(body=body, user=partner_staff, role=MemberRole.CHAIR)
    assert policies.can_manage_meetings(partner_staff, body)


def test_pages_refuse_who_may_not(client, vdab, city, city_caseworker, partner_staff, outsider):
    body = BodyFactory(convenor=vdab)
    BodyMemberFactory(body=body, organisation=city)
    meeting = MeetingFactory(body=body)
    client.force_login(city_caseworker)
    assert client.get(reverse("governance:meeting", args=[meeting.pk])).status_code == 200
    assert client.get(reverse("governance:meeting-create", args=[body.pk])).status_code == 403
    assert client.post(reverse("governance:invite", args=[meeting.pk])).status_code == 403
    client.force_login(partner_staff)
    assert client.get(reverse("governance:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("governance:body", args=[body.pk])).status_code == 200
    client.force_login(outsider)
    assert client.get(reverse("governance:bodies")).status_code == 403


def test_planning_a_meeting_through_the_form_ties_errors_to_fields(client, vdab, vdab_coordinator):
    body = BodyFactory(convenor=vdab)
    client.force_login(vdab_coordinator)
    url = reverse("governance:meeting-create", args=[body.pk])
    response = client.post(
        url,
        {"starts_at": "2026-03-16T14:00", "ends_at": "2026-03-16T12:00", "location": "Stadhuis"},
    )
    assert response.status_code == 200
    assert "ends_at" in response.context["form"].errors
    response = client.post(
        url,
        {"starts_at": "2026-03-16T14:00", "ends_at": "2026-03-16T16:00", "location": "Stadhuis"},
    )
    assert response.status_code == 302
    meeting = body.meetings.get()
    assert meeting.starts_at.isoformat() == "2026-03-16T13:00:00+00:00"


def test_adding_a_member_without_organisation_through_the_form_shows_the_error(
    client, vdab, vdab_coordinator
):
    body = BodyFactory(convenor=vdab)
    client.force_login(vdab_coordinator)
    response = client.post(
        reverse("governance:body", args=[body.pk]), {"person_name": "Demo Lid", "role": "member"}
    )
    assert response.status_code == 200
    assert "organisation" in response.context["member_form"].errors
    assert not body.members.exists()


def test_the_public_page_shows_published_minutes_and_only_public_officials(
    client, vdab, vdab_coordinator
):
    body = BodyFactory(convenor=vdab)
    BodyMemberFactory(
        body=body, person_name="Greet Schepen", function="schepen", is_public_official=True
    )
    BodyMemberFactory(body=body, person_name="Demo Medewerker 9")
    published = MeetingFactory(body=body, held=True)
    services.minutes_approve(actor=vdab_coordinator, meeting=published)
    services.meeting_publish(actor=vdab_coordinator, meeting=published)
    draft = MeetingFactory(body=body, held=True, minutes="Geheim ontwerp")
    page = client.get(reverse("governance:public")).content.decode()
    assert "Verslag van de vergadering." in page
    assert "Greet Schepen, schepen" in page
    assert "Demo Medewerker 9" not in page
    assert draft.minutes not in page


def test_list_pages_take_a_fixed_number_of_queries(
    client, vdab, vdab_coordinator, django_assert_max_num_queries
):
    body = BodyFactory(convenor=vdab)
    client.force_login(vdab_coordinator)

    def add(count):
        for _ in range(count):
            other = BodyFactory(convenor=vdab, agreement=body.agreement)
            BodyMemberFactory(body=other)
            meeting = MeetingFactory(body=body, held=True)
            services.minutes_approve(actor=vdab_coordinator, meeting=meeting)
            services.meeting_publish(actor=vdab_coordinator, meeting=meeting)

    add(2)
    urls = [
        reverse("governance:bodies"),
        reverse("governance:body", args=[body.pk]),
        reverse("governance:public"),
    ]
    counts = {}
    for url in urls:
        with django_assert_max_num_queries(40) as ctx:
            client.get(url)
        counts[url] = len(ctx.captured_queries)
    add(5)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)
