"""A correction (PATCH) replaces an entry's or offer's opening hours as a whole, so every slot
it sends needs its day and both times; a slot without them is a field error, not a 500."""

import pytest
from rest_framework.test import APIClient

from .factories import DirectoryEntryFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "slot",
    [
        {"weekday": 0, "closes": "08:30"},
        {"weekday": 0, "opens": "08:30"},
        {"opens": "08:30", "closes": "12:00"},
    ],
)
@pytest.mark.parametrize("kind", ["directory-entries", "offers"])
def test_a_slot_without_its_day_or_a_time_is_refused(city_caseworker, social_house, kind, slot):
    if kind == "offers":
        key = OfferFactory(provider=social_house).slug
    else:
        key = DirectoryEntryFactory(owner=social_house).uuid
    api = APIClient()
    api.force_authenticate(city_caseworker)
    response = api.patch(f"/api/v1/{kind}/{key}/", {"opening_hours": [slot]}, format="json")
    assert response.status_code == 400
    missing = {"weekday", "opens", "closes"} - set(slot)
    # DRF keys a partial update's list errors by position.
    assert set(response.json()["opening_hours"]["0"]) == missing


def test_a_whole_slot_replaces_the_hours(city_caseworker, social_house):
    entry = DirectoryEntryFactory(owner=social_house)
    api = APIClient()
    api.force_authenticate(city_caseworker)
    slot = {"weekday": 2, "opens": "09:00", "closes": "12:00"}
    response = api.patch(
        f"/api/v1/directory-entries/{entry.uuid}/", {"opening_hours": [slot]}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["opening_hours"] == [
        {"weekday": 2, "opens": "09:00:00", "closes": "12:00:00", "note": ""}
    ]
