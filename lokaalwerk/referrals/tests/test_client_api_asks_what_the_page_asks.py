"""Registering a client over the API needs a last name, as the page does, and the published
schema says so; correcting a client's data may leave it out but not blank it."""

import pytest
import yaml

from lokaalwerk.core.testing import REPO_ROOT
from lokaalwerk.referrals.models import Client

pytestmark = pytest.mark.django_db


def test_a_client_without_a_last_name_is_refused_with_a_reason(client, city_caseworker):
    client.force_login(city_caseworker)
    response = client.post(
        "/api/v1/clients/", {"first_name": "An"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["last_name"]
    assert not Client.objects.exists()


def test_a_blank_last_name_is_refused(client, city_caseworker):
    client.force_login(city_caseworker)
    response = client.post("/api/v1/clients/", {"last_name": ""}, content_type="application/json")
    assert response.status_code == 400
    assert not Client.objects.exists()


def test_a_client_with_a_last_name_is_registered(client, city_caseworker):
    client.force_login(city_caseworker)
    response = client.post(
        "/api/v1/clients/", {"last_name": "Peeters"}, content_type="application/json"
    )
    assert response.status_code == 201
    assert response.json()["last_name"] == "Peeters"


def test_a_correction_may_leave_the_last_name_out_but_not_blank_it(
    client, city_caseworker, served_client
):
    client.force_login(city_caseworker)
    url = f"/api/v1/clients/{served_client.pk}/"
    kept = client.patch(url, {"phone": "015 00 00 00"}, content_type="application/json")
    assert kept.status_code == 200
    blanked = client.patch(url, {"last_name": ""}, content_type="application/json")
    assert blanked.status_code == 400
    served_client.refresh_from_db()
    assert served_client.last_name == "Cliënt 7"


def test_the_schema_says_the_last_name_is_required_to_register():
    schemas = yaml.safe_load((REPO_ROOT / "docs" / "openapi.yaml").read_text())["components"][
        "schemas"
    ]
    assert "last_name" in schemas["ClientRequest"]["required"]
    assert "required" not in schemas["PatchedClientRequest"]
    assert "last_name" not in schemas["Client"].get("required", [])
