"""Reads for clients, consents, referrals and the pop-up.

Every read starts from a ``visible_to`` queryset of accounts/policies.py, so a record of another
organisation is simply not found (404). Every read that shows a client writes an audit row with
the page or endpoint it was read from: a detail read names its record, a list or a drop-down
one row linked to each client it showed (``subjects``), so the client's audit log finds it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lokaalwerk.accounts import policies
from lokaalwerk.audit.models import AuditEvent, AuditSubject
from lokaalwerk.audit.services import record

from .constants import Attendance, DataField
from .holidays import is_working_day
from .models import Client, Consent, InboxMessage, PopUpBooking, PopUpSlot, Referral


@dataclass(frozen=True)
class ClientView:
    """A client as one user may see them: fields outside their scope are left out."""

    client: Client
    fields: frozenset[str]

    def shows(self, field: str) -> bool:
        return field in self.fields

    @property
    def pk(self) -> int:
        return self.client.pk

    @property
    def full(self) -> bool:
        return self.fields >= frozenset(DataField.values)

    @property
    def display_name(self) -> str:
        if DataField.NAME in self.fields:
            return str(self.client)
        return f"#{self.client.pk}"

    def as_dict(self) -> dict:
        c = self.client
        data: dict = {"id": c.pk}
        if self.shows(DataField.NAME):
            data.update(first_name=c.first_name, last_name=c.last_name)
        if self.shows(DataField.BIRTH_DATE):
            data["birth_date"] = c.birth_date.isoformat() if c.birth_date else None
        if self.shows(DataField.NATIONAL_NUMBER):
            data["national_number"] = c.national_number
        if self.shows(DataField.CONTACT):
            data.update(email=c.email, phone=c.phone)
        if self.shows(DataField.LANGUAGE):
            data["preferred_language"] = c.preferred_language
        return data


def client_list(*, user, search: str = "", source: str = "", limit: int = 200) -> list[Client]:
    """Clients the user's organisation serves or referred (clients that reached it through a
    referral are listed in its inbox instead, with only the consented data)."""
    clients = policies.clients_visible_to(user, full_only=True)
    search = search.strip()
    if search:
        clients = clients.filter(
            Q(last_name__icontains=search)
            | Q(first_name__icontains=search)
            | Q(national_number=search.replace(".", "").replace("-", ""))
        )
    shown = list(clients.order_by("last_name", "first_name", "pk")[:limit])
    if shown:
        record(
            actor=user,
            action="client.listed",
            data={"clients": [c.pk for c in shown], "search": bool(search)},
            source=source,
            subjects=shown,
        )
    return shown


def client_choices_queryset(*, user):
    """The clients a worker may pick in a form (to refer or to book): those their organisation
    serves or referred. For checking a choice; showing the list goes through ``client_choices``."""
    return policies.clients_visible_to(user, full_only=True).order_by("last_name", "first_name")


def client_choices(*, user, source: str) -> list[Client]:
    """The clients a form's drop-down offers, read once and audited as a list read: one row
    linked to every client it names."""
    shown = list(client_choices_queryset(user=user))
    if shown:
        record(
            actor=user,
            action="client.listed",
            data={"count": len(shown), "choices": True},
            source=source,
            subjects=shown,
        )
    return shown


def client_get(*, user, pk: int, source: str) -> ClientView:
    """Open a client file: 404 outside the user's scope; the read is audited."""
    client = get_object_or_404(Client.objects.visible_to(user), pk=pk)
    fields = policies.client_fields_visible_to(user, client)
    record(
        actor=user,
        action="client.viewed",
        target=client,
        data={"fields": sorted(fields)},
        source=source,
    )
    return ClientView(client=client, fields=fields)


def client_consents(*, user, client: Client):
    """The consents on a client's page (the page's own ``client.viewed`` row covers them)."""
    return (
        Consent.objects.visible_to(user)
        .filter(client=client)
        .select_related("recipient", "recorded_by", "organisation")
    )


def consent_queryset(*, user, client_id: int | None = None):
    """Consents the user may read (``consents_visible_to``), newest first; not yet shown."""
    consents = Consent.objects.visible_to(user).order_by("-given_on", "-pk")
    if client_id is not None:
        consents = consents.filter(client_id=client_id)
    return consents


