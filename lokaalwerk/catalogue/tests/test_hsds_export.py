"""The Open Referral export validates against the official HSDS 3.0 schemas (also strictly)."""

from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from lokaalwerk.catalogue import hsds
from lokaalwerk.catalogue.constants import ClientStatus, DirectoryKind
from lokaalwerk.catalogue.demo import demo_load
from lokaalwerk.core.testing import require_shared

from .factories import (
    DirectoryEntryFactory,
    LanguageFactory,
    LocationFactory,
    OfferFactory,
    OpeningHoursFactory,
    TargetGroupFactory,
)
from .hsds_validation import errors, page_schema

EXAMPLES = [
    ("service_full.json", "compiled/service.json"),
    ("organization_full.json", "compiled/organization.json"),
    ("service_at_location_full.json", "compiled/service_at_location.json"),
    ("location.json", "location.json"),
    ("taxonomy.json", "taxonomy.json"),
    ("taxonomy_term.json", "taxonomy_term.json"),
]
LIST_EXAMPLES = [
    ("service_list.json", "service.json"),
    ("organization_list.json", "organization.json"),
    ("service_at_location_list.json", "compiled/service_at_location.json"),
    ("taxonomy_list.json", "taxonomy.json"),
    ("taxonomy_term_list.json", "taxonomy_term.json"),
]


def _example(name: str):
    return json.loads(require_shared(f"hsds-3.0/examples/{name}").read_text(encoding="utf-8"))


@pytest.mark.parametrize("strict", [False, True], ids=["as-published", "strict"])
@pytest.mark.parametrize(("example", "schema"), EXAMPLES)
def test_the_official_examples_validate_with_our_validator(example, schema, strict):
    assert errors(schema, _example(example), strict=strict) == []


@pytest.mark.parametrize(("example", "schema"), LIST_EXAMPLES)
def test_the_official_list_examples_validate_page_and_contents(example, schema):
    data = _example(example)
    assert list(Draft202012Validator(page_schema()).iter_errors(data)) == []
    for item in data["contents"]:
        assert errors(schema, item, strict=True) == []


def test_the_validator_rejects_an_unknown_property_in_strict_mode_only():
    service = _example("service_full.json")
    service["doelgroep"] = "not in HSDS"
    assert errors("compiled/service.json", service, strict=False) == []
    assert errors("compiled/service.json", service, strict=True)
    service = _example("service_full.json")
    service["id"] = "not-a-uuid"
    assert errors("compiled/service.json", service, strict=False)


@pytest.fixture
def catalogue(db, city, vdab):
    nl = LanguageFactory(code="nl", name="Nederlands")
    ar = LanguageFactory(code="ar", name="Arabisch")
    youth = TargetGroupFactory(code="jongeren", name="Jongeren", description="")
    place = LocationFactory(name="Sociaal Huis", accessibility="Rolstoeltoegankelijk")
    offer = OfferFactory(
        provider=vdab,
        name="Jobatelier",
        summary="Samen solliciteren",
        age_min=18,
        age_max=30,
        eligible_statuses=[ClientStatus.JOB_SEEKER],
        dutch_level_min="A2",
        how_to_refer="Vrij binnenlopen",
        email="jobatelier@example.invalid",
        url="https://example.invalid/jobatelier",
        phone="015 00 00 00",
        waiting_list=3,
        target_groups=[youth],
        locations=[place],
    )
    offer.languages.set([nl, ar])
    OpeningHoursFactory(offer=offer, weekday=1, note="zonder afspraak")
    entry = DirectoryEntryFactory(owner=city, kind=DirectoryKind.COMPUTER, phone="015 11 11 11")
    entry.languages.set([nl])
    OpeningHoursFactory(entry=entry, weekday=4)
    DirectoryEntryFactory(owner=city, is_published=False, name="Niet gepubliceerd")
    return offer, entry


def _get(client, path, **params):
    response = client.get(f"/api/hsds/{path}", params)
    assert response.status_code == 200, response.content
    return response.json()


def _check_page(data, schema):
    assert list(Draft202012Validator(page_schema()).iter_errors(data)) == []
    for item in data["contents"]:
        assert errors(schema, item, strict=True) == [], item
        assert errors(schema, item, strict=False) == []


