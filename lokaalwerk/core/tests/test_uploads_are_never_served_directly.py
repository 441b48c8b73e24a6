"""Uploaded files are read only through views that ask the policies, in every mode."""

from __future__ import annotations

import importlib

import pytest
from django.test import override_settings
from django.urls import clear_url_caches

import lokaalwerk.urls


@pytest.fixture
def debug_urls(settings, tmp_path):
    """The URL configuration as it is built with DEBUG on, with an evidence file on disk."""
    settings.MEDIA_ROOT = tmp_path
    evidence = tmp_path / "results" / "evidence" / "2026"
    evidence.mkdir(parents=True)
    (evidence / "verslag.pdf").write_bytes(b"%PDF-1.4 private")
    with override_settings(DEBUG=True):
        importlib.reload(lokaalwerk.urls)
        clear_url_caches()
    yield
    importlib.reload(lokaalwerk.urls)
    clear_url_caches()


def test_an_anonymous_visitor_cannot_fetch_an_upload_from_the_media_url_in_debug_mode(
    debug_urls, client
):
    response = client.get("/media/results/evidence/2026/verslag.pdf")
    assert response.status_code == 404
    assert b"%PDF" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_no_route_serves_the_media_folder(debug_urls):
    patterns = [str(pattern.pattern) for pattern in lokaalwerk.urls.urlpatterns]
    assert not [pattern for pattern in patterns if pattern.startswith("^media")]