def consents_shown(*, user, consents, source: str) -> list[Consent]:
    """A page of consents as shown: one audit row linked to each client they concern."""
    consents = list(consents)
    if consents:
        record(
            actor=user,
            action="consent.listed",
            data={"consents": [c.pk for c in consents]},
            source=source,
            subjects=[Client(pk=c.client_id) for c in consents],
        )
    return consents


def consent_get(*, user, pk: int, source: str) -> Consent:
    """One consent: 404 outside the user's scope; the read is audited for its client."""
    consent = get_object_or_404(consent_queryset(user=user), pk=pk)
    record(
        actor=user,
        action="consent.viewed",
        target=consent,
        data={"client": consent.client_id},
        source=source,
        subjects=[Client(pk=consent.client_id)],
    )
    return consent


def referral_list(
    *, user, box: str = "inbox", state: str = "", source: str = "", limit=50, offset: int = 0
):
    """A worker's inbox (received, once sent) or outbox (sent by their organisation), newest
    first, one page of ``limit`` at ``offset``, with a fixed number of queries whatever the
    number of referrals. One extra row is read to know whether an older page exists."""
    if box == "outbox":
        referrals = policies.referrals_sent_by(user).order_by(
            F("sent_at").desc(nulls_first=True), "-pk"
        )
    else:
        referrals = policies.referrals_received_by(user).order_by("-sent_at", "-pk")
    if state:
        referrals = referrals.filter(state=state)
    shown = list(
        referrals.select_related(
            "client", "consent", "sending_organisation", "receiving_organisation"
        )[offset : offset + limit + 1]
    )
    has_more = len(shown) > limit
    shown = shown[:limit]
    for referral in shown:
        _show_referral(user, referral)
    if shown:
        record(
            actor=user,
            action="referral.listed",
            data={"box": box, "referrals": [r.pk for r in shown]},
            source=source,
            subjects=[r.client for r in shown],
        )
    return ReferralPage(referrals=shown, has_more=has_more, offset=offset, limit=limit)


@dataclass
class ReferralPage:
    referrals: list
    has_more: bool
    offset: int
    limit: int

    def __iter__(self):
        return iter(self.referrals)

    def __len__(self) -> int:
        return len(self.referrals)

    @property
    def next_offset(self) -> int:
        return self.offset + self.limit

    @property
    def previous_offset(self) -> int:
        return max(self.offset - self.limit, 0)


def referral_get(*, user, pk: int, source: str, audit: bool = True) -> Referral:
    """Open a referral: 404 outside the user's scope; the read is audited, and the client is
    shown only as far as the consent's scope reaches."""
    referral = get_object_or_404(
        Referral.objects.visible_to(user).select_related(
            "client",
            "consent",
            "sender",
            "sending_organisation",
            "receiving_organisation",
            "handled_by",
            "action",
        ),
        pk=pk,
    )
    fields = _show_referral(user, referral)
    if audit:
        record(
            actor=user,
            action="referral.viewed",
            target=referral,
            data={"client": referral.client_id, "fields": sorted(fields)},
            source=source,
            subjects=[referral.client],
        )
    return referral


def referral_as_seen(*, user, referral: Referral) -> Referral:
    """A referral the user just moved a step, as they may see it now: no second look through
    the visibility rule, which the new state need not pass, and the client only as far as
    ``referral_client_fields`` still allows (the step's own audit row covers the read)."""
    _show_referral(user, referral)
    return referral


def _show_referral(user, referral: Referral) -> frozenset[str]:
    """Attach the client as the user may see them through this referral, and the user's side."""
    fields = policies.referral_client_fields(user, referral)
    referral.client_view = (
        ClientView(client=referral.client, fields=fields) if referral.client else None
    )
    referral.side = policies.referral_side(user, referral)
    return fields


def inbox_messages(*, user, limit: int = 50):
    return InboxMessage.objects.filter(recipient=user).select_related("referral")[:limit]


def unread_message_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return InboxMessage.objects.filter(recipient=user, read_at__isnull=True).count()