@pytest.mark.parametrize("full", [False, True])
def test_services_pages_validate(client, catalogue, full):
    data = _get(client, "services", full=str(full).lower())
    assert data["total_items"] == 2  # the unpublished entry is not exported
    _check_page(data, "compiled/service.json" if full else "service.json")


def test_every_exported_service_validates_fully_and_strictly(client, catalogue):
    offer, entry = catalogue
    for obj in (offer, entry):
        data = _get(client, f"services/{obj.uuid}")
        assert errors("compiled/service.json", data, strict=True) == []
    data = _get(client, f"services/{offer.uuid}")
    assert data["minimum_age"] == 18 and data["maximum_age"] == 30
    assert data["attributes"][0]["taxonomy_term"]["code"] == "jongeren"
    assert data["schedules"][0]["byday"] == "TU"
    assert {lang["code"] for lang in data["languages"]} == {"nl", "ar"}
    location = data["service_at_locations"][0]["location"]
    assert location["addresses"][0]["city"] == "Mechelen"


def test_organizations_validate_as_list_and_detail(client, catalogue):
    offer, _entry = catalogue
    data = _get(client, "organizations")
    _check_page(data, "organization.json")
    assert {o["name"] for o in data["contents"]} == {"VDAB", "stad Mechelen"}
    _check_page(_get(client, "organizations", full_service="true"), "compiled/organization.json")
    detail = _get(client, f"organizations/{hsds.organisation_id(offer.provider)}", full_service=1)
    assert errors("compiled/organization.json", detail, strict=True) == []
    assert [s["name"] for s in detail["services"]] == ["Jobatelier"]


@pytest.mark.parametrize("full", [False, True])
def test_service_at_locations_validate(client, catalogue, full):
    data = _get(client, "service_at_locations", full=str(full).lower())
    assert data["total_items"] == 2
    _check_page(data, "compiled/service_at_location.json")


def test_target_groups_are_published_as_a_taxonomy(client, catalogue):
    taxonomies = _get(client, "taxonomies")
    _check_page(taxonomies, "taxonomy.json")
    terms = _get(client, "taxonomy_terms", taxonomy_id=hsds.TARGET_GROUP_TAXONOMY["id"])
    _check_page(terms, "taxonomy_term.json")
    assert [t["code"] for t in terms["contents"]] == ["jongeren"]
    youth_id = terms["contents"][0]["id"]
    services = _get(client, "services", taxonomy_term_id=youth_id)
    assert [s["name"] for s in services["contents"]] == ["Jobatelier"]


def test_paging_follows_the_hsds_envelope(client, catalogue):
    first = _get(client, "services", per_page=1, page=1)
    second = _get(client, "services", per_page=1, page=2)
    assert (first["first_page"], first["last_page"], first["total_pages"]) == (True, False, 2)
    assert (second["first_page"], second["last_page"], second["size"]) == (False, True, 1)
    assert first["contents"][0]["id"] != second["contents"][0]["id"]
    assert _get(client, "services", page=3)["empty"] is True
    assert client.get("/api/hsds/services", {"per_page": "many"}).status_code == 400
    assert client.get("/api/hsds/services/not-a-uuid").status_code == 400
    missing = client.get("/api/hsds/services/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404


def test_the_demo_catalogue_exports_valid_hsds(city, client, django_assert_max_num_queries):
    demo_load()
    with django_assert_max_num_queries(12):
        data = _get(client, "services", full="true", per_page=100)
    assert data["total_items"] >= 20
    _check_page(data, "compiled/service.json")
    _check_page(
        _get(client, "service_at_locations", full="true"), "compiled/service_at_location.json"
    )
    _check_page(_get(client, "taxonomy_terms"), "taxonomy_term.json")


def test_single_service_at_location_taxonomy_and_term_validate(client, catalogue):
    row = _get(client, "service_at_locations")["contents"][0]
    detail = _get(client, f"service_at_locations/{row['id']}")
    assert errors("compiled/service_at_location.json", detail, strict=True) == []
    taxonomy = _get(client, f"taxonomies/{hsds.TARGET_GROUP_TAXONOMY['id']}")
    assert errors("taxonomy.json", taxonomy, strict=True) == []
    term_id = _get(client, "taxonomy_terms")["contents"][0]["id"]
    assert (
        errors("taxonomy_term.json", _get(client, f"taxonomy_terms/{term_id}"), strict=True) == []
    )
    assert client.get("/api/hsds/taxonomies/nothing").status_code == 404
