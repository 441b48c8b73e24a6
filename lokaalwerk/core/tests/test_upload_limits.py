"""Every upload has a ceiling checked before its file is read, and no request body above the
largest ceiling is received at all."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.test import RequestFactory
from django.utils import translation

from lokaalwerk.agreements.forms import AgreementUploadForm
from lokaalwerk.catalogue.forms import VacancyImportForm
from lokaalwerk.catalogue.models import VacancyImport
from lokaalwerk.core.models import ImportJob
from lokaalwerk.core.uploads import RequestTooLarge, UploadLimitHandler
from lokaalwerk.indicators.forms import ObservationUploadForm
from lokaalwerk.results.forms import ImportForm
from lokaalwerk.screening.forms import TokenUploadForm

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


class UnreadableUpload(UploadedFile):
    """An uploaded file whose content the test forbids anyone to touch: only its name and the
    size the browser announced may be looked at."""

    def __init__(self, name: str, size: int):
        super().__init__(file=None, name=name, content_type="application/octet-stream", size=size)

    def _touched(self, *args, **kwargs):
        pytest.fail(f"the content of {self.name} was read")

    read = chunks = open = seek = readline = __iter__ = multiple_chunks = _touched


UPLOAD_FORMS = [
    (VacancyImportForm, {}, "VACANCY_UPLOAD_MAX_BYTES", "vacatures.csv"),
    (ObservationUploadForm, {}, "FIGURES_UPLOAD_MAX_BYTES", "cijfers.xlsx"),
    (ImportForm, {}, "PLAN_UPLOAD_MAX_BYTES", "plan.xlsx"),
    (AgreementUploadForm, {}, "AGREEMENT_UPLOAD_MAX_BYTES", "overeenkomst.pdf"),
    (TokenUploadForm, {"organisations": ()}, "SCREENING_UPLOAD_MAX_BYTES", "tokens.json"),
]


@pytest.mark.parametrize(("form_class", "kwargs", "setting", "name"), UPLOAD_FORMS)
def test_a_file_over_its_ceiling_is_refused_without_being_read(
    settings, form_class, kwargs, setting, name
):
    setattr(settings, setting, 3 * MB)
    form = form_class({"kind": "plan"}, {"file": UnreadableUpload(name, 3 * MB + 1)}, **kwargs)
    with translation.override("nl-be"):
        assert not form.is_valid()
        assert form.errors["file"] == ["Het bestand is groter dan 3 MB; er werd niets gelezen."]


def test_a_file_within_its_ceiling_passes_the_size_check(settings):
    settings.VACANCY_UPLOAD_MAX_BYTES = 3 * MB
    form = VacancyImportForm({}, {"file": SimpleUploadedFile("v.csv", b"reference\n")})
    assert form.is_valid(), form.errors


class ForbiddenBody(io.RawIOBase):
    def readable(self):
        return True

    def readinto(self, buffer):
        pytest.fail("the request body was read")


def _multipart_request(length: int, body) -> WSGIRequest:
    environ = RequestFactory()._base_environ(
        PATH_INFO="/vacancies/import/",
        REQUEST_METHOD="POST",
        CONTENT_TYPE="multipart/form-data; boundary=grens",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": body},
    )
    request = WSGIRequest(environ)
    request.upload_handlers = [UploadLimitHandler(request)]
    return request


def test_a_request_body_over_the_largest_ceiling_is_not_received(settings):
    settings.UPLOAD_REQUEST_MAX_BYTES = 10 * MB
    request = _multipart_request(10 * MB + 1, ForbiddenBody())
    with pytest.raises(RequestTooLarge):
        request.POST  # noqa: B018 - reading POST parses the body


def test_a_body_that_understates_its_length_is_cut_off_while_it_arrives(settings):
    settings.UPLOAD_REQUEST_MAX_BYTES = 1000
    handler = UploadLimitHandler()
    handler.handle_raw_input(None, {}, 900, b"grens")
    assert handler.receive_data_chunk(b"x" * 900, 0) == b"x" * 900
    with pytest.raises(RequestTooLarge):
        handler.receive_data_chunk(b"x" * 200, 900)


def test_the_page_says_in_dutch_why_the_upload_was_refused(client, city_coordinator, settings):
    settings.UPLOAD_REQUEST_MAX_BYTES = 2 * MB
    client.force_login(city_coordinator)
    big = SimpleUploadedFile("vacatures.csv", b"x" * (2 * MB + 10))
    response = client.post(
        "/vacancies/import/", {"file": big, "dry_run": "on"}, HTTP_ACCEPT_LANGUAGE="nl-BE"
    )
    assert response.status_code == 413
    html = response.content.decode()
    assert "Het bestand is te groot" in html and "groter zijn dan 2 MB" in html
    assert not VacancyImport.objects.exists() and not ImportJob.objects.exists()


def test_an_api_json_body_over_the_largest_ceiling_is_refused_unread(
    client, city_coordinator, settings, monkeypatch
):
    """DRF reads JSON bodies itself, past Django's ceiling: its parser checks the length."""
    settings.UPLOAD_REQUEST_MAX_BYTES = 1 * MB

    def parsed(*args, **kwargs):
        pytest.fail("the body was parsed")

    monkeypatch.setattr("rest_framework.parsers.JSONParser.parse", parsed)
    client.force_login(city_coordinator)
    body = '{"name": "' + "x" * (1 * MB) + '"}'
    with translation.override("nl-be"):
        response = client.post("/api/v1/offers/", body, content_type="application/json")
    assert response.status_code == 413
    assert response.json() == {"detail": "Het bestand is groter dan 1 MB; er werd niets gelezen."}