def client_audit_events(*, client_id: int, limit: int | None = None) -> list[AuditEvent]:
    """Everything the audit trail holds on one client, newest first: events on the client or
    on a referral about them, and every read linked to them as a subject (lists, drop-downs,
    consents, bookings). Two indexed look-ups, merged: an OR across them would scan the trail."""
    referral_ids = [
        str(pk) for pk in Referral.objects.filter(client_id=client_id).values_list("pk", flat=True)
    ]
    by_target = AuditEvent.objects.filter(
        Q(target_type="referrals.client", target_id=str(client_id))
        | Q(target_type="referrals.referral", target_id__in=referral_ids)
    )
    by_subject = AuditEvent.objects.filter(
        pk__in=AuditSubject.objects.filter(
            subject_type="referrals.client", subject_id=str(client_id)
        ).values("event_id")
    )
    found: dict[int, AuditEvent] = {}
    for events in (by_target, by_subject):
        events = events.select_related("actor").order_by("-occurred_at", "-pk")
        for event in events[:limit] if limit else events:
            found[event.pk] = event
    merged = sorted(found.values(), key=lambda e: (e.occurred_at, e.pk), reverse=True)
    return merged[:limit] if limit else merged


def client_audit_log(*, user, client_id: int, source: str, limit: int = 500):
    """For the data protection officer: who read or changed this client's file, and the
    referrals about them, from which page or endpoint (``client_audit_events``)."""
    events = client_audit_events(client_id=client_id, limit=limit)
    record(
        actor=user,
        action="client.audit_viewed",
        data={"client": client_id},
        source=source,
    )
    return events


# --- Numbers, not names ---------------------------------------------------------------------


def working_days_between(start: dt.date, end: dt.date) -> int:
    days, day = 0, start
    while day < end:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            days += 1
    return days


