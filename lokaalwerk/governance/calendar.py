"""Meetings as iCalendar (RFC 5545) data: feeds, and iTIP messages for invitations (RFC 5546).

Every meeting keeps one UID; its SEQUENCE rises with every change sent out, so a calendar
replaces the earlier version. Times are written in Europe/Brussels with the matching VTIMEZONE.
"""

from __future__ import annotations

from collections.abc import Iterable
from email.utils import parseaddr
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event, vCalAddress, vText

from .constants import REPLY_PARTSTAT, MeetingStatus, MemberRole
from .models import Invitation, Meeting

BRUSSELS = ZoneInfo("Europe/Brussels")
PRODID = "-//Lokaal Werk//Governance//NL"


def meeting_uid(meeting: Meeting) -> str:
    return f"{meeting.uid}@lokaalwerk"


def _organizer(meeting: Meeting) -> vCalAddress:
    """The convening organisation sends the invitation (Part IV)."""
    creator = meeting.created_by
    address = (creator.email if creator and creator.email else "") or parseaddr(
        settings.DEFAULT_FROM_EMAIL
    )[1]
    organizer = vCalAddress(f"mailto:{address}")
    convenor = meeting.body.convenor
    organizer.params["cn"] = vText(convenor.name if convenor else meeting.body.name)
    return organizer


def _attendee(invitation: Invitation) -> vCalAddress:
    attendee = vCalAddress(f"mailto:{invitation.email}")
    attendee.params["cn"] = vText(invitation.member.person_name)
    attendee.params["role"] = vText(
        "OPT-PARTICIPANT" if invitation.member.role == MemberRole.INVITEE else "REQ-PARTICIPANT"
    )
    attendee.params["partstat"] = vText(REPLY_PARTSTAT[invitation.reply])
    attendee.params["rsvp"] = vText("TRUE")
    return attendee


def meeting_event(
    meeting: Meeting, *, invitations: Iterable[Invitation] = (), cancelled: bool = False
) -> Event:
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", timezone.now().astimezone(ZoneInfo("UTC")))
    event.add("last-modified", meeting.updated_at.astimezone(ZoneInfo("UTC")))
    event.add("dtstart", meeting.starts_at.astimezone(BRUSSELS))
    event.add("dtend", meeting.ends_at.astimezone(BRUSSELS))
    event.add("summary", meeting.body.name)
    location = meeting.location or meeting.online_url
    if location:
        event.add("location", location)
    if meeting.online_url:
        event.add("url", meeting.online_url)
    event.add("description", meeting.body.description or meeting.body.name)
    is_cancelled = cancelled or meeting.status == MeetingStatus.CANCELLED
    event.add("status", "CANCELLED" if is_cancelled else "CONFIRMED")
    event.add("organizer", _organizer(meeting))
    for invitation in invitations:
        event.add("attendee", _attendee(invitation))
    return event


def _calendar(method: str | None, name: str | None = None) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
        calendar.add("x-wr-timezone", "Europe/Brussels")
    return calendar


def invitation_ics(meeting: Meeting, invitations: list[Invitation], method: str) -> bytes:
    """An iTIP message: METHOD:REQUEST for an invitation or update, METHOD:CANCEL to cancel."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"Unsupported iTIP method {method}")
    calendar = _calendar(method)
    calendar.add_component(
        meeting_event(meeting, invitations=invitations, cancelled=method == "CANCEL")
    )
    calendar.add_missing_timezones()
    return calendar.to_ical()


def feed_ics(meetings: Iterable[Meeting], name: str) -> bytes:
    """A subscribable feed. Cancelled meetings stay in it with STATUS:CANCELLED, so that a
    calendar which subscribed earlier removes them too."""
    calendar = _calendar("PUBLISH", name)
    for meeting in meetings:
        calendar.add_component(meeting_event(meeting, invitations=meeting.invitations.all()))
    calendar.add_missing_timezones()
    return calendar.to_ical()
