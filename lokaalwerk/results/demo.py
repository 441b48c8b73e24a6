"""Demo results for the Mechelen plan: owners, milestones, five years of updates (one per
action for each reporting period, the run-up to each meeting of the city–VDAB steering group
that the governance demo holds), a principles check for a few actions and two snapshots for
steering group meetings.

Deterministic (a seeded random generator) and idempotent: a second run creates nothing twice.
People are obviously fake ("Demo Eigenaar ...").
"""

from __future__ import annotations

import datetime as dt
import random
from zoneinfo import ZoneInfo

from lokaalwerk.accounts.constants import Role
from lokaalwerk.accounts.models import Membership, Organisation, User
from lokaalwerk.agreements.models import Agreement, PlanChange
from lokaalwerk.core.demo import DEMO_PASSWORD

from . import services
from .constants import PrincipleRating, ProgressStatus
from .models import ActionOwner, Milestone, ProgressUpdate, Snapshot

AGREEMENT_SLUG = "stad-mechelen-2021-2025"
BRUSSELS = ZoneInfo("Europe/Brussels")

#: Extra owners: username, last name, organisation slug.
DEMO_OWNERS = [
    ("eigenaar.onderwijs", "Eigenaar Onderwijs", "dienst-onderwijs"),
    ("eigenaar.economie", "Eigenaar Economie", "dienst-economie"),
    ("eigenaar.sociaalhuis", "Eigenaar Sociaal Huis", "sociaal-huis"),
    ("eigenaar.vdab", "Eigenaar VDAB", "vdab"),
]

#: Per action: how the five years went. "steady" ends done, "troubled" has risks on the way,
#: "late" starts after a year, "paused" was not applicable for a while.
PROFILES = {
    "1.1": "steady",
    "1.2": "troubled",
    "2.1": "steady",
    "2.2": "late",
    "2.3": "troubled",
    "2.4": "steady",
    "2.5": "paused",
    "2.6": "troubled",
    "3.1": "steady",
    "3.2": "late",
    "4.1": "troubled",
    "4.2": "paused",
    "5.1": "steady",
    "5.2": "late",
    "5.3": "troubled",
}

RISK_NOTES = [
    "Minder instroom dan verwacht; extra toeleiding via het Sociaal Huis gepland.",
    "Personeelswissel bij een partner; de opvolging ligt tijdelijk stil.",
    "De coronamaatregelen maakten fysieke pop-ups onmogelijk; digitaal alternatief loopt.",
    "Budget voor het ESF-project nog niet goedgekeurd; start schuift op.",
]
NARRATIVES = [
    "Overleg met de partners gehouden; afspraken bijgestuurd.",
    "Nieuwe deelnemers toegeleid en opgevolgd.",
    "Tussentijdse evaluatie besproken in de werkgroep.",
    "Communicatie naar werkgevers en bewoners uitgebreid.",
    "Werking verloopt volgens plan.",
]
MILESTONES = [
    ("Afsprakenkader met de partners vastgelegd", 180),
    ("Eerste evaluatie in de stuurgroep", 540),
    ("Eindevaluatie en aanbevelingen voor de volgende overeenkomst", 1700),
]
#: Snapshots frozen for the last two meetings of the city–VDAB steering group in the governance
#: demo, on the day before each meeting.
SNAPSHOTS = [
    ("Stuurgroep juni 2025", dt.date(2025, 6, 14)),
    ("Stuurgroep november 2025", dt.date(2025, 11, 15)),
]
ASSESSED = {
    "1.2": [
        (1, PrincipleRating.MET, "De jongerenconsulenten werken vanuit één aanspreekpunt."),
        (4, PrincipleRating.PARTLY, "Data worden gedeeld, maar nog niet elk kwartaal."),
        (9, PrincipleRating.MET, "De jongerencijfers komen op elke stuurgroep."),
    ],
    "2.2": [
        (1, PrincipleRating.MET, "De pop-up brengt VDAB naar het Sociaal Huis."),
        (6, PrincipleRating.NOT_MET, "Nog geen gezamenlijke opleiding voor de medewerkers."),
        (10, PrincipleRating.PARTLY, "Het bereik wordt geteld, het effect nog niet."),
    ],
    "4.1": [
        (2, PrincipleRating.MET, "Eén werkgeversaanpak van stad en VDAB."),
        (
            7,
            PrincipleRating.NOT_APPLICABLE,
            "Dit principe gaat over cliënten, niet over werkgevers.",
        ),
    ],
}


def _user(username: str, last_name: str, organisation: Organisation) -> User:
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
        user=user,
        organisation=organisation,
        defaults={"role": Role.CONTRIBUTOR, "function": "actie-eigenaar"},
    )
    return user


def _owners(agreement: Agreement, coordinator: User) -> None:
    organisations = {o.slug: o for o in Organisation.objects.all()}
    people = {
        slug: _user(username, last_name, organisations[slug])
        for username, last_name, slug in DEMO_OWNERS
        if slug in organisations
    }
    people.setdefault("sociaal-huis", User.objects.get(username="medewerker.stad"))
    vdab_people = [people["vdab"], User.objects.get(username="consulent.vdab")]
    for index, action in enumerate(agreement.actions.select_related("lead_organisation")):
        lead = action.lead_organisation.slug if action.lead_organisation else ""
        for commitment in action.commitments.select_related("organisation"):
            if commitment.organisation.slug == "vdab":
                user, organisation = vdab_people[index % 2], commitment.organisation
            else:
                user = (people.get(lead) if lead != "vdab" else None) or people["sociaal-huis"]
                organisation = user.memberships.first().organisation
            services.owner_add(
                actor=coordinator,
                action=action,
                user=user,
                organisation=organisation,
                commitment=commitment,
                name_public=user.username == "eigenaar.onderwijs",
                source="demo",
            )


