"""Test data for an instance that serves several local governments.

``local_government_build`` loads one local government with its own agreement (through the
agreement importer), organisations, a user for every role, bodies and meetings, progress,
clients, consents, referrals, pop-up bookings, offers, directory entries, vacancies, a
screening round, targets and an import batch. Every record that is not public carries the
marker ``"<name>-intern"`` in its name, title or text, so that a test can search any answer for
it; the published directory entry carries ``"<name>-publiek"`` instead. VDAB's head office is
shared: it is a party to every agreement and stays regional.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.text import slugify

from lokaalwerk.accounts.constants import OrganisationKind, Role
from lokaalwerk.accounts.models import Membership, Organisation, User
from lokaalwerk.agreements.models import Action, Agreement
from lokaalwerk.agreements.services import agreement_import
from lokaalwerk.geography.models import Area, Municipality
from lokaalwerk.geography.services import areas_load, municipalities_load

PERSONAS = ("coordinator", "caseworker", "consultant", "viewer", "alderman", "dpo")


@dataclass
class LocalGovernmentData:
    """What was loaded for one local government, by role and by kind of record."""

    name: str
    marker: str
    public_marker: str
    local_government: Organisation
    agreement: Agreement
    organisations: dict[str, Organisation]
    users: dict[str, User]
    objects: dict[str, object] = field(default_factory=dict)


def agreement_structure(name: str, slug: str, nis_code: str, marker: str) -> dict:
    """The agreement of a local government as the importer reads it."""
    city, house = f"stad-{slug}", f"sociaal-huis-{slug}"
    team, partner, school = f"vdab-regio-{slug}", f"werkwinkel-{slug}", f"atheneum-{slug}"
    return {
        "title": f"{name} 2026-2031 ({marker})",
        "start_date": "2026-01-01",
        "end_date": "2031-12-31",
        "municipalities": [nis_code],
        "organisations": [
            {"key": "vdab", "name": "VDAB", "kind": OrganisationKind.EMPLOYMENT_SERVICE},
            {"key": city, "name": f"stad {name}", "kind": OrganisationKind.LOCAL_GOVERNMENT},
            {"key": house, "name": f"Sociaal Huis {name}", "kind": "department", "parent": city},
            {
                "key": team,
                "name": f"VDAB regio {name}",
                "kind": "department",
                "parent": "vdab",
                "local_government": city,
            },
            {"key": partner, "name": f"Werkwinkel {name}", "kind": OrganisationKind.PARTNER},
            {"key": school, "name": f"Atheneum {name}", "kind": OrganisationKind.SCHOOL},
        ],
        "parties": [
            {"organisation": "vdab", "name": "Vlaamse Dienst voor Arbeidsbemiddeling (VDAB)"},
            {"organisation": city, "name": f"stad {name}"},
        ],
        "themes": [
            {
                "number": 1,
                "title": f"Jongeren ({marker})",
                "domains": [
                    {
                        "number": 1,
                        "title": f"Schooluitval ({marker})",
                        "actions": [
                            {
                                "code": "1.1",
                                "title": f"Screening van jongeren ({marker})",
                                "description": f"Samen screenen ({marker}).",
                                "lead": house,
                                "commitments": [
                                    {"organisation": team, "text": f"VDAB screent ({marker})."}
                                ],
                            }
                        ],
                    }
                ],
            }
        ],
        "bodies": [
            {
                "key": f"stuurgroep-{slug}",
                "name": f"Stuurgroep {marker}",
                "kind": "operational_steering_group",
                "convenor": city,
                "min_meetings_per_year": 3,
                "members": [],
            }
        ],
    }


def _user(username: str, organisation: Organisation, role: Role) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.invalid"}
    )
    user.set_password("correct horse battery staple")
    user.save(update_fields=["password"])
    Membership.objects.update_or_create(
        user=user, organisation=organisation, defaults={"role": role}
    )
    return user


def _reference_data_ensure() -> None:
    """A flushed database (transactional tests) has lost what the migrations load."""
    from lokaalwerk.indicators.models import Indicator
    from lokaalwerk.indicators.services import indicator_set_load

    if not Municipality.objects.exists():
        municipalities_load(model=Municipality)
    if not Area.objects.exists():
        areas_load(area_model=Area, municipality_model=Municipality)
    if not Indicator.objects.exists():
        indicator_set_load()


def local_government_build(*, name: str, nis_code: str) -> LocalGovernmentData:
    """Load one local government next to whatever is there (VDAB's head office is shared)."""
    _reference_data_ensure()
    slug = slugify(name)
    marker, public_marker = f"{name}-intern", f"{name}-publiek"
    result = agreement_import(
        structure=agreement_structure(name, slug, nis_code, marker), source="test"
    )
    agreement = result.agreement
    orgs = {
        key: Organisation.objects.get(slug=f"{key}-{slug}")
        for key in ("stad", "sociaal-huis", "vdab-regio", "werkwinkel", "atheneum")
    }
    orgs["vdab"] = Organisation.objects.get(slug="vdab")
    users = {
        "coordinator": _user(f"{slug}.coordinator", orgs["sociaal-huis"], Role.COORDINATOR),
        "caseworker": _user(f"{slug}.caseworker", orgs["sociaal-huis"], Role.CONTRIBUTOR),
        "consultant": _user(f"{slug}.consultant", orgs["vdab-regio"], Role.CONTRIBUTOR),
        "viewer": _user(f"{slug}.viewer", orgs["werkwinkel"], Role.VIEWER),
        "alderman": _user(f"{slug}.alderman", orgs["stad"], Role.ALDERMAN),
        "dpo": _user(f"{slug}.dpo", orgs["stad"], Role.DATA_PROTECTION_OFFICER),
    }
    data = LocalGovernmentData(
        name=name,
        marker=marker,
        public_marker=public_marker,
        local_government=orgs["stad"],
        agreement=agreement,
        organisations=orgs,
        users=users,
    )
    action = Action.objects.get(agreement=agreement, code="1.1")
    data.objects["action"] = action
    _governance(data, action)
    _results(data, action)
    _referrals(data)
    _catalogue(data, nis_code)
    _screening_and_figures(data, action, nis_code)
    return data


def _governance(data: LocalGovernmentData, action: Action) -> None:
    from lokaalwerk.governance import services
    from lokaalwerk.governance.models import Body

    body = Body.objects.get(agreement=data.agreement)
    coordinator, marker = data.users["coordinator"], data.marker
    services.body_member_add(
        actor=None,
        body=body,
        person_name=f"Voorzitter {marker}",
        organisation=data.organisations["sociaal-huis"],
        role="chair",
        user=coordinator,
    )
    start = dt.datetime(2026, 3, 16, 14, 0, tzinfo=ZoneInfo("Europe/Brussels"))
    meeting = services.meeting_plan(
        actor=coordinator,
        body=body,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        location=f"Zaal {marker}",
    ).meeting
    services.agenda_item_add(
        actor=coordinator, meeting=meeting, title=f"Agendapunt {marker}", kind="free"
    )
    services.minutes_record(actor=coordinator, meeting=meeting, minutes=f"Verslag {marker}")
    decision = services.decision_record(
        actor=coordinator, meeting=meeting, kind="approve", text=f"Besluit {marker}"
    )
    follow_up = services.follow_up_create(
        actor=coordinator,
        meeting=meeting,
        description=f"Opvolgpunt {marker}",
        owner_name=f"Eigenaar {marker}",
        due_date=dt.date(2026, 5, 1),
        owner_organisation=data.organisations["sociaal-huis"],
        decision=decision,
    )
    services.invitations_send(actor=coordinator, meeting=meeting)
    data.objects.update(
        body=body,
        meeting=meeting,
        agenda_item=meeting.agenda_items.first(),
        decision=decision,
        follow_up=follow_up,
        invitation=meeting.invitations.first(),
        calendar_token=services.calendar_token_issue(user=coordinator),
    )


def _results(data: LocalGovernmentData, action: Action) -> None:
    from lokaalwerk.results import services

    coordinator, marker = data.users["coordinator"], data.marker
    services.reporting_periods_ensure(agreement=data.agreement)
    period = data.agreement.reporting_periods.order_by("start_date").first()
    update = services.progress_update_create(
        actor=data.users["caseworker"],
        action=action,
        period=period,
        status="on_track",
        progress=40,
        note=f"Voortgang {marker}",
    )
    milestone = services.milestone_save(
        actor=coordinator, action=action, title=f"Mijlpaal {marker}", due_date=dt.date(2026, 6, 30)
    )
    snapshot = services.snapshot_create(
        actor=coordinator, agreement=data.agreement, name=f"Momentopname {marker}"
    )
    data.objects.update(
        period=period,
        progress_update=update,
        milestone=milestone,
        snapshot=snapshot,
    )


def _referrals(data: LocalGovernmentData) -> None:
    from lokaalwerk.referrals import services

    caseworker, consultant, marker = data.users["caseworker"], data.users["consultant"], data.marker
    team, house = data.organisations["vdab-regio"], data.organisations["sociaal-huis"]
    today = timezone.localdate()
    clients, referrals = [], []
    for index, state in enumerate(("draft", "sent", "accepted")):
        client = services.client_create(
            actor=caseworker,
            last_name=f"Cliënt {marker} {index}",
            first_name="Test",
            birth_date=dt.date(2000, 1, 1 + index),
            email=f"client{index}.{slugify(data.name)}@example.invalid",
        )
        consent = services.consent_record(
            actor=caseworker,
            client=client,
            purpose="referral",
            scope=["name", "contact"],
            method="verbal",
            witness=f"Getuige {marker}",
            recipient=team,
        )
        referral = services.referral_create(
            actor=caseworker,
            client=client,
            receiving_organisation=team,
            reason="1.1",
            consent=consent,
            note=f"Doorverwijzing {marker}",
            send=state != "draft",
        )
        if state == "accepted":
            services.referral_accept(actor=consultant, referral=referral)
        clients.append(client)
        referrals.append(referral)
    slot = services.popup_slot_create(
        actor=data.users["coordinator"],
        organisation=team,
        host=house,
        weekday=today.weekday(),
        start_time=dt.time(9, 0),
        end_time=dt.time(12, 0),
        capacity=4,
        active_from=today - dt.timedelta(days=7),
        location=f"Pop-up {marker}",
    )
    booking_client = clients[1]
    booking = services.popup_booking_create(
        actor=caseworker,
        slot=slot,
        date=today + dt.timedelta(days=7),
        client=booking_client,
        consent=referrals[1].consent,
    )
    data.objects.update(
        client=clients[1],
        consent=referrals[1].consent,
        referral=referrals[1],
        draft_referral=referrals[0],
        popup_slot=slot,
        booking=booking,
        inbox_message=caseworker.inbox_messages.first(),
    )


def _catalogue(data: LocalGovernmentData, nis_code: str) -> None:
    from lokaalwerk.catalogue.models import DirectoryEntry, Location, Offer, TargetGroup, Vacancy

    marker, municipality = (
        data.marker,
        Municipality.objects.get(nis_code=nis_code, valid_to__isnull=True),
    )
    # The published entry is there too, which makes the place public.
    location = Location.objects.create(
        name=f"Locatie {data.public_marker}",
        street="Markt 1",
        postal_code="1000",
        municipality=municipality,
    )
    offer = Offer.objects.create(
        provider=data.organisations["sociaal-huis"],
        name=f"Aanbod {marker}",
        slug=f"aanbod-{slugify(marker)}",
        description=f"Beschrijving {marker}",
        last_checked_on=timezone.localdate(),
        # Active offers are public in the HSDS export; an inactive one is the partners' own.
        is_active=False,
    )
    offer.locations.add(location)
    public_offer = Offer.objects.create(
        provider=data.organisations["sociaal-huis"],
        name=f"Aanbod {data.public_marker}",
        slug=f"aanbod-{slugify(data.public_marker)}",
        last_checked_on=timezone.localdate(),
    )
    group, _created = TargetGroup.objects.get_or_create(
        code="jongeren-test", defaults={"name": "Jongeren (test)"}
    )
    offer.target_groups.add(group)
    hidden = DirectoryEntry.objects.create(
        name=f"Plek {marker}",
        kind="wifi",
        owner=data.organisations["werkwinkel"],
        location=location,
        is_published=False,
        last_checked_on=timezone.localdate(),
    )
    published = DirectoryEntry.objects.create(
        name=f"Plek {data.public_marker}",
        kind="wifi",
        owner=data.organisations["werkwinkel"],
        location=location,
        is_published=True,
        last_checked_on=timezone.localdate(),
    )
    vacancy = Vacancy.objects.create(
        reference=f"SE-{slugify(data.name)}",
        employer=f"Werkgever {marker}",
        municipality=municipality,
        title=f"Vacature {marker}",
        hours_per_week=Decimal("38"),
        posted_on=timezone.localdate() - dt.timedelta(days=2),
        expires_on=timezone.localdate() + dt.timedelta(days=30),
    )
    data.objects.update(
        offer=offer,
        public_offer=public_offer,
        target_group=group,
        directory_entry=hidden,
        published_entry=published,
        vacancy=vacancy,
    )


def _screening_and_figures(data: LocalGovernmentData, action: Action, nis_code: str) -> None:
    from lokaalwerk.agreements.models import AgreementImport
    from lokaalwerk.catalogue.services import VACANCY_IMPORT_JOB
    from lokaalwerk.core.models import ImportJob, ImportJobState
    from lokaalwerk.indicators.models import ImportBatch, Indicator, Observation, Target
    from lokaalwerk.indicators.services import OBSERVATION_IMPORT_JOB
    from lokaalwerk.screening import services

    marker = data.marker
    today = timezone.localdate()
    screening_round = services.screening_round_create(
        actor=data.users["coordinator"],
        year=today.year,
        title=f"Screening {marker}",
        purpose=f"Doel {marker}",
        legal_basis="art. 6.1.e AVG",
        organisations=[data.organisations["sociaal-huis"], data.organisations["atheneum"]],
        opens_on=today - dt.timedelta(days=1),
        closes_on=today + dt.timedelta(days=60),
        steering_group=data.objects["body"],
    )
    target = Target.objects.create(
        indicator=Indicator.objects.get(code="wzw-jongeren"),
        area=Area.objects.get(code=nis_code),
        year=2027,
        value=Decimal("100"),
        action=action,
        note=f"Streefwaarde {marker}",
    )
    batch = ImportBatch.objects.create(filename=f"cijfers-{marker}.csv", kind="long_csv")
    # A published figure beside the target: the figure is public, the target is not.
    Observation.objects.create(
        indicator=target.indicator,
        area=target.area,
        period_start=dt.date(2027, 1, 1),
        value=Decimal("80"),
        batch=batch,
    )
    pending = AgreementImport.objects.create(
        created_by=data.users["coordinator"], filename=f"{marker}.txt", structure={}
    )
    # Large imports wait as jobs; their pages name the file.
    jobs = {
        f"{kind}_import_job": ImportJob.objects.create(
            kind=job_kind,
            created_by=data.users["coordinator"],
            filename=f"{kind}-{marker}.csv",
            state=ImportJobState.DONE,
            result=None,
        )
        for kind, job_kind in (
            ("observation", OBSERVATION_IMPORT_JOB),
            ("vacancy", VACANCY_IMPORT_JOB),
        )
    }
    data.objects.update(
        screening_round=screening_round,
        target=target,
        import_batch=batch,
        agreement_import=pending,
        **jobs,
    )
