import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.governance import services
from lokaalwerk.governance.constants import MeetingStatus, MemberRole
from lokaalwerk.governance.models import BodyMember, Invitation, Meeting

from .factories import BodyFactory, BodyMemberFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


def test_a_member_without_an_organisation_is_refused(vdab_coordinator):
    body = BodyFactory()
    with pytest.raises(ValidationError) as error:
        services.body_member_add(
            actor=vdab_coordinator, body=body, person_name="Demo Lid", organisation=None
        )
    assert "organisation" in error.value.message_dict
    assert not BodyMember.objects.exists()


def test_a_member_is_added_once_with_an_audit_row(vdab_coordinator, vdab):
    body = BodyFactory()
    member = services.body_member_add(
        actor=vdab_coordinator,
        body=body,
        person_name="Demo Lid",
        organisation=vdab,
        role=MemberRole.SECRETARY,
    )
    assert member.role == MemberRole.SECRETARY
    assert AuditEvent.objects.filter(action="body_member.added").count() == 1
    with pytest.raises(ValidationError):
        services.body_member_add(
            actor=vdab_coordinator, body=body, person_name="Demo Lid", organisation=vdab
        )


def test_a_meeting_that_ends_before_it_starts_is_refused(vdab_coordinator):
    body = BodyFactory()
    with pytest.raises(ValidationError) as error:
        services.meeting_plan(
            actor=vdab_coordinator,
            body=body,
            starts_at=at(2026, 3, 16, 14),
            ends_at=at(2026, 3, 16, 12),
            location="Stadhuis",
        )
    assert "ends_at" in error.value.message_dict
    assert not Meeting.objects.exists()


def test_naive_times_are_refused(vdab_coordinator):
    with pytest.raises(ValueError, match="aware"):
        services.meeting_plan(
            actor=vdab_coordinator,
            body=BodyFactory(),
            starts_at=dt.datetime(2026, 3, 16, 14),  # noqa: DTZ001 - the point of the test
            ends_at=dt.datetime(2026, 3, 16, 16),  # noqa: DTZ001
            location="Stadhuis",
        )


def test_a_meeting_needs_a_place_or_a_link(vdab_coordinator):
    with pytest.raises(ValidationError) as error:
        services.meeting_plan(
            actor=vdab_coordinator,
            body=BodyFactory(),
            starts_at=at(2026, 3, 16),
            ends_at=at(2026, 3, 16, 16),
        )
    assert "location" in error.value.message_dict


def test_a_meeting_outside_the_agreement_is_planned_with_a_warning(vdab_coordinator):
    body = BodyFactory(agreement__end_date=dt.date(2025, 12, 31))
    result = services.meeting_plan(
        actor=vdab_coordinator,
        body=body,
        starts_at=at(2026, 3, 16),
        ends_at=at(2026, 3, 16, 16),
        online_url="https://meet.example.invalid/stuurgroep",
    )
    assert result.meeting.pk
    assert len(result.warnings) == 1
    assert "2025-12-31" in result.warnings[0]
    inside = services.meeting_plan(
        actor=vdab_coordinator,
        body=body,
        starts_at=at(2025, 3, 16),
        ends_at=at(2025, 3, 16, 16),
        location="Stadhuis",
    )
    assert inside.warnings == []


def test_changing_a_meeting_raises_its_sequence_and_nothing_else_does(vdab_coordinator):
    meeting = MeetingFactory()
    same = services.meeting_update(
        actor=vdab_coordinator,
        meeting=meeting,
        starts_at=meeting.starts_at,
        ends_at=meeting.ends_at,
        location=meeting.location,
    )
    assert same.meeting.sequence == 0
    moved = services.meeting_update(
        actor=vdab_coordinator,
        meeting=meeting,
        starts_at=meeting.starts_at + dt.timedelta(days=1),
        ends_at=meeting.ends_at + dt.timedelta(days=1),
        location=meeting.location,
    )
    assert moved.meeting.sequence == 1
    meeting.refresh_from_db()
    assert meeting.uid == moved.meeting.uid


def test_a_cancelled_meeting_cannot_be_cancelled_or_changed_again(vdab_coordinator):
    meeting = MeetingFactory()
    services.meeting_cancel(actor=vdab_coordinator, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.CANCELLED
    assert meeting.sequence == 1
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=vdab_coordinator, meeting=meeting)
    with pytest.raises(ValidationError):
        services.meeting_update(
            actor=vdab_coordinator,
            meeting=meeting,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            location="Elders",
        )


def test_a_duplicate_invitation_is_refused_and_changes_nothing(vdab_coordinator):
    meeting = MeetingFactory()
    member = BodyMemberFactory(body=meeting.body)
    services.invitations_send(actor=vdab_coordinator, meeting=meeting, members=[member])
    with pytest.raises(ValidationError, match=member.person_name):
        services.invitations_send(actor=vdab_coordinator, meeting=meeting, members=[member])
    assert Invitation.objects.count() == 1


def test_inviting_everyone_skips_who_was_invited_and_who_has_no_address(vdab_coordinator):
    meeting = MeetingFactory()
    first = BodyMemberFactory(body=meeting.body)
    services.invitations_send(actor=vdab_coordinator, meeting=meeting, members=[first])
    BodyMemberFactory(body=meeting.body)
    BodyMemberFactory(body=meeting.body, email="")
    sent = services.invitations_send(actor=vdab_coordinator, meeting=meeting)
    assert len(sent) == 1
    with pytest.raises(ValidationError, match="Geen e-mailadres"):
        services.invitations_send(actor=vdab_coordinator, meeting=meeting)


def test_minutes_wait_for_the_meeting_and_are_final_once_approved(vdab_coordinator):
    future = MeetingFactory(
        starts_at=timezone.now() + dt.timedelta(days=3),
        ends_at=timezone.now() + dt.timedelta(days=3, hours=2),
    )
    with pytest.raises(ValidationError):
        services.minutes_record(actor=vdab_coordinator, meeting=future, minutes="Te vroeg")
    meeting = MeetingFactory()
    services.minutes_record(actor=vdab_coordinator, meeting=meeting, minutes="Verslag")
    assert meeting.status == MeetingStatus.HELD
    with pytest.raises(ValidationError):
        services.meeting_publish(actor=vdab_coordinator, meeting=meeting)
    services.minutes_approve(actor=vdab_coordinator, meeting=meeting)
    with pytest.raises(ValidationError):
        services.minutes_record(actor=vdab_coordinator, meeting=meeting, minutes="Anders")
    services.meeting_publish(actor=vdab_coordinator, meeting=meeting)
    assert meeting.published_at is not None


def test_attendance_marks_the_meeting_held(vdab_coordinator):
    meeting = MeetingFactory()
    present, absent = BodyMemberFactory(body=meeting.body), BodyMemberFactory(body=meeting.body)
    invitations = services.invitations_send(actor=vdab_coordinator, meeting=meeting)
    by_member = {i.member_id: i for i in invitations}
    services.attendance_record(
        actor=vdab_coordinator,
        meeting=meeting,
        attended={by_member[present.pk].pk: True, by_member[absent.pk].pk: False},
    )
    assert meeting.status == MeetingStatus.HELD
    assert set(meeting.invitations.values_list("member_id", "attended")) == {
        (present.pk, True),
        (absent.pk, False),
    }