def _milestones(agreement: Agreement, coordinator: User, rng: random.Random) -> None:
    for action in agreement.actions.all():
        for title, offset in MILESTONES:
            due = agreement.start_date + dt.timedelta(days=offset + rng.randint(0, 60))
            if Milestone.objects.filter(action=action, title=title).exists():
                continue
            done = due + dt.timedelta(days=rng.randint(-20, 40)) if offset < 1000 else None
            services.milestone_save(
                actor=coordinator,
                action=action,
                title=title,
                due_date=due,
                done_on=done,
                source="demo",
            )


def _next_state(profile: str, step: int, progress: int, rng: random.Random):
    """(status, progress, note) for quarter ``step`` of an action with this profile."""
    if profile == "late" and step < 4:
        return ProgressStatus.NOT_STARTED, 0, ""
    if profile == "paused" and 5 <= step < 7:
        return ProgressStatus.NOT_APPLICABLE, progress, ""
    step_size = (4, 9) if profile == "steady" else (1, 6)
    progress = min(100, progress + rng.randint(*step_size))
    if progress >= 100:
        return ProgressStatus.DONE, 100, ""
    if profile == "troubled" and step in (6, 7, 12):
        status = ProgressStatus.OFF_TRACK if step == 7 else ProgressStatus.AT_RISK
        return status, max(0, progress - 5), rng.choice(RISK_NOTES)
    return ProgressStatus.ON_TRACK, progress, ""


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=BRUSSELS)


def _history(agreement: Agreement, coordinator: User, rng: random.Random) -> None:
    periods = list(agreement.reporting_periods.all())
    owners = {o.action_id: o.user for o in ActionOwner.objects.filter(action__agreement=agreement)}
    state = {a.pk: 0 for a in agreement.actions.all()}
    actions = list(agreement.actions.all())
    end = agreement.effective_end()
    backdated: list[tuple[int, dt.datetime]] = []
    snapshots = {len(periods) - 2: SNAPSHOTS[0][0], len(periods) - 1: SNAPSHOTS[1][0]}
    for step, period in enumerate(periods):
        # A period may be shorter than the ten days before its due date (the first one ends
        # two weeks after the agreement starts): nobody writes before a period starts.
        day = min(period.due_date - dt.timedelta(days=rng.randint(1, 10)), end)
        day = max(day, period.start_date)
        if step in snapshots:
            # What the meeting at the end of the previous period saw, before this round.
            services.snapshot_create(
                agreement=agreement,
                name=snapshots[step],
                reference="Stuurgroep stad Mechelen - VDAB",
                actor=coordinator,
                source="demo",
            )
        for action in actions:
            profile = PROFILES.get(action.code, "steady")
            status, progress, note = _next_state(profile, step, state[action.pk], rng)
            state[action.pk] = progress
            update = services.progress_update_create(
                actor=owners.get(action.pk),
                action=action,
                period=period,
                status=status,
                progress=progress,
                note=note,
                narrative=rng.choice(NARRATIVES),
                unchanged=False,
                today=day,
                source="demo",
            )
            backdated.append((update.pk, _at(day, 9 + rng.randint(0, 7))))
            last = step == len(periods) - 1
            if not (last and action.code in {"1.2", "2.3", "5.2", "4.1"}):
                services.progress_update_review(
                    actor=coordinator, update=update, approve=True, source="demo"
                )
    for pk, when in backdated:
        ProgressUpdate.objects.filter(pk=pk).update(created_at=when, reviewed_at=when)
        PlanChange.objects.filter(target_type="results.progressupdate", target_id=str(pk)).update(
            occurred_at=when
        )


def demo_load() -> None:
    agreement = Agreement.objects.filter(slug=AGREEMENT_SLUG).first()
    if agreement is None:
        return
    coordinator = User.objects.get(username="coordinator.stad")
    rng = random.Random(2021)  # noqa: S311 - demo data, not security
    services.reporting_periods_sync(agreement=agreement, actor=coordinator)
    _owners(agreement, coordinator)
    _milestones(agreement, coordinator, rng)
    services.publication_update(
        actor=coordinator,
        agreement=agreement,
        published=True,
        show_progress=True,
        show_narrative=True,
        show_owners=True,
        approval_required=True,
    )
    if not ProgressUpdate.objects.filter(action__agreement=agreement).exists():
        _history(agreement, coordinator, rng)
    principles = {p.number: p for p in agreement.principles.all()}
    for code, rows in ASSESSED.items():
        action = agreement.actions.get(code=code)
        for number, rating, justification in rows:
            if number in principles:
                services.principle_assess(
                    actor=coordinator,
                    action=action,
                    principle=principles[number],
                    rating=rating,
                    justification=justification,
                    source="demo",
                )
    for name, day in SNAPSHOTS:
        Snapshot.objects.filter(agreement=agreement, name=name).update(created_at=_at(day, 10))
