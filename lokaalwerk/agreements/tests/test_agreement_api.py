from pathlib import Path

import pytest
import yaml
from django.core.management import call_command
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from lokaalwerk.core.testing import REPO_ROOT

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_the_api_needs_authentication(api, demo):
    for url in [
        "/api/v1/agreements/",
        "/api/v1/actions/",
        "/api/v1/organisations/",
        "/api/v1/municipalities/",
    ]:
        assert api.get(url).status_code in (401, 403)


def test_token_authentication_reads_the_nested_tree(api, demo, vdab_consultant):
    token = Token.objects.create(user=vdab_consultant)
    api.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    listing = api.get("/api/v1/agreements/").json()
    assert [a["slug"] for a in listing["results"]] == [demo.slug]
    detail = api.get(f"/api/v1/agreements/{demo.slug}/").json()
    assert len(detail["principles"]) == 10
    assert len(detail["ambitions"]) == 3
    codes = [a["code"] for t in detail["themes"] for d in t["domains"] for a in d["actions"]]
    assert codes[0] == "1.1" and codes[-1] == "5.3" and len(codes) == 15
    assert {b["name"] for b in detail["bodies"]} >= {"Stuurgroep Activering"}


def test_actions_organisations_and_municipalities(api, demo, city_caseworker):
    api.force_authenticate(city_caseworker)
    actions = api.get(f"/api/v1/actions/?agreement={demo.slug}").json()
    assert actions["count"] == 15
    assert {c["organisation"] for c in actions["results"][0]["commitments"]} >= {"vdab"}
    organisations = api.get("/api/v1/organisations/vdab/").json()
    assert organisations["kind"] == "employment_service"
    borsbeek = api.get("/api/v1/municipalities/11007/").json()
    assert borsbeek["successor"] == "11002"
    on_2025 = api.get("/api/v1/municipalities/?valid_on=2025-01-01").json()
    assert on_2025["count"] == 304
    assert api.get("/api/v1/municipalities/?valid_on=gisteren").status_code == 400


def test_the_detail_does_not_grow_queries_with_the_plan(
    api, demo, city_caseworker, django_assert_max_num_queries
):
    api.force_authenticate(city_caseworker)
    with django_assert_max_num_queries(20):
        api.get(f"/api/v1/agreements/{demo.slug}/")


def test_the_committed_openapi_schema_is_current(tmp_path: Path):
    target = tmp_path / "openapi.yaml"
    call_command(
        "spectacular", "--file", str(target), "--lang", "en", "--validate", "--fail-on-warn"
    )
    committed = REPO_ROOT / "docs" / "openapi.yaml"
    assert yaml.safe_load(committed.read_text()) == yaml.safe_load(target.read_text()), (
        "docs/openapi.yaml is out of date: "
        "run `lokaalwerk spectacular --lang en --file docs/openapi.yaml`"
    )


def test_the_schema_and_docs_pages_are_served(client):
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/api/docs/").status_code == 200
