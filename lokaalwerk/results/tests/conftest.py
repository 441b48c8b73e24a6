import datetime as dt

import pytest

from lokaalwerk.agreements.models import Action, ActionDomain, Theme
from lokaalwerk.agreements.tests.factories import AgreementFactory
from lokaalwerk.results import services

from .factories import CommitmentFactory

#: "Today" in the tests: inside the agreement, in its fifth quarter of 2025.
TODAY = dt.date(2025, 5, 20)


@pytest.fixture
def plan(db, vdab, city, social_house):
    """An active agreement (2021-2040, so today falls inside it): two themes, three domains,
    four actions and quarterly periods.

    Action 1.1 is led by the Sociaal Huis with commitments of VDAB and the city."""
    agreement = AgreementFactory(
        slug="test-2021-2040",
        title="Testovereenkomst 2021-2040",
        start_date=dt.date(2021, 1, 1),
        end_date=dt.date(2040, 12, 31),
    )
    theme1 = Theme.objects.create(agreement=agreement, number=1, title="Thema een")
    theme2 = Theme.objects.create(agreement=agreement, number=2, title="Thema twee")
    d1 = ActionDomain.objects.create(agreement=agreement, theme=theme1, number=1, title="Domein 1")
    d2 = ActionDomain.objects.create(agreement=agreement, theme=theme1, number=2, title="Domein 2")
    d3 = ActionDomain.objects.create(agreement=agreement, theme=theme2, number=3, title="Domein 3")
    actions = {}
    for code, domain, lead in [
        ("1.1", d1, social_house),
        ("1.2", d1, vdab),
        ("2.1", d2, vdab),
        ("3.1", d3, city),
    ]:
        actions[code] = Action.objects.create(
            agreement=agreement,
            domain=domain,
            code=code,
            title=f"Actie {code}",
            lead_organisation=lead,
        )
    CommitmentFactory(action=actions["1.1"], organisation=vdab)
    CommitmentFactory(action=actions["1.1"], organisation=city)
    services.reporting_periods_generate(agreement=agreement)
    agreement.refresh_from_db()
    return agreement


@pytest.fixture
def period(plan):
    return plan.reporting_periods.get(start_date=dt.date(2025, 4, 1))


@pytest.fixture
def previous_period(plan):
    return plan.reporting_periods.get(start_date=dt.date(2025, 1, 1))


@pytest.fixture
def english():
    """Service messages are read in English here; page tests read the Dutch default."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo(db):
    """The Mechelen demo with its results."""
    from lokaalwerk.agreements.models import Agreement
    from lokaalwerk.core.demo import demo_load

    demo_load()
    return Agreement.objects.get(slug="stad-mechelen-2021-2025")
