"""Demo clients, consents, referrals in every state and the weekly VDAB pop-up.

Every person is obviously fake ("Demo Cliënt 7"); no national register numbers are invented.
Referrals go through the services, so their history, inbox messages and audit rows are real.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from lokaalwerk.accounts.constants import Role
from lokaalwerk.accounts.models import Membership, Organisation, User
from lokaalwerk.core.demo import DEMO_PASSWORD

from . import services
from .constants import Attendance, ConsentMethod, ConsentPurpose, DataField, ReferralState
from .models import Client, PopUpBooking, PopUpSlot, Referral

EXTRA_USERS = [
    ("medewerker.school", "Medewerker School", "secundaire-school-demo", Role.CONTRIBUTOR),
    ("schepen.werk", "Schepen Werk", "stad-mechelen", Role.ALDERMAN),
    ("dpo.stad", "Functionaris Gegevensbescherming", "stad-mechelen", Role.DATA_PROTECTION_OFFICER),
]

SCOPE = [DataField.NAME, DataField.CONTACT, DataField.LANGUAGE, DataField.NOTES]

#: (client number, sender, sending org, receiving org, reason, priority, final state)
REFERRALS = [
    (1, "medewerker.stad", "sociaal-huis", "vdab", "2.3", "normal", ReferralState.SENT),
    (2, "medewerker.stad", "sociaal-huis", "vdab", "2.6", "high", ReferralState.SENT),
    (
        3,
        "medewerker.stad",
        "sociaal-huis",
        "vdab",
        "2.1-language",
        "normal",
        ReferralState.ACCEPTED,
    ),
    (4, "medewerker.stad", "sociaal-huis", "vdab", "2.4", "normal", ReferralState.IN_PROGRESS),
    (5, "medewerker.stad", "sociaal-huis", "vdab", "3.1", "normal", ReferralState.COMPLETED),
    (
        6,
        "medewerker.stad",
        "sociaal-huis",
        "vdab",
        "2.1-mobility",
        "normal",
        ReferralState.DECLINED,
    ),
    (7, "medewerker.stad", "sociaal-huis", "vdab", "2.5", "normal", ReferralState.EXPIRED),
    (8, "medewerker.stad", "sociaal-huis", "vdab", "2.3", "normal", ReferralState.WITHDRAWN),
    (
        9,
        "medewerker.school",
        "secundaire-school-demo",
        "vdab",
        "1.1",
        "normal",
        ReferralState.CLOSED,
    ),
    (
        10,
        "medewerker.school",
        "secundaire-school-demo",
        "vdab",
        "1.1",
        "normal",
        ReferralState.DRAFT,
    ),
    (
        11,
        "medewerker.school",
        "secundaire-school-demo",
        "vdab",
        "1.1",
        "high",
        ReferralState.COMPLETED,
    ),
    (12, "consulent.vdab", "vdab", "sociaal-huis", "2.6", "high", ReferralState.ACCEPTED),
]

#: The steps that lead to each final state, each taken by the sender (S) or the receiver (R).
PATHS = {
    ReferralState.DRAFT: [],
    ReferralState.SENT: [],
    ReferralState.ACCEPTED: [("R", "accepted")],
    ReferralState.IN_PROGRESS: [("R", "accepted"), ("R", "in_progress")],
    ReferralState.COMPLETED: [("R", "accepted"), ("R", "in_progress"), ("R", "completed")],
    ReferralState.CLOSED: [("R", "accepted"), ("R", "in_progress"), ("R", "closed")],
    ReferralState.DECLINED: [("R", "declined")],
    ReferralState.EXPIRED: [],
    ReferralState.WITHDRAWN: [("S", "withdrawn")],
}


def _users() -> dict[str, User]:
    for username, last_name, slug, role in EXTRA_USERS:
        organisation = Organisation.objects.filter(slug=slug).first()
        if organisation is None:
            continue
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": "Demo",
                "last_name": last_name,
                "email": f"{username}@demo.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        Membership.objects.get_or_create(
            user=user, organisation=organisation, defaults={"role": role}
        )
    names = ["medewerker.stad", "consulent.vdab", "medewerker.school", "coordinator.vdab"]
    return {u.username: u for u in User.objects.filter(username__in=names)}


def demo_load() -> None:
    users = _users()
    orgs = {o.slug: o for o in Organisation.objects.filter(slug__in=_slugs())}
    if Client.objects.filter(first_name="Demo", last_name="Cliënt 1").exists():
        return
    today = timezone.localdate()
    clients = {}
    for number, sender_name, sending, receiving, reason, priority, final in REFERRALS:
        sender = users[sender_name]
        client = services.client_create(
            actor=sender,
            first_name="Demo",
            last_name=f"Cliënt {number}",
            birth_date=dt.date(1980 + number, (number % 12) + 1, 10 + number),
            email=f"client{number}@demo.invalid",
            phone=f"0470 00 00 {number:02d}",
            preferred_language=["nl", "fr", "en", "ar"][number % 4],
            organisation=orgs[sending],
            source="demo",
        )
        clients[number] = client
        services.consent_record(
            actor=sender,
            client=client,
            purpose=ConsentPurpose.REFERRAL,
            scope=SCOPE,
            method=ConsentMethod.VERBAL,
            witness="Demo Getuige",
            recipient=orgs[receiving],
            given_on=today - dt.timedelta(days=20),
            organisation=orgs[sending],
            source="demo",
        )
        referral = services.referral_create(
            actor=sender,
            client=client,
            receiving_organisation=orgs[receiving],
            reason=reason,
            priority=priority,
            note="Demo: graag contact opnemen in de voorkeurstaal.",
            sending_organisation=orgs[sending],
            send=final != ReferralState.DRAFT,
            source="demo",
        )
        receiver = users["consulent.vdab"] if receiving == "vdab" else users["medewerker.stad"]
        for side, step in PATHS[final]:
            services.referral_transition(
                actor=sender if side == "S" else receiver,
                referral=referral,
                to=step,
                reason="Demo: valt buiten ons aanbod." if step == "declined" else "",
                outcome="job" if number == 5 else "training",
                source="demo",
            )
        if final == ReferralState.EXPIRED:
            Referral.objects.filter(pk=referral.pk).update(
                response_deadline=today - dt.timedelta(days=1)
            )
            services.referrals_expire(today=today)
    _popup(users, orgs, clients, today)


def _slugs() -> list[str]:
    return ["vdab", "sociaal-huis", "secundaire-school-demo"]


def _popup(users, orgs, clients, today: dt.date) -> None:
    slot = PopUpSlot.objects.create(
        organisation=orgs["vdab"],
        host=orgs["sociaal-huis"],
        location="Sociaal Huis, loket 3",
        weekday=1,
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
        capacity=3,
        active_from=today - dt.timedelta(days=120),
    )
    slot.consultants.add(users["consulent.vdab"])
    booked = [clients[n] for n in (1, 2, 3, 4) if n in clients]
    # Past weeks: the slot was full most weeks, so the monthly report shows the flag.
    day = today - dt.timedelta(days=90)
    week = 0
    while day < today:
        if slot.occurs_on(day):
            week += 1
            for index, client in enumerate(booked[: 3 if week % 4 else 2]):
                PopUpBooking.objects.create(
                    slot=slot,
                    date=day,
                    client=client,
                    consent=client.consents.first(),
                    booked_by=users["medewerker.stad"],
                    booked_for=orgs["sociaal-huis"],
                    attendance=Attendance.NO_SHOW
                    if (week + index) % 5 == 0
                    else Attendance.ATTENDED,
                )
        day += dt.timedelta(days=1)
    coming = today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)
    for client in booked[:2]:
        services.popup_booking_create(
            actor=users["medewerker.stad"],
            slot=slot,
            date=coming,
            client=client,
            organisation=orgs["sociaal-huis"],
            source="demo",
        )