def referral_statistics(*, start: dt.date, end: dt.date, user=None) -> dict:
    """Counts by reason, state and outcome, and response times in working days, for referrals
    sent in [start, end); for a user, those of their local governments. Reads no personal
    data: only states, reasons and dates."""
    tz = timezone.get_current_timezone()
    lower = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    upper = dt.datetime.combine(end, dt.time.min, tzinfo=tz)
    sent = Referral.objects.filter(sent_at__gte=lower, sent_at__lt=upper)
    if user is not None:
        sent = sent.filter(policies.referral_scope_q(user))
    by_reason = dict(sent.values_list("reason").annotate(n=Count("pk")).values_list("reason", "n"))
    by_state = dict(sent.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    by_outcome = dict(
        sent.exclude(outcome="")
        .values_list("outcome")
        .annotate(n=Count("pk"))
        .values_list("outcome", "n")
    )
    response_days = [
        working_days_between(timezone.localdate(s), timezone.localdate(r))
        for s, r in sent.filter(responded_at__isnull=False).values_list("sent_at", "responded_at")
    ]
    response_days.sort()
    median = response_days[len(response_days) // 2] if response_days else None
    on_time = sum(
        1
        for r, deadline in sent.filter(responded_at__isnull=False).values_list(
            "responded_at", "response_deadline"
        )
        if deadline and timezone.localdate(r) <= deadline
    )
    return {
        "total": sent.count(),
        "by_reason": by_reason,
        "by_state": by_state,
        "by_outcome": by_outcome,
        "responded": len(response_days),
        "median_response_working_days": median,
        "responded_on_time": on_time,
    }


# --- The pop-up -----------------------------------------------------------------------------


def popup_occurrences(*, slots, start: dt.date, weeks: int = 4):
    """The coming dates of each slot, with the number of places taken."""
    end = start + dt.timedelta(weeks=weeks)
    slots = list(slots)
    taken = Counter(
        (slot_id, day)
        for slot_id, day in PopUpBooking.objects.filter(
            slot__in=slots, date__gte=start, date__lt=end
        )
        .exclude(attendance=Attendance.CANCELLED)
        .values_list("slot_id", "date")
    )
    rows = []
    day = start
    while day < end:
        for slot in slots:
            if slot.occurs_on(day):
                rows.append({"slot": slot, "date": day, "taken": taken[(slot.pk, day)]})
        day += dt.timedelta(days=1)
    return rows


def popup_slot_list(*, user):
    return PopUpSlot.objects.visible_to(user).select_related("organisation", "host")


def popup_bookings(*, user, start: dt.date | None = None):
    """Bookings the user may read (``bookings_visible_to``), in date order; not yet shown."""
    bookings = PopUpBooking.objects.visible_to(user).select_related(
        "slot", "client", "consent", "booked_for"
    )
    if start:
        bookings = bookings.filter(date__gte=start)
    return bookings.order_by("date", "slot__start_time", "pk")


def popup_booking_as_seen(*, user, booking: PopUpBooking) -> PopUpBooking:
    """A booking the user just made or changed, with its client as far as they may see them
    (the write's own audit row covers the read)."""
    _show_booking(user, booking)
    return booking


def _show_booking(user, booking: PopUpBooking) -> None:
    fields = policies.booking_client_fields(user, booking)
    booking.client_view = (
        ClientView(client=booking.client, fields=fields) if booking.client else None
    )


def popup_bookings_shown(*, user, bookings, source: str) -> list[PopUpBooking]:
    """Bookings as shown: each client only as far as ``booking_client_fields`` allows, and one
    audit row linked to the client of every booking shown."""
    bookings = list(bookings)
    for booking in bookings:
        _show_booking(user, booking)
    if bookings:
        record(
            actor=user,
            action="popup.bookings_listed",
            data={"bookings": [b.pk for b in bookings]},
            source=source,
            subjects=[b.client for b in bookings],
        )
    return bookings


def popup_booking_get(*, user, pk: int, source: str) -> PopUpBooking:
    """One booking: 404 outside the user's scope; the read is audited for its client."""
    booking = get_object_or_404(popup_bookings(user=user), pk=pk)
    _show_booking(user, booking)
    record(
        actor=user,
        action="popup.booking_viewed",
        target=booking,
        data={"client": booking.client_id},
        source=source,
        subjects=[booking.client],
    )
    return booking


#: Share of occurrences that must be full, month after month, before the report flags it.
FULL_CAPACITY_SHARE = 0.75
#: Consecutive months at full capacity that make the need to expand "sustained".
SUSTAINED_MONTHS = 2


def popup_use_report(*, slots, months: list[dt.date]) -> dict:
    """Per month: occurrences held, places, bookings, attended, no-shows, occurrences that were
    full; a slot is flagged when it was full in most weeks for two months running ("indien nodig
    breiden we de capaciteit uit", action 2.2)."""
    slots = list(slots)
    if not months:
        return {"rows": [], "flagged": []}
    first = months[0]
    last = months[-1]
    after = (last.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    counts = Counter()
    per_day = Counter()
    for slot_id, day, attendance in (
        PopUpBooking.objects.filter(slot__in=slots, date__gte=first, date__lt=after)
        .exclude(attendance=Attendance.CANCELLED)
        .values_list("slot_id", "date", "attendance")
    ):
        month = day.replace(day=1)
        counts[(slot_id, month, "booked")] += 1
        counts[(slot_id, month, attendance)] += 1
        per_day[(slot_id, day)] += 1
    rows = []
    flagged = []
    for slot in slots:
        streak = 0
        for month in months:
            following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            occurrences = [
                month + dt.timedelta(days=i)
                for i in range((following - month).days)
                if slot.occurs_on(month + dt.timedelta(days=i))
            ]
            full = sum(1 for d in occurrences if per_day[(slot.pk, d)] >= slot.capacity)
            share = full / len(occurrences) if occurrences else 0
            streak = streak + 1 if occurrences and share >= FULL_CAPACITY_SHARE else 0
            row = {
                "slot": slot,
                "month": month,
                "occurrences": len(occurrences),
                "places": len(occurrences) * slot.capacity,
                "booked": counts[(slot.pk, month, "booked")],
                "attended": counts[(slot.pk, month, Attendance.ATTENDED)],
                "no_show": counts[(slot.pk, month, Attendance.NO_SHOW)],
                "full": full,
                "sustained_full": streak >= SUSTAINED_MONTHS,
            }
            rows.append(row)
        if streak >= SUSTAINED_MONTHS:
            flagged.append(slot)
    return {"rows": rows, "flagged": flagged}
