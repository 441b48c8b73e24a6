"""A token file has a ceiling, checked before its content is read, on the page and the API."""

from __future__ import annotations

import json

import pytest
from django.utils import translation

from lokaalwerk.screening import synthetic
from lokaalwerk.screening.api import views as api_views
from lokaalwerk.screening.models import TokenUpload

from .conftest import tokens_for

pytestmark = pytest.mark.django_db


def test_an_api_body_over_the_ceiling_is_refused_before_it_is_parsed(
    client, open_round, school_staff, settings, monkeypatch
):
    settings.SCREENING_UPLOAD_MAX_BYTES = 1024 * 1024
    padding = "x" * (1024 * 1024 + api_views.BODY_OVERHEAD)
    body = json.dumps({"organisation": "school-test", "tokens": {"records": [], "x": padding}})

    def parsed(*args, **kwargs):
        pytest.fail("the body was parsed")

    monkeypatch.setattr(api_views.serializers, "TokenUploadRequestSerializer", parsed)
    client.force_login(school_staff)
    with translation.override("nl-be"):
        response = client.post(
            f"/api/v1/screening-rounds/{open_round.pk}/uploads/",
            body,
            content_type="application/json",
            HTTP_ACCEPT_LANGUAGE="nl-BE",
        )
    assert response.status_code == 413
    assert response.json() == {"detail": "Het bestand is groter dan 1 MB; er werd niets gelezen."}
    assert not TokenUpload.objects.exists()


def test_an_api_body_within_the_ceiling_is_stored(client, open_round, school_staff, settings):
    settings.SCREENING_UPLOAD_MAX_BYTES = 1024 * 1024
    client.force_login(school_staff)
    response = client.post(
        f"/api/v1/screening-rounds/{open_round.pk}/uploads/",
        {"organisation": "school-test", "tokens": tokens_for(synthetic.people(3))},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert TokenUpload.objects.get().record_count == 3
