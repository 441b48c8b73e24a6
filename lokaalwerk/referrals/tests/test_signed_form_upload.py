"""A signed consent form is a PDF, JPEG or PNG, recognised by its first bytes (not its name nor
the type the browser declares), within LOKAALWERK_CONSENT_FORM_MAX_MB, checked before the file
is read. Anything else gets a Dutch reason on the field, on the page and in the API, and
nothing is stored."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.referrals import services

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 32
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 32
HTML = b"<html><script>alert(1)</script></html>"

TYPE_ERROR = "Laad het ondertekende formulier op als PDF-, JPEG- of PNG-bestand"


class Unreadable(SimpleUploadedFile):
    """An upload whose content must not be touched: its size alone must refuse it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the file was read before its size was checked")

    def chunks(self, *args, **kwargs):
        raise AssertionError("the file was read before its size was checked")


def _post_page(client, served_client, vdab, upload):
    return client.post(
        reverse("referrals:consent-create", args=[served_client.pk]),
        {
            "purpose": "referral",
            "scope": ["name"],
            "method": "signed_form",
            "recipient": vdab.pk,
            "given_on": timezone.localdate().isoformat(),
            "signed_form": upload,
        },
    )


def _post_api(client, served_client, vdab, upload):
    return client.post(
        "/api/v1/consents/",
        {
            "client": served_client.pk,
            "purpose": "referral",
            "recipient": vdab.pk,
            "scope": ["name"],
            "method": "signed_form",
            "signed_form": upload,
        },
    )


@pytest.fixture
def signed_in(client, city_caseworker):
    client.force_login(city_caseworker)
    return client


@pytest.mark.parametrize(
    ("name", "content", "declared"),
    [
        ("toestemming.pdf", EXE, "application/pdf"),
        ("toestemming.pdf", HTML, "application/pdf"),
        ("scan.jpg", b"GIF89a" + b"\x00" * 32, "image/jpeg"),
        ("toestemming.pdf", b"\x00", "application/pdf"),
    ],
    ids=["exe-named-pdf", "html-named-pdf", "gif-named-jpeg", "one-byte"],
)
@pytest.mark.parametrize("post", [_post_page, _post_api], ids=["page", "api"])
def test_a_file_that_is_no_pdf_jpeg_or_png_is_refused(
    post, name, content, declared, signed_in, served_client, vdab
):
    response = post(signed_in, served_client, vdab, SimpleUploadedFile(name, content, declared))
    if post is _post_page:
        assert response.status_code == 200
        errors = response.context["form"].errors["signed_form"]
    else:
        assert response.status_code == 400
        errors = response.json()["signed_form"]
    assert any(TYPE_ERROR in e for e in errors), errors
    assert not served_client.consents.exists()


@pytest.mark.parametrize(
    ("content", "kind"), [(PDF, "pdf"), (JPEG, "jpg"), (PNG, "png")], ids=["pdf", "jpeg", "png"]
)
@pytest.mark.parametrize("post", [_post_page, _post_api], ids=["page", "api"])
def test_pdf_jpeg_and_png_are_kept_under_the_type_they_are(
    post, content, kind, signed_in, served_client, vdab
):
    # The name and the declared type say otherwise; the content decides.
    upload = SimpleUploadedFile("formulier.bin", content, "application/octet-stream")
    response = post(signed_in, served_client, vdab, upload)
    assert response.status_code in (201, 302), response.content
    consent = served_client.consents.get()
    try:
        assert consent.signed_form.name.endswith(f"/formulier.{kind}")
        with consent.signed_form.open("rb") as stored:
            assert stored.read() == content
    finally:
        consent.signed_form.delete(save=False)


@pytest.mark.parametrize("post", [_post_page, _post_api], ids=["page", "api"])
def test_an_oversized_file_is_refused_before_it_is_read(
    post, settings, signed_in, city_caseworker, served_client, vdab
):
    settings.CONSENT_FORM_MAX_BYTES = 1024 * 1024
    upload = Unreadable("toestemming.pdf", PDF, "application/pdf")
    upload.size = 1024 * 1024 + 1
    with pytest.raises(ValidationError) as refused:
        services.consent_record(
            actor=city_caseworker,
            client=served_client,
            purpose="referral",
            scope=["name"],
            method="signed_form",
            recipient=vdab,
            signed_form=upload,
        )
    assert refused.value.message_dict == {"signed_form": ["Het bestand is groter dan 1 MB."]}
    big = SimpleUploadedFile("toestemming.pdf", PDF + b"\x00" * (1024 * 1024), "application/pdf")
    response = post(signed_in, served_client, vdab, big)
    if post is _post_page:
        errors = response.context["form"].errors["signed_form"]
    else:
        assert response.status_code == 400
        errors = response.json()["signed_form"]
    assert errors == ["Het bestand is groter dan 1 MB."]
    assert not served_client.consents.exists()


def test_the_limit_is_configured(settings):
    from lokaalwerk import settings as project_settings

    assert project_settings.CONSENT_FORM_MAX_BYTES == 10 * 1024 * 1024
    docs = (project_settings.REPO_DIR / "docs" / "configuration.md").read_text()
    assert "`LOKAALWERK_CONSENT_FORM_MAX_MB` | `10`" in docs
