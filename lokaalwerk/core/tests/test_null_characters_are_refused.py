"""A null character anywhere in a request is refused with 400 and nothing is written.

PostgreSQL refuses the character in any text value, so before the middleware such requests
failed with a 500 there; on SQLite they were accepted. Both backends now answer 400: pages with
a Dutch page in the site's layout, the API with JSON."""

from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from lokaalwerk.referrals.models import Client

pytestmark = pytest.mark.django_db

REASON = "Het verzoek bevat een nulteken"


@pytest.fixture
def api():
    return APIClient()


def assert_refused_page(response):
    assert response.status_code == 400
    page = response.content.decode()
    assert REASON in page
    assert 'class="site-header"' in page  # the site's layout, not a bare error


def assert_refused_json(response):
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith(REASON)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/directory-entries/?q=%00",
        "/api/hsds/services?search=%00",
        "/api/v1/directory-entries/?kind=x&q=a%00b",
    ],
)
def test_a_query_parameter_with_a_null_is_refused_by_the_api(client, url):
    assert_refused_json(client.get(url))


def test_a_query_parameter_with_a_null_is_refused_on_a_page(client, city_caseworker):
    client.force_login(city_caseworker)
    assert_refused_page(client.get("/clients/", {"q": "Jan\x00"}))


def test_the_public_directory_refuses_a_null_in_its_search(client):
    assert_refused_page(client.get("/directory/?q=%00"))


@pytest.mark.parametrize("encoding", ["urlencoded", "multipart"])
def test_a_form_field_with_a_null_is_refused_and_nothing_is_written(
    client, city_caseworker, encoding
):
    client.force_login(city_caseworker)
    fields = {"last_name": "Peeters\x00", "preferred_language": "nl"}
    if encoding == "urlencoded":
        response = client.post(
            "/clients/new/", urlencode(fields), content_type="application/x-www-form-urlencoded"
        )
    else:
        response = client.post("/clients/new/", fields)
    assert_refused_page(response)
    assert not Client.objects.exists()


def test_a_json_body_with_a_null_is_refused_and_nothing_is_written(api, city_caseworker):
    api.force_authenticate(city_caseworker)
    response = api.post(
        "/api/v1/clients/", {"last_name": "Peeters", "first_name": "An\x00"}, format="json"
    )
    assert_refused_json(response)
    assert not Client.objects.exists()


def test_a_null_in_a_json_key_or_nested_value_is_refused(api, city_caseworker):
    api.force_authenticate(city_caseworker)
    for body in ('{"last_name\\u0000": "Peeters"}', '{"last_name": ["a", {"b": "\\u0000"}]}'):
        response = api.post("/api/v1/clients/", body, content_type="application/json")
        assert_refused_json(response)


def test_an_escaped_backslash_is_no_null(api, city_caseworker):
    """``\\\\u0000`` in JSON is the text backslash-u-0000, which a last name may hold."""
    api.force_authenticate(city_caseworker)
    response = api.post(
        "/api/v1/clients/", '{"last_name": "Peeters\\\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 201
    assert Client.objects.get().last_name == "Peeters\\u0000"


def test_an_uploaded_file_name_with_a_null_is_refused_by_a_page(client, city_coordinator):
    client.force_login(city_coordinator)
    upload = SimpleUploadedFile("cijfers\x00.csv", b"area;period;value\n", "text/csv")
    assert_refused_page(client.post("/figures/import/", {"file": upload}))


def test_an_uploaded_file_name_with_a_null_is_refused_by_the_api(api, city_caseworker):
    api.force_authenticate(city_caseworker)
    upload = SimpleUploadedFile("toestemming\x00.pdf", b"%PDF-1.4\n", "application/pdf")
    response = api.post(
        "/api/v1/consents/",
        {"client": 1, "purpose": "referral", "method": "signed_form", "signed_form": upload},
        format="multipart",
    )
    assert_refused_json(response)


def test_a_path_segment_with_a_null_is_refused(client, api, city_caseworker):
    assert_refused_json(client.get("/api/v1/offers/a%00b/"))
    assert_refused_json(client.get("/api/v1/directory-entries/%00/"))
    client.force_login(city_caseworker)
    assert_refused_page(client.get("/agreements/a%00b/"))


def test_a_cookie_with_a_null_is_refused_without_reading_the_session(client):
    """A quoted cookie may spell the character as ``\\000``; the session is never looked up."""
    response = client.get("/directory/", HTTP_COOKIE='sessionid="\\000abcdefghij"')
    assert_refused_page(response)
    assert "Aanmelden" in response.content.decode()


def test_the_refusal_speaks_english_to_an_english_caller(client):
    response = client.get("/api/v1/directory-entries/?q=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The request contains a null character")


def test_a_request_without_a_null_is_served(client):
    assert client.get("/api/v1/directory-entries/?q=fiets%2500").status_code == 200
    assert client.get("/directory/?q=0%200").status_code == 200
