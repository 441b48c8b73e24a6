import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lokaalwerk.indicators.models import Observation

pytestmark = pytest.mark.django_db
CSV = "gemeente;periode;waarde\nMechelen;2025-01;3100\nLier;2025-01;900\n"


def test_a_coordinator_previews_then_confirms_an_upload(client, city_coordinator):
    client.force_login(city_coordinator)
    upload = SimpleUploadedFile("wzw.csv", CSV.encode(), content_type="text/csv")
    response = client.post(
        reverse("indicators:import-upload"), {"file": upload, "indicator": "wzw"}
    )
    assert response.status_code == 200
    assert response.context["report"].created == 2
    assert not Observation.objects.exists()
    token = response.context["token"]
    response = client.post(reverse("indicators:import-preview", args=[token]))
    assert response.status_code == 302
    assert Observation.objects.filter(derived=False).count() == 2


def test_a_bad_upload_shows_its_reasons_on_the_file_field(client, city_coordinator):
    client.force_login(city_coordinator)
    upload = SimpleUploadedFile("wzw.csv", b"gemeente;periode;waarde\nAtlantis;2025;1\n")
    response = client.post(
        reverse("indicators:import-upload"), {"file": upload, "indicator": "wzw"}
    )
    assert response.status_code == 400
    assert "Atlantis" in response.context["form"].errors["file"][0]
    assert b"Atlantis" in response.content and not Observation.objects.exists()


def test_only_coordinators_upload(client, partner_staff):
    client.force_login(partner_staff)
    assert client.get(reverse("indicators:import-upload")).status_code == 403


def test_the_preview_gives_the_reasons_for_bad_and_skipped_rows_in_dutch(client, city_coordinator):
    client.force_login(city_coordinator)
    bad = b"gemeente;periode;waarde\nAtlantis;2025;1\n"
    response = client.post(
        reverse("indicators:import-upload"),
        {"file": SimpleUploadedFile("wzw.csv", bad), "indicator": "wzw"},
        HTTP_ACCEPT_LANGUAGE="nl-BE",
    )
    html = response.content.decode()
    assert "<td>&#x27;Atlantis&#x27; komt met geen gebiedsnaam of NIS-code overeen</td>" in html
    assert "1 fout, niets opgeslagen: rij 2: &#x27;Atlantis&#x27;" in html  # on the file field
    skipped = CSV + "Niet te lokaliseren;2025-01;12\n"
    response = client.post(
        reverse("indicators:import-upload"),
        {"file": SimpleUploadedFile("wzw.csv", skipped.encode()), "indicator": "wzw"},
        HTTP_ACCEPT_LANGUAGE="nl-BE",
    )
    html = response.content.decode()
    assert response.status_code == 200 and "(Lange CSV)" in html
    assert "Rij 4: &#x27;Niet te lokaliseren&#x27; is geen gemeente" in html
