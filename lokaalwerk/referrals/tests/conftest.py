"""Referral scenes: a client of the Sociaal Huis referred to VDAB with a consent."""

import pytest

from lokaalwerk.referrals.constants import DataField

from .factories import ClientFactory, ConsentFactory, ReferralFactory, RelationshipFactory


@pytest.fixture
def served_client(social_house):
    """A client the Sociaal Huis serves."""
    client = ClientFactory(first_name="Demo", last_name="Cliënt 7")
    RelationshipFactory(client=client, organisation=social_house)
    return client


@pytest.fixture
def referral_consent(served_client, social_house, vdab, city_caseworker):
    return ConsentFactory(
        client=served_client,
        recipient=vdab,
        organisation=social_house,
        recorded_by=city_caseworker,
        scope=[DataField.NAME, DataField.CONTACT],
    )


@pytest.fixture
def make_referral(served_client, referral_consent, social_house, vdab, city_caseworker):
    def make(**traits):
        return ReferralFactory(
            client=served_client,
            consent=referral_consent,
            sending_organisation=social_house,
            receiving_organisation=vdab,
            sender=city_caseworker,
            **traits,
        )

    return make


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The personas' passwords are hashed for every test; the real hasher is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
