"""Demo governance: five years of meetings of Mechelen's steering groups and working groups.

The city–VDAB steering group meets three times a year, the political steering group once a year
with VDAB invited, the working groups report to the steering group. Some decisions adjusted the
action plan. In the current year only part of the meetings are planned, so the home page shows
a cadence warning. The people named in the agreement are public officials; everyone else is an
obviously fake demo person.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from lokaalwerk.accounts.models import Organisation, User
from lokaalwerk.agreements.models import Action, Agreement, Commitment, PlanChange
from lokaalwerk.agreements.services import action_update, plan_change_record

from .constants import (
    AgendaItemKind,
    BodyKind,
    DecisionKind,
    FollowUpStatus,
    MeetingStatus,
    MemberRole,
    Reply,
)
from .models import AgendaItem, Body, BodyMember, Decision, FollowUp, Invitation, Meeting

BRUSSELS = ZoneInfo("Europe/Brussels")
AGREEMENT_SLUG = "stad-mechelen-2021-2025"
HISTORY_YEARS = range(2021, 2026)
OPERATIONAL_DATES = [(3, 16), (6, 15), (11, 16)]
POLITICAL_DATE = (10, 12)

#: Demo people in the working groups (fake names), by organisation slug.
WORKING_GROUP_MEMBERS = {
    "Werkgroep jongeren": [
        ("Demo Jongerenconsulent 1", "vdab-jongerenconsulenten", "jongerenconsulent", "chair"),
        ("Demo Onderwijscoach 2", "dienst-onderwijs", "onderwijscoach", "member"),
    ],
    "Werkgroep sociale economie": [
        (
            "Demo Trajectbegeleider 3",
            "team-tewerkstellingsfacilitatie",
            "trajectbegeleider",
            "chair",
        ),
        ("Demo Wijk-werkbemiddelaar 4", "vdab-wijk-werken", "wijk-werkbemiddelaar", "member"),
    ],
    "Werkgroep ESF-projecten": [
        ("Demo Projectleider 5", "dienst-onderwijs", "projectleider ESF", "chair"),
        ("Demo Consulent 6", "vdab", "consulent", "member"),
    ],
    "Werkgroep mentor-projecten": [
        ("Demo Mentorcoach 7", "sociaal-huis", "mentorcoach", "chair"),
        ("Demo Consulent 8", "vdab-mechelen", "consulent", "member"),
    ],
}
WORKING_GROUP_MONTHS = {
    "Werkgroep jongeren": [(2, 22), (10, 18)],
    "Werkgroep sociale economie": [(5, 24)],
    "Werkgroep ESF-projecten": [(2, 8)],
    "Werkgroep mentor-projecten": [(10, 4)],
}

#: Decisions of the city–VDAB steering group that adjusted the plan: (year, meeting index,
#: action code, field, new value or None for the council's text, decision text). Each trial
#: ends by returning to the council's text, so the plan ends as the agreement wrote it and
#: importing the agreement again changes nothing.
PLAN_ADJUSTMENTS = [
    (
        2022,
        1,
        "2.2",
        "description",
        "VDAB is twee dagen per week met een pop-up aanwezig in het Sociaal Huis, zodat cliënten "
        "daar samen georiënteerd, gescreend en begeleid worden.",
        "De stuurgroep breidt de pop-up van VDAB in het Sociaal Huis proefondervindelijk uit naar "
        "twee dagen per week.",
    ),
    (
        2023,
        2,
        "1.2",
        "description",
        "Voortbouwend op de bestaande jongerenwerking mikken stad en VDAB op duurzame jobs voor "
        "jongeren aan de rand van de arbeidsmarkt. De gezamenlijke screening gebeurt twee keer per "
        "jaar en de stuurgroep volgt de jongerencijfers elke vergadering op.",
        "De gezamenlijke screening van jongeren gebeurt voortaan twee keer per jaar.",
    ),
    (
        2024,
        1,
        "2.2",
        "description",
        None,
        "De vraag naar de tweede dag bleef laag: de pop-up keert terug naar de afspraak uit de "
        "overeenkomst.",
    ),
    (
        2025,
        0,
        "1.2",
        "description",
        None,
        "De tweede screening bracht weinig nieuwe jongeren in beeld: de stuurgroep keert terug "
        "naar de jaarlijkse screening uit de overeenkomst.",
    ),
]
#: A commitment the steering group added to an action (2024): the council's text has none for
#: this partner, so it stands next to the agreement's own commitments.
ADDED_COMMITMENT = (
    2024,
    2,
    "3.1",
    "sociaal-huis",
    "Het Sociaal Huis volgt werkzoekenden na hun indicering voor sociale economie elk kwartaal "
    "samen met VDAB op.",
)


def _at(year: int, month: int, day: int, hour: int = 14) -> dt.datetime:
    return dt.datetime(year, month, day, hour, 0, tzinfo=BRUSSELS)


def _email_for(name: str) -> str:
    return f"{slugify(name)}@demo.invalid"


def _members(agreement: Agreement) -> None:
    """Officials named in the agreement are public; demo users join the steering groups."""
    BodyMember.objects.filter(body__agreement=agreement, user__isnull=True).exclude(
        person_name__startswith="Demo "
    ).update(is_public_official=True)
    for member in BodyMember.objects.filter(body__agreement=agreement, email=""):
        member.email = _email_for(member.person_name)
        member.save(update_fields=["email"])
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for body_name, people in WORKING_GROUP_MEMBERS.items():
        body = Body.objects.filter(agreement=agreement, name=body_name).first()
        if body is None:
            continue
        for name, slug, function, role in people:
            organisation = organisations.get(slug) or organisations["vdab"]
            BodyMember.objects.get_or_create(
                body=body,
                person_name=name,
                organisation=organisation,
                defaults={"function": function, "role": role, "email": _email_for(name)},
            )
    links = [
        ("Stuurgroep stad Mechelen - VDAB", "coordinator.vdab", "vdab"),
        ("Stuurgroep stad Mechelen - VDAB", "coordinator.stad", "sociaal-huis"),
        ("Stuurgroep Activering", "coordinator.stad", "sociaal-huis"),
    ]
    for body_name, username, slug in links:
        body = Body.objects.filter(agreement=agreement, name=body_name).first()
        user = User.objects.filter(username=username).first()
        if body is None or user is None:
            continue
        BodyMember.objects.get_or_create(
            body=body,
            person_name=user.get_full_name(),
            organisation=organisations[slug],
            defaults={
                "user": user,
                "function": "coördinator",
                "role": MemberRole.MEMBER,
                "email": user.email,
            },
        )


def _invite(meeting: Meeting, members: list[BodyMember], attended: bool) -> None:
    Invitation.objects.bulk_create(
        Invitation(
            meeting=meeting,
            member=member,
            email=member.email or _email_for(member.person_name),
            sent_at=meeting.starts_at - dt.timedelta(days=21),
            reply=Reply.DECLINED if attended and index % 5 == 4 else Reply.ACCEPTED,
            attended=(index % 5 != 4) if attended else None,
        )
        for index, member in enumerate(members)
    )


def _meeting(body, starts_at, *, held: bool, members, minutes="", report="") -> Meeting:
    meeting = Meeting.objects.create(
        body=body,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
        location="Stadhuis Mechelen, Grote Markt 21"
        if body.kind != BodyKind.WORKING_GROUP
        else "Sociaal Huis Mechelen, Lange Schipstraat 27",
        status=MeetingStatus.HELD if held else MeetingStatus.PLANNED,
        minutes=minutes,
        report=report,
        minutes_approved_at=starts_at + dt.timedelta(days=30) if held and minutes else None,
    )
    _invite(meeting, members, attended=held)
    return meeting


def _history_operational(body: Body, members, actions, reports_by_period, now) -> None:
    year_meetings: list[Meeting] = []
    council_text: dict[tuple[str, str], str] = {}
    for year in HISTORY_YEARS:
        for index, (month, day) in enumerate(OPERATIONAL_DATES):
            starts_at = _at(year, month, day)
            meeting = _meeting(
                body,
                starts_at,
                held=True,
                members=members,
                minutes=(
                    f"De stuurgroep overloopt de werkloosheidscijfers van Mechelen, de voortgang "
                    f"van het actieplan en de verslagen van de werkgroepen ({index + 1}/3, {year})."
                ),
            )
            if year < 2025 or index < 2:
                meeting.published_at = meeting.minutes_approved_at
                meeting.save(update_fields=["published_at"])
            order = 1
            AgendaItem.objects.create(
                meeting=meeting,
                order=order,
                kind=AgendaItemKind.FREE,
                title="Werkloosheidscijfers en dashboard lokale besturen",
            )
            for report in reports_by_period(
                year_meetings[-1].starts_at if year_meetings else None, starts_at
            ):
                order += 1
                AgendaItem.objects.create(
                    meeting=meeting,
                    order=order,
                    kind=AgendaItemKind.REPORT,
                    title=f"Verslag {report}",
                    description=report.report,
                    report_meeting=report,
                )
            Decision.objects.create(
                meeting=meeting,
                kind=DecisionKind.TAKE_NOTE,
                text="De stuurgroep neemt kennis van de cijfers en de verslagen van de "
                "werkgroepen.",
            )
            for adj_year, adj_index, code, field, value, text in PLAN_ADJUSTMENTS:
                if (adj_year, adj_index) != (year, index):
                    continue
                action = actions[code]
                council_text.setdefault((code, field), getattr(action, field))
                value = council_text[(code, field)] if value is None else value
                order += 1
                item = AgendaItem.objects.create(
                    meeting=meeting,
                    order=order,
                    kind=AgendaItemKind.ACTION,
                    title=f"Bijsturing actie {code}",
                    action=action,
                )
                decision = Decision.objects.create(
                    meeting=meeting, agenda_item=item, kind=DecisionKind.ADJUST_PLAN, text=text
                )
                decision.actions.add(action)
                change = action_update(actor=None, action=action, source="demo", **{field: value})
                if change is not None:
                    PlanChange.objects.filter(pk=change.pk).update(
                        occurred_at=starts_at + dt.timedelta(hours=1)
                    )
                    decision.plan_changes.add(change)
            if ADDED_COMMITMENT[:2] == (year, index):
                _commitment_decision(meeting, actions[ADDED_COMMITMENT[2]], starts_at)
            due = (starts_at + dt.timedelta(days=60)).date()
            FollowUp.objects.create(
                meeting=meeting,
                description=f"Cijfers jongeren {year} aanvullen met de screening ({index + 1}/3)",
                owner_name="Greet Jacops",
                owner_organisation=members[0].organisation,
                due_date=due,
                status=FollowUpStatus.DONE if starts_at < _at(2025, 6, 1) else FollowUpStatus.OPEN,
                closed_at=starts_at + dt.timedelta(days=50)
                if starts_at < _at(2025, 6, 1)
                else None,
            )
            year_meetings.append(meeting)
    # The current year: one meeting held or planned of the three the agreement asks.
    current = timezone.localdate(now).year
    if current not in HISTORY_YEARS:
        _meeting(
            body,
            _at(current, 3, 17),
            held=True,
            members=members,
            minutes="Eerste stuurgroep van het jaar: evaluatie van de samenwerkingsovereenkomst.",
        )


def _history_political(body: Body, members) -> None:
    for year in HISTORY_YEARS:
        meeting = _meeting(
            body,
            _at(year, *POLITICAL_DATE, hour=18),
            held=True,
            members=members,
            minutes=f"Jaarlijks overleg met VDAB over de stand van de samenwerking in {year}.",
        )
        meeting.published_at = meeting.minutes_approved_at
        meeting.save(update_fields=["published_at"])
        AgendaItem.objects.create(
            meeting=meeting,
            order=1,
            kind=AgendaItemKind.FREE,
            title="Stand van de samenwerking met VDAB",
        )
        Decision.objects.create(
            meeting=meeting,
            kind=DecisionKind.APPROVE,
            text=f"De stuurgroep keurt het jaarverslag {year} van de samenwerking goed.",
        )


def _history_working_group(body: Body, members) -> list[Meeting]:
    meetings = []
    for year in HISTORY_YEARS:
        for month, day in WORKING_GROUP_MONTHS.get(body.name, []):
            meeting = _meeting(
                body,
                _at(year, month, day, hour=10),
                held=True,
                members=members,
                minutes=f"{body.name}: stand van zaken {year}.",
                report=f"{body.name} meldt de voortgang van {year} en vraagt aandacht voor "
                "de instroom.",
            )
            meetings.append(meeting)
    return meetings


def demo_load() -> None:
    agreement = Agreement.objects.filter(slug=AGREEMENT_SLUG).first()
    if agreement is None:
        return
    now = timezone.now()
    with transaction.atomic():
        _members(agreement)
        bodies = {b.name: b for b in Body.objects.filter(agreement=agreement)}
        actions = {a.code: a for a in Action.objects.filter(agreement=agreement)}
        if Meeting.objects.filter(body__agreement=agreement).exists():
            return
        reports: list[Meeting] = []
        for body in bodies.values():
            if body.kind == BodyKind.WORKING_GROUP:
                reports.extend(_history_working_group(body, list(body.members.all())))

        def reports_by_period(after, until):
            return [
                r
                for r in reports
                if (after is None or r.starts_at >= after) and r.starts_at < until
            ]

        operational = bodies.get("Stuurgroep stad Mechelen - VDAB")
        if operational is not None:
            members = list(operational.members.select_related("organisation"))
            _history_operational(operational, members, actions, reports_by_period, now)
        political = bodies.get("Stuurgroep Activering")
        if political is not None:
            _history_political(political, list(political.members.all()))


def _commitment_decision(meeting: Meeting, action: Action, starts_at: dt.datetime) -> None:
    _year, _index, _code, slug, text = ADDED_COMMITMENT
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None:
        return
    commitment, created = Commitment.objects.get_or_create(
        action=action, organisation=organisation, defaults={"text": text}
    )
    decision = Decision.objects.create(
        meeting=meeting,
        kind=DecisionKind.ADJUST_PLAN,
        text=f"{organisation.name} engageert zich bijkomend voor actie {action.code}.",
    )
    decision.actions.add(action)
    if created:
        change = plan_change_record(
            agreement=action.agreement,
            actor=None,
            kind="commitment.added",
            summary=f"{action.code}: commitment of {organisation.name} added",
            action=action,
            changes={"commitment": [None, text]},
            target=commitment,
        )
        PlanChange.objects.filter(pk=change.pk).update(
            occurred_at=starts_at + dt.timedelta(hours=1)
        )
        decision.plan_changes.add(change)
