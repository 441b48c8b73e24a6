"""Reads for clients, consents, referrals and the pop-up.

Every read starts from a ``visible_to`` queryset of accounts/policies.py, so a record of another
organisation is simply not found (404). Opening a client or a referral writes an audit row with
the page or endpoint it was read from; a list writes one row naming the records it showed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.shortcuts import get_object_or_404
from django.utils import timezone

from lokaalwerk.accounts import policies
from lokaalwerk.audit.models import AuditEvent
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
    return (
        Consent.objects.visible_to(user)
        .filter(client=client)
        .select_related("recipient", "recorded_by", "organisation")
    )


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
        fields = policies.referral_client_fields(user, referral)
        referral.client_view = (
            ClientView(client=referral.client, fields=fields) if referral.client else None
        )
    if shown:
        record(
            actor=user,
            action="referral.listed",
            data={"box": box, "referrals": [r.pk for r in shown]},
            source=source,
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
    fields = policies.referral_client_fields(user, referral)
    referral.client_view = (
        ClientView(client=referral.client, fields=fields) if referral.client else None
    )
    referral.side = policies.referral_side(user, referral)
    if audit:
        record(
            actor=user,
            action="referral.viewed",
            target=referral,
            data={"client": referral.client_id, "fields": sorted(fields)},
            source=source,
        )
    return referral


def inbox_messages(*, user, limit: int = 50):
    return InboxMessage.objects.filter(recipient=user).select_related("referral")[:limit]


def unread_message_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return InboxMessage.objects.filter(recipient=user, read_at__isnull=True).count()


def client_audit_log(*, user, client_id: int, source: str):
    """For the data protection officer: who read or changed this client's file, and the
    referrals about them, from which page or endpoint."""
    referral_ids = [
        str(pk) for pk in Referral.objects.filter(client_id=client_id).values_list("pk", flat=True)
    ]
    events = AuditEvent.objects.filter(
        Q(target_type="referrals.client", target_id=str(client_id))
        | Q(target_type="referrals.referral", target_id__in=referral_ids)
    ).select_related("actor")
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


def referral_statistics(*, start: dt.date, end: dt.date) -> dict:
    """Counts by reason, state and outcome, and response times in working days, for referrals
    sent in [start, end). Reads no personal data: only states, reasons and dates."""
    tz = timezone.get_current_timezone()
    lower = dt.datetime.combine(start, dt.time.min, tzinfo=tz)
    upper = dt.datetime.combine(end, dt.time.min, tzinfo=tz)
    sent = Referral.objects.filter(sent_at__gte=lower, sent_at__lt=upper)
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
    bookings = PopUpBooking.objects.visible_to(user).select_related(
        "slot", "client", "consent", "booked_for"
    )
    if start:
        bookings = bookings.filter(date__gte=start)
    return bookings.order_by("date", "slot__start_time", "pk")


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
