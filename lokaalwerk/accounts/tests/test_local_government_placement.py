"""The migrations place existing organisations and agreements in their local government."""

from __future__ import annotations

import importlib

from django.apps import apps

from lokaalwerk.accounts.constants import OrganisationKind
from lokaalwerk.accounts.models import Organisation
from lokaalwerk.accounts.tests.factories import OrganisationFactory
from lokaalwerk.agreements.models import Party
from lokaalwerk.agreements.tests.factories import AgreementFactory

place_organisations = importlib.import_module(
    "lokaalwerk.accounts.migrations.0003_organisation_local_government"
).fill_local_government
place_agreements = importlib.import_module(
    "lokaalwerk.agreements.migrations.0003_agreement_local_government"
).fill_local_government


def _tree():
    city = OrganisationFactory(kind=OrganisationKind.LOCAL_GOVERNMENT)
    house = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, parent=city)
    team = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, parent=house)
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER)
    vdab = OrganisationFactory(kind=OrganisationKind.EMPLOYMENT_SERVICE)
    unit = OrganisationFactory(kind=OrganisationKind.DEPARTMENT, parent=vdab)
    return city, house, team, partner, vdab, unit


def _placed(*orgs):
    return [Organisation.objects.get(pk=o.pk).local_government_id for o in orgs]


def test_a_sole_local_government_takes_every_organisation_outside_vdab(db):
    city, house, team, partner, vdab, unit = _tree()
    place_organisations(apps, None)
    assert _placed(city, house, team, partner) == [city.pk] * 4
    assert _placed(vdab, unit) == [None, None]


def test_with_two_local_governments_only_their_units_are_placed(db):
    city, house, team, partner, vdab, unit = _tree()
    other = OrganisationFactory(kind=OrganisationKind.LOCAL_GOVERNMENT)
    place_organisations(apps, None)
    assert _placed(city, house, team, other) == [city.pk, city.pk, city.pk, other.pk]
    assert _placed(partner, vdab, unit) == [None, None, None]


def test_an_agreement_takes_its_local_party(db):
    city, _house, _team, _partner, vdab, _unit = _tree()
    other = OrganisationFactory(kind=OrganisationKind.LOCAL_GOVERNMENT)
    agreement = AgreementFactory()
    Party.objects.create(agreement=agreement, organisation=vdab, name="VDAB", order=0)
    Party.objects.create(agreement=agreement, organisation=other, name="stad", order=1)
    place_agreements(apps, None)
    agreement.refresh_from_db()
    assert agreement.local_government == other
