"""Persona fixtures: the people who use Lokaal Werk, each with the role they hold."""

from __future__ import annotations

import pytest

from lokaalwerk.accounts.constants import OrganisationKind, Role
from lokaalwerk.accounts.tests.factories import MembershipFactory, OrganisationFactory, UserFactory


@pytest.fixture
def vdab(db):
    return OrganisationFactory(
        name="VDAB",
        slug="vdab",
        kind=OrganisationKind.EMPLOYMENT_SERVICE,
        legal_name="Vlaamse Dienst voor Arbeidsbemiddeling en Beroepsopleiding",
    )


@pytest.fixture
def city(db):
    return OrganisationFactory(
        name="stad Mechelen", slug="stad-mechelen", kind=OrganisationKind.LOCAL_GOVERNMENT
    )


@pytest.fixture
def social_house(city):
    return OrganisationFactory(
        name="Sociaal Huis Mechelen",
        slug="sociaal-huis",
        kind=OrganisationKind.DEPARTMENT,
        parent=city,
    )


@pytest.fixture
def partner(db):
    return OrganisationFactory(name="Partner vzw (test)", slug="partner-test")


def _member(organisation, role, username):
    return MembershipFactory(
        organisation=organisation, role=role, user=UserFactory(username=username)
    ).user


@pytest.fixture
def city_coordinator(social_house):
    return _member(social_house, Role.COORDINATOR, "coordinator.city")


@pytest.fixture
def vdab_coordinator(vdab):
    return _member(vdab, Role.COORDINATOR, "coordinator.vdab")


@pytest.fixture
def city_caseworker(social_house):
    return _member(social_house, Role.CONTRIBUTOR, "caseworker.city")


@pytest.fixture
def vdab_consultant(vdab):
    return _member(vdab, Role.CONTRIBUTOR, "consultant.vdab")


@pytest.fixture
def partner_staff(partner):
    return _member(partner, Role.VIEWER, "staff.partner")


@pytest.fixture
def administrator(city):
    return _member(city, Role.ADMINISTRATOR, "admin.city")


@pytest.fixture
def outsider(db):
    """Signed in, but a member of no organisation."""
    return UserFactory(username="outsider")


@pytest.fixture
def anonymous_citizen(client):
    return client


@pytest.fixture
def school(db):
    return OrganisationFactory(
        name="Secundaire school (test)", slug="school-test", kind=OrganisationKind.SCHOOL
    )


@pytest.fixture
def school_staff(school):
    return _member(school, Role.CONTRIBUTOR, "staff.school")


@pytest.fixture
def alderman(city):
    return _member(city, Role.ALDERMAN, "alderman.city")


@pytest.fixture
def data_protection_officer(city):
    return _member(city, Role.DATA_PROTECTION_OFFICER, "dpo.city")
