"""The catalogue's REST API: the same rules as the pages."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from lokaalwerk.catalogue.models import DirectoryEntry, Offer

from .factories import (
    DirectoryEntryFactory,
    LanguageFactory,
    LocationFactory,
    OfferFactory,
    TargetGroupFactory,
    VacancyFactory,
)


@pytest.fixture
def api():
    return APIClient()


def _offer_payload(provider, **extra):
    return {
        "provider": provider.slug,
        "name": "Basismodules ICT",
        "slug": "basismodules-ict",
        "description": "Computerles",
        "target_groups": [TargetGroupFactory(code="55-plus").code],
        "languages": [LanguageFactory().code],
        "residence_municipalities": ["12025"],
        "opening_hours": [{"weekday": 2, "opens": "09:00", "closes": "12:00"}],
        **extra,
    }


def test_a_contributor_creates_an_offer_through_the_api(api, city_caseworker, social_house):
    api.force_authenticate(city_caseworker)
    response = api.post("/api/v1/offers/", _offer_payload(social_house), format="json")
    assert response.status_code == 201, response.json()
    offer = Offer.objects.get(slug="basismodules-ict")
    assert [h.weekday for h in offer.opening_hours.all()] == [2]
    assert response.json()["residence_municipalities"] == ["12025"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"age_min": 50, "age_max": 20}, "age_max"),
        ({"opening_hours": [{"weekday": 1, "opens": "17:00", "closes": "09:00"}]}, "opening_hours"),
        ({"residence_municipalities": ["99999"]}, "residence_municipalities"),
    ],
)
def test_bad_offer_input_is_a_field_error_and_nothing_is_stored(
    api, city_caseworker, social_house, extra, field
):
    api.force_authenticate(city_caseworker)
    response = api.post("/api/v1/offers/", _offer_payload(social_house, **extra), format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Offer.objects.exists()


def test_offers_for_another_organisation_are_refused(api, city_caseworker, vdab):
    api.force_authenticate(city_caseworker)
    response = api.post("/api/v1/offers/", _offer_payload(vdab), format="json")
    assert response.status_code == 403
    assert not Offer.objects.exists()


def test_partner_staff_read_offers_but_may_not_change_them(api, partner_staff, social_house):
    offer = OfferFactory(provider=social_house)
    api.force_authenticate(partner_staff)
    assert api.get("/api/v1/offers/").json()["count"] == 1
    response = api.patch(f"/api/v1/offers/{offer.slug}/", {"name": "x"}, format="json")
    assert response.status_code == 403


def test_the_directory_api_is_public_without_owner_addresses(api, city):
    DirectoryEntryFactory(owner=city, name="Wifi", owner_email="secret@x.invalid")
    DirectoryEntryFactory(owner=city, name="Verborgen", is_published=False)
    data = api.get("/api/v1/directory-entries/", {"kind": "wifi"}).json()
    assert [e["name"] for e in data["results"]] == ["Wifi"]
    assert "owner_email" not in data["results"][0]
    assert "secret@" not in str(data)


def test_directory_writes_need_the_owner(api, city_caseworker, social_house, partner_staff):
    location = LocationFactory()
    payload = {
        "kind": "computer",
        "name": "Computers in het Sociaal Huis",
        "owner": social_house.slug,
        "location": str(location.uuid),
        "opening_hours": [{"weekday": 0, "opens": "09:00", "closes": "08:00"}],
    }
    api.force_authenticate(city_caseworker)
    response = api.post("/api/v1/directory-entries/", payload, format="json")
    assert response.status_code == 400 and "opening_hours" in response.json()
    payload["opening_hours"][0]["closes"] = "12:00"
    assert api.post("/api/v1/directory-entries/", payload, format="json").status_code == 201
    entry = DirectoryEntry.objects.get()
    api.force_authenticate(partner_staff)
    response = api.patch(f"/api/v1/directory-entries/{entry.uuid}/", {"name": "x"}, format="json")
    assert response.status_code == 403


def test_the_vacancy_api_hides_expired_ones_and_needs_a_member(api, partner_staff, outsider):
    VacancyFactory(title="Open")
    expired = VacancyFactory(title="Verlopen", expired=True)
    assert api.get("/api/v1/vacancies/").status_code in (401, 403)
    api.force_authenticate(outsider)
    assert api.get("/api/v1/vacancies/").status_code == 403
    api.force_authenticate(partner_staff)
    assert [v["title"] for v in api.get("/api/v1/vacancies/").json()["results"]] == ["Open"]
    with_expired = api.get("/api/v1/vacancies/", {"include_expired": "true"}).json()
    assert with_expired["count"] == 2
    assert api.get(f"/api/v1/vacancies/{expired.pk}/").json()["title"] == "Verlopen"
