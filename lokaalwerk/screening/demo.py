"""Demo screening rounds: a closed 2025 round (only its counts remain) and an open 2026 round.

The lists are synthetic (synthetic.py) and encoded here with a demo secret that is thrown away
at once, exactly as a partner would do offline: the database receives tokens only.
"""

from __future__ import annotations

import datetime as dt
import secrets

from lokaalwerk.accounts.constants import Role
from lokaalwerk.accounts.models import Membership, Organisation, User
from lokaalwerk.core.demo import DEMO_PASSWORD
from lokaalwerk.governance.models import Body

from . import encoding, services, synthetic
from .models import ScreeningRound

PARTNERS = ["dienst-onderwijs", "vdab", "sociaal-huis"]
PURPOSE = (
    "Jongeren opsporen die bij scholen van de radar verdwijnen en die VDAB en het Sociaal Huis "
    "niet kennen, om hen een warme overdracht aan te bieden (acties 1.1 en 1.2)."
)
LEGAL_BASIS = (
    "AVG art. 6.1.e (taak van algemeen belang): decreet lokaal bestuur en het VDAB-decreet; "
    "samenwerkingsovereenkomst stad Mechelen – VDAB 2021-2025, acties 1.1 en 1.2."
)
EXTRA_USERS = [
    ("medewerker.onderwijs", "Medewerker Onderwijs", "dienst-onderwijs", Role.CONTRIBUTOR),
    ("dpo.stad", "Functionaris Gegevensbescherming", "stad-mechelen", Role.DATA_PROTECTION_OFFICER),
]


def _users() -> dict[str, User]:
    users = {}
    for username, last_name, slug, role in EXTRA_USERS:
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
            user=user, organisation=Organisation.objects.get(slug=slug), defaults={"role": role}
        )
        users[username] = user
    users["coordinator.vdab"] = User.objects.get(username="coordinator.vdab")
    return users


def _uploaders(users) -> dict[str, User]:
    return {
        "dienst-onderwijs": users["medewerker.onderwijs"],
        "vdab": User.objects.get(username="consulent.vdab"),
        "sociaal-huis": User.objects.get(username="medewerker.stad"),
    }


def _run(year: int, opens_on: dt.date, closes_on: dt.date, size: int, users, close: bool):
    organisations = list(Organisation.objects.filter(slug__in=PARTNERS))
    steering_group = Body.objects.filter(name="Stuurgroep stad Mechelen - VDAB").first()
    screening_round = services.screening_round_create(
        actor=users["coordinator.vdab"],
        year=year,
        title=f"Gezamenlijke screening jongeren {year}",
        purpose=PURPOSE,
        legal_basis=LEGAL_BASIS,
        organisations=organisations,
        opens_on=opens_on,
        closes_on=closes_on,
        steering_group=steering_group,
        source="demo",
    )
    services.screening_round_approve(
        actor=users["dpo.stad"], screening_round=screening_round, source="demo"
    )
    encoder = encoding.Encoder(secrets.token_bytes(32))
    population = synthetic.people(2 * size, seed=year)
    uploaders = _uploaders(users)
    for n, organisation in enumerate(sorted(organisations, key=lambda o: o.slug)):
        # Each partner knows an overlapping part of the age group, written its own way.
        people = population[n * size // 3 : n * size // 3 + size]
        listed = synthetic.corrupt(people, prefix=organisation.slug[:4].upper(), seed=year + n)
        tokens = encoder.encode(
            encoding.Person(p.record_id, p.insz, p.first_name, p.last_name, p.birth_date)
            for p in listed
        )
        services.tokens_upload(
            actor=uploaders[organisation.slug],
            screening_round=screening_round,
            organisation=organisation,
            data=tokens,
            source="demo",
            today=opens_on,
        )
    services.screening_round_link(
        actor=users["coordinator.vdab"], screening_round=screening_round, source="demo"
    )
    if close:
        services.screening_round_close(
            actor=users["coordinator.vdab"], screening_round=screening_round, source="demo"
        )


def demo_load() -> None:
    users = _users()
    if not ScreeningRound.objects.filter(year=2025).exists():
        _run(2025, dt.date(2025, 10, 1), dt.date(2025, 12, 15), 150, users, close=True)
    if not ScreeningRound.objects.filter(year=2026).exists():
        _run(2026, dt.date(2026, 10, 1), dt.date(2026, 12, 31), 180, users, close=False)
