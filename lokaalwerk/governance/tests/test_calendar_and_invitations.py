"""Every invitation and feed is parsed with the icalendar library (RFC 5545 / RFC 5546)."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from icalendar import Calendar

from lokaalwerk.governance import services
from lokaalwerk.governance.models import CalendarFeedToken

from .factories import BodyMemberFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


def _ics(message) -> Calendar:
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return Calendar.from_ical(content)


def _event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def _assert_brussels_timezone(calendar: Calendar) -> None:
    (tz,) = calendar.walk("VTIMEZONE")
    assert str(tz["TZID"]) == "Europe/Brussels"
    assert tz.walk("STANDARD") and tz.walk("DAYLIGHT")
    standard = {c.decoded("TZOFFSETTO") for c in tz.walk("STANDARD")}
    daylight = {c.decoded("TZOFFSETTO") for c in tz.walk("DAYLIGHT")}
    assert dt.timedelta(hours=1) in standard
    assert dt.timedelta(hours=2) in daylight


@pytest.fixture
def meeting(vdab, vdab_coordinator):
    vdab_coordinator.email = "coordinator@vdab.example.invalid"
    vdab_coordinator.save()
    meeting = MeetingFactory(
        body__convenor=vdab, starts_at=at(2026, 7, 2, 14), ends_at=at(2026, 7, 2, 16)
    )
    meeting.created_by = vdab_coordinator
    meeting.save()
    BodyMemberFactory(body=meeting.body, person_name="Demo Lid Een", email="een@example.invalid")
    BodyMemberFactory(
        body=meeting.body, person_name="Demo Lid Twee", email="twee@example.invalid", role="invitee"
    )
    return meeting


def test_invitations_carry_a_request_with_organizer_attendees_uid_and_sequence(
    meeting, vdab_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=vdab_coordinator, meeting=meeting)
    assert sorted(m.to[0] for m in mail.outbox) == ["een@example.invalid", "twee@example.invalid"]
    for message in mail.outbox:
        calendar = _ics(message)
        assert str(calendar["METHOD"]) == "REQUEST"
        event = _event(calendar)
        assert str(event["UID"]) == f"{meeting.uid}@lokaalwerk"
        assert event["SEQUENCE"] == 0
        assert str(event["ORGANIZER"]) == "mailto:coordinator@vdab.example.invalid"
        assert event["ORGANIZER"].params["CN"] == "VDAB"
        attendees = {str(a): a.params for a in event["ATTENDEE"]}
        assert set(attendees) == {"mailto:een@example.invalid", "mailto:twee@example.invalid"}
        assert attendees["mailto:twee@example.invalid"]["ROLE"] == "OPT-PARTICIPANT"
        assert attendees["mailto:een@example.invalid"]["PARTSTAT"] == "NEEDS-ACTION"
        start = event.decoded("DTSTART")
        assert str(start.tzinfo) == "Europe/Brussels"
        assert start.replace(tzinfo=None) == dt.datetime(2026, 7, 2, 14)  # noqa: DTZ001
        assert event["DTSTART"].params["TZID"] == "Europe/Brussels"
        _assert_brussels_timezone(calendar)
    assert "VDAB" in mail.outbox[0].body


def test_mail_leaves_only_after_the_transaction_commits(meeting, vdab_coordinator):
    services.invitations_send(actor=vdab_coordinator, meeting=meeting)
    assert mail.outbox == []


def test_every_change_raises_the_sequence_and_a_cancellation_reaches_everyone(
    meeting, vdab_coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.invitations_send(actor=vdab_coordinator, meeting=meeting)
    uid = _event(_ics(mail.outbox[0]))["UID"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_update(
            actor=vdab_coordinator,
            meeting=meeting,
            starts_at=at(2026, 7, 3, 10),
            ends_at=at(2026, 7, 3, 12),
            location="Sociaal Huis",
        )
    assert len(mail.outbox) == 2
    update = _event(_ics(mail.outbox[0]))
    assert update["UID"] == uid
    assert update["SEQUENCE"] == 1
    assert str(update["LOCATION"]) == "Sociaal Huis"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_cancel(actor=vdab_coordinator, meeting=meeting)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        calendar = _ics(message)
        assert str(calendar["METHOD"]) == "CANCEL"
        event = _event(calendar)
        assert event["UID"] == uid
        assert event["SEQUENCE"] == 2
        assert str(event["STATUS"]) == "CANCELLED"
        _assert_brussels_timezone(calendar)
    assert meeting.invitations.filter(sent_sequence=2).count() == 2


def test_the_body_feed_lists_its_meetings_with_cancelled_ones_marked(
    client, meeting, vdab_coordinator
):
    cancelled = MeetingFactory(
        body=meeting.body, starts_at=at(2026, 9, 1), ends_at=at(2026, 9, 1, 16)
    )
    services.meeting_cancel(actor=vdab_coordinator, meeting=cancelled)
    client.force_login(vdab_coordinator)
    response = client.get(reverse("governance:body-feed", args=[meeting.body.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "PUBLISH"
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    assert events[f"{cancelled.uid}@lokaalwerk"]["STATUS"] == "CANCELLED"
    assert events[f"{cancelled.uid}@lokaalwerk"]["SEQUENCE"] == 1
    assert events[f"{meeting.uid}@lokaalwerk"]["STATUS"] == "CONFIRMED"
    _assert_brussels_timezone(calendar)


def test_the_body_feed_is_closed_to_outsiders(client, meeting, partner_staff):
    client.force_login(partner_staff)
    response = client.get(reverse("governance:body-feed", args=[meeting.body.pk]))
    assert response.status_code == 403


def test_a_personal_feed_works_without_signing_in_until_revoked(client, meeting, partner_staff):
    BodyMemberFactory(body=meeting.body, user=partner_staff, person_name="Demo Partner")
    client.force_login(partner_staff)
    client.post(reverse("governance:calendar"))
    token = CalendarFeedToken.objects.get(user=partner_staff).token
    client.logout()
    url = reverse("governance:personal-feed", args=[token])
    calendar = Calendar.from_ical(client.get(url).content)
    assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"{meeting.uid}@lokaalwerk"]
    body_url = reverse("governance:token-body-feed", args=[token, meeting.body.pk])
    assert len(Calendar.from_ical(client.get(body_url).content).walk("VEVENT")) == 1

    client.force_login(partner_staff)
    client.post(reverse("governance:calendar"), {"revoke": "1"})
    client.logout()
    assert client.get(url).status_code == 404
    assert client.get(body_url).status_code == 404
    assert client.get(reverse("governance:personal-feed", args=["guessed"])).status_code == 404


def test_a_new_feed_address_replaces_the_old_one(client, partner_staff):
    client.force_login(partner_staff)
    client.post(reverse("governance:calendar"))
    first = CalendarFeedToken.objects.get(user=partner_staff).token
    client.post(reverse("governance:calendar"))
    second = CalendarFeedToken.objects.get(user=partner_staff).token
    assert first != second
    assert client.get(reverse("governance:personal-feed", args=[first])).status_code == 404
    assert client.get(reverse("governance:personal-feed", args=[second])).status_code == 200
