"""The demo: the Mechelen agreement, its organisations and a user for every role.

Loading is idempotent: a second run updates what is there and creates nothing twice. Names of
demo users are obviously fake; the people named in the agreement itself are public officials.
"""

from __future__ import annotations

import importlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from lokaalwerk.accounts.constants import Role
from lokaalwerk.accounts.models import Membership, Organisation, User
from lokaalwerk.agreements.services import agreement_import
from lokaalwerk.geography.models import Municipality
from lokaalwerk.geography.services import municipalities_load

DEMO_AGREEMENT = (
    Path(__file__).resolve().parents[1] / "agreements" / "fixtures" / "mechelen-2020-2025.yaml"
)
DEMO_PASSWORD = "demo-lokaalwerk"  # noqa: S105 - printed for the demo on purpose


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str
    role: Role
    function: str
    superuser: bool = False


DEMO_USERS = [
    DemoUser(
        "beheerder",
        "Demo",
        "Beheerder",
        "stad-mechelen",
        Role.ADMINISTRATOR,
        "functioneel beheerder",
        superuser=True,
    ),
    DemoUser(
        "coordinator.stad",
        "Demo",
        "Coördinator Stad",
        "sociaal-huis",
        Role.COORDINATOR,
        "coördinator tewerkstelling",
    ),
    DemoUser(
        "coordinator.vdab",
        "Demo",
        "Coördinator VDAB",
        "vdab",
        Role.COORDINATOR,
        "netwerkmanager lokale besturen",
    ),
    DemoUser(
        "medewerker.stad",
        "Demo",
        "Medewerker Sociaal Huis",
        "sociaal-huis",
        Role.CONTRIBUTOR,
        "maatschappelijk werker",
    ),
    DemoUser(
        "consulent.vdab", "Demo", "Consulent VDAB", "vdab", Role.CONTRIBUTOR, "jongerenconsulent"
    ),
    DemoUser(
        "lezer.partner",
        "Demo",
        "Partner Lezer",
        "centrum-basiseducatie",
        Role.VIEWER,
        "stafmedewerker",
    ),
]


def demo_users_load() -> list[User]:
    users = []
    for spec in DEMO_USERS:
        user, created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "first_name": spec.first_name,
                "last_name": spec.last_name,
                "email": f"{spec.username}@demo.invalid",
                "is_staff": spec.superuser,
                "is_superuser": spec.superuser,
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        organisation = Organisation.objects.filter(slug=spec.organisation).first()
        if organisation is None:
            organisation = Organisation.objects.get(slug="stad-mechelen")
        Membership.objects.update_or_create(
            user=user,
            organisation=organisation,
            defaults={"role": spec.role, "function": spec.function},
        )
        users.append(user)
    return users


#: Each app that has demo data offers ``<app>.demo.demo_load()``; they run in this order, after
#: the agreement and the users exist, inside one transaction. Governance comes before results:
#: the reporting periods run up to the city–VDAB steering group's meetings, so the meetings
#: must exist before the results demo writes an update for each period.
DEMO_MODULES = [
    "lokaalwerk.governance.demo",
    "lokaalwerk.results.demo",
    "lokaalwerk.indicators.demo",
    "lokaalwerk.referrals.demo",
    "lokaalwerk.catalogue.demo",
    "lokaalwerk.screening.demo",
]


def _app_demos():
    for name in DEMO_MODULES:
        if importlib.util.find_spec(name) is not None:
            yield importlib.import_module(name)


def demo_load() -> dict[str, int]:
    structure = yaml.safe_load(DEMO_AGREEMENT.read_text(encoding="utf-8"))
    with transaction.atomic():
        # A flushed database (``flush``, transactional tests) has lost the migration's data.
        if not Municipality.objects.exists():
            municipalities_load(model=Municipality)
        result = agreement_import(structure=structure, source="demo")
        users = demo_users_load()
        for module in _app_demos():
            module.demo_load()
    return {"agreement_changes": len(result.changes), "users": len(users)}
