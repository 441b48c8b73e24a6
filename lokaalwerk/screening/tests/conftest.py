import pytest

from lokaalwerk.screening import encoding, synthetic

from .factories import ScreeningRoundFactory

SECRET = b"a secret only the partners share, 32+ bytes"


def tokens_for(persons, secret: bytes = SECRET) -> dict:
    return encoding.Encoder(secret).encode(
        encoding.Person(p.record_id, p.insz, p.first_name, p.last_name, p.birth_date)
        for p in persons
    )


@pytest.fixture
def two_lists():
    """A school's and VDAB's lists: 120 records each, 60 young people on both.

    Register numbers in 70 % of records, a typo in a tenth of the names and a few swapped
    names: errors the linkage must see through every time."""
    corruption = synthetic.Corruption(typo_first=0.1, typo_last=0, swap=0.05, date_slip=0)
    return synthetic.lists(120, overlap=0.5, seed=21, corruption=corruption)


@pytest.fixture
def open_round(school, vdab):
    return ScreeningRoundFactory(open=True, organisations=[school, vdab])


@pytest.fixture
def vdab_staff(vdab):
    from lokaalwerk.accounts.constants import Role
    from lokaalwerk.accounts.tests.factories import MembershipFactory, UserFactory

    return MembershipFactory(
        organisation=vdab, role=Role.CONTRIBUTOR, user=UserFactory(username="staff.vdab")
    ).user


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The personas sign in with force_login; a slow hasher only costs time here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
