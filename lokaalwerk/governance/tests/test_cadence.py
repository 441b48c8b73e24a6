import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.accounts.constants import OrganisationKind
from lokaalwerk.accounts.tests.factories import OrganisationFactory
from lokaalwerk.governance import selectors, services
from lokaalwerk.governance.models import Invitation

from .factories import BodyFactory, BodyMemberFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


def test_cadence_counts_held_planned_and_cancelled_meetings_per_year(vdab):
    body = BodyFactory(convenor=vdab, min_meetings_per_year=3)
    year = timezone.localdate().year
    now = timezone.now()
    MeetingFactory(body=body, starts_at=at(year, 1, 10), ends_at=at(year, 1, 10, 16), held=True)
    MeetingFactory(
        body=body, starts_at=at(year, 1, 20), ends_at=at(year, 1, 20, 16), cancelled=True
    )
    MeetingFactory(body=body, starts_at=at(year - 1, 5, 1), ends_at=at(year - 1, 5, 1, 16))
    later = now + dt.timedelta(minutes=5)
    if later.year == year:
        MeetingFactory(body=body, starts_at=later, ends_at=later + dt.timedelta(hours=1))
    (cadence,) = selectors.cadence_for_bodies(bodies=[body], year=year)
    assert (cadence.held, cadence.cancelled, cadence.required) == (1, 1, 3)
    assert cadence.planned == (1 if later.year == year else 0)
    assert cadence.short
    assert cadence.warnings == [
        f"{body.name}: {cadence.expected} van 3 vergaderingen gepland voor {year}"
    ]
    assert cadence.vdab_invited is None


def test_the_political_steering_group_shows_whether_vdab_was_invited(city, vdab, city_coordinator):
    vdab_team = OrganisationFactory(
        slug="vdab-team", name="VDAB team", kind=OrganisationKind.PARTNER, parent=vdab
    )
    body = BodyFactory(political=True, convenor=city)
    alderman = BodyMemberFactory(body=body, organisation=city)
    invitee = BodyMemberFactory(body=body, organisation=vdab_team, role="invitee")
    meeting = MeetingFactory(body=body, starts_at=at(2025, 10, 12), ends_at=at(2025, 10, 12, 20))
    services.invitations_send(actor=city_coordinator, meeting=meeting, members=[alderman])
    (cadence,) = selectors.cadence_for_bodies(bodies=[body], year=2025)
    assert cadence.vdab_invited is False
    assert f"{body.name}: VDAB is in 2025 nog niet uitgenodigd" in cadence.warnings
    services.invitations_send(actor=city_coordinator, meeting=meeting, members=[invitee])
    (cadence,) = selectors.cadence_for_bodies(bodies=[body], year=2025)
    assert cadence.vdab_invited is True
    assert cadence.warnings == []
    assert Invitation.objects.count() == 2


def test_the_home_page_warns_members_of_a_body_that_meets_too_little(
    client, vdab, vdab_coordinator, partner_staff
):
    body = BodyFactory(convenor=vdab, name="Stuurgroep stad Mechelen - VDAB")
    year = timezone.localdate().year
    MeetingFactory(body=body, starts_at=at(year, 1, 10), ends_at=at(year, 1, 10, 16), held=True)
    client.force_login(vdab_coordinator)
    page = client.get(reverse("core:home")).content.decode()
    assert f"Stuurgroep stad Mechelen - VDAB: 1 van 3 vergaderingen gepland voor {year}" in page
    client.force_login(partner_staff)
    assert "cadence-warnings" not in client.get(reverse("core:home")).content.decode()


def test_home_page_warnings_take_a_fixed_number_of_queries(
    client, vdab, vdab_coordinator, django_assert_max_num_queries
):
    client.force_login(vdab_coordinator)

    def add(count):
        for _ in range(count):
            MeetingFactory(body=BodyFactory(convenor=vdab))

    add(1)
    with django_assert_max_num_queries(60) as first:
        client.get(reverse("core:home"))
    add(6)
    with django_assert_max_num_queries(len(first.captured_queries)):
        page = client.get(reverse("core:home")).content.decode()
    assert page.count("vergaderingen gepland voor") == 7
