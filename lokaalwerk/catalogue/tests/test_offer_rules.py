"""Offers: who edits them, and bad input refused with field errors while nothing changes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lokaalwerk.accounts.constants import Role
from lokaalwerk.accounts.tests.factories import MembershipFactory, UserFactory
from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.catalogue import services
from lokaalwerk.catalogue.models import Offer, OpeningHours

from .factories import OfferFactory, OpeningHoursFactory, TargetGroupFactory


@pytest.fixture
def offer(social_house):
    offer = OfferFactory(provider=social_house, name="TAALkracht", slug="taalkracht", age_min=18)
    OpeningHoursFactory(offer=offer, weekday=0)
    return offer


def test_an_inverted_age_range_is_refused_and_nothing_changes(offer, city_caseworker):
    with pytest.raises(ValidationError) as error:
        services.offer_save(
            actor=city_caseworker, offer=offer, values={"age_min": 30, "age_max": 18}
        )
    assert "age_max" in error.value.message_dict
    offer.refresh_from_db()
    assert (offer.age_min, offer.age_max) == (18, None)


def test_hours_that_end_before_they_start_are_refused_whole(offer, city_caseworker):
    slots = [
        services.HoursSlot(1, dt.time(9), dt.time(12)),
        services.HoursSlot(2, dt.time(14), dt.time(13)),
    ]
    with pytest.raises(ValidationError) as error:
        services.offer_save(actor=city_caseworker, offer=offer, values={}, hours=slots)
    assert "opening_hours" in error.value.message_dict
    assert list(OpeningHours.objects.filter(offer=offer).values_list("weekday", flat=True)) == [0]


def test_saving_an_offer_replaces_hours_and_writes_an_audit_row(offer, city_caseworker):
    group = TargetGroupFactory()
    services.offer_save(
        actor=city_caseworker,
        offer=offer,
        values={"capacity": 12},
        relations={"target_groups": [group]},
        hours=[services.HoursSlot(3, dt.time(13, 30), dt.time(15, 30))],
    )
    offer.refresh_from_db()
    assert offer.capacity == 12
    assert list(offer.target_groups.all()) == [group]
    assert [(h.weekday, h.opens) for h in offer.opening_hours.all()] == [(3, dt.time(13, 30))]
    assert AuditEvent.objects.filter(action="offer.updated", target_id=str(offer.pk)).exists()


def test_the_edit_page_ties_errors_to_fields_and_changes_nothing(client, offer, city_caseworker):
    client.force_login(city_caseworker)
    response = client.post(
        f"/catalogue/offers/{offer.slug}/edit/",
        {
            "provider": offer.provider_id,
            "name": "TAALkracht",
            "slug": offer.slug,
            "description": "Oefengroepen",
            "age_min": "40",
            "age_max": "20",
            "waiting_list": "0",
            "last_checked_on": "2026-01-01",
            "hours-TOTAL_FORMS": "1",
            "hours-INITIAL_FORMS": "0",
            "hours-0-weekday": "1",
            "hours-0-opens": "12:00",
            "hours-0-closes": "09:00",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["age_max"]
    assert response.context["hours"].forms[0].errors["closes"]
    assert 'id="id_age_max_error"' in response.content.decode()
    offer.refresh_from_db()
    assert offer.age_min == 18 and offer.description == "Een aanbod om te testen."


def test_a_contributor_of_the_provider_edits_the_offer(client, offer, city_caseworker):
    client.force_login(city_caseworker)
    response = client.post(
        f"/catalogue/offers/{offer.slug}/edit/",
        {
            "provider": offer.provider_id,
            "name": "TAALkracht",
            "slug": offer.slug,
            "description": "Oefengroepen Nederlands",
            "eligible_statuses": ["living_wage"],
            "waiting_list": "4",
            "open_to_partner_clients": "on",
            "is_active": "on",
            "last_checked_on": "2026-01-01",
            "hours-TOTAL_FORMS": "1",
            "hours-INITIAL_FORMS": "0",
            "hours-0-weekday": "1",
            "hours-0-opens": "09:00",
            "hours-0-closes": "11:00",
        },
    )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.description == "Oefengroepen Nederlands"
    assert offer.eligible_statuses == ["living_wage"]
    assert [h.weekday for h in offer.opening_hours.all()] == [1]


def test_partner_staff_read_the_catalogue_but_edit_nothing(client, offer, partner_staff):
    client.force_login(partner_staff)
    assert client.get("/catalogue/").status_code == 200
    assert client.get(f"/catalogue/offers/{offer.slug}/").status_code == 200
    assert client.get(f"/catalogue/offers/{offer.slug}/edit/").status_code == 403


def test_another_organisations_contributor_may_not_edit(client, offer, vdab_consultant):
    client.force_login(vdab_consultant)
    assert client.get(f"/catalogue/offers/{offer.slug}/edit/").status_code == 403


def test_the_catalogue_needs_a_sign_in(client, offer, outsider):
    assert client.get("/catalogue/").status_code == 302
    client.force_login(outsider)
    assert client.get("/catalogue/").status_code == 403


def test_the_offer_list_query_count_does_not_grow_with_offers(client, partner_staff):
    groups = [TargetGroupFactory() for _ in range(3)]
    OfferFactory(target_groups=groups)
    client.force_login(partner_staff)
    with CaptureQueriesContext(connection) as one:
        client.get("/catalogue/")
    for _ in range(8):
        OfferFactory(target_groups=groups)
    with CaptureQueriesContext(connection) as nine:
        response = client.get("/catalogue/")
    assert response.content.decode().count('class="card"') == 9
    assert len(nine) == len(one)


def test_a_department_member_edits_offers_of_its_parent_organisation(city):
    offer = OfferFactory(provider=city)
    member = MembershipFactory(
        organisation=city, role=Role.CONTRIBUTOR, user=UserFactory(username="dept")
    ).user
    from lokaalwerk.accounts import policies

    assert policies.can_edit_offer(member, offer)
    assert Offer.objects.count() == 1


def test_a_caseworker_starts_a_referral_from_an_offer(client, offer, city_caseworker):
    client.force_login(city_caseworker)
    response = client.get(f"/catalogue/offers/{offer.slug}/")
    url = response.context["referral_url"]
    assert url == f"{reverse('referrals:create')}?offer={offer.pk}"
    assert f'href="{url}"' in response.content.decode()
    assert client.get(url).status_code == 200


def test_a_referral_can_start_from_a_vacancy(client, city_caseworker):
    from .factories import VacancyFactory

    vacancy = VacancyFactory()
    client.force_login(city_caseworker)
    url = client.get(f"/vacancies/{vacancy.pk}/").context["referral_url"]
    assert url.endswith(f"?vacancy={vacancy.pk}")
    assert client.get(url).status_code == 200
