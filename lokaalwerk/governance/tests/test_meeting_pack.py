import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from lokaalwerk.agreements.services import action_update
from lokaalwerk.geography.models import Area, Municipality
from lokaalwerk.governance import services
from lokaalwerk.governance.constants import AgendaItemKind
from lokaalwerk.indicators.models import Indicator, Observation
from lokaalwerk.results.models import ProgressUpdate, ReportingPeriod, Snapshot

from .factories import ActionFactory, FollowUpFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


def _future(days=5):
    start = timezone.now() + dt.timedelta(days=days)
    return {"starts_at": start, "ends_at": start + dt.timedelta(hours=2)}


@pytest.fixture
def setting(vdab, vdab_coordinator):
    previous = MeetingFactory(
        body__convenor=vdab, starts_at=at(2026, 3, 16), ends_at=at(2026, 3, 16, 16)
    )
    meeting = MeetingFactory(body=previous.body, **_future())
    action = ActionFactory(
        domain__theme__agreement=meeting.body.agreement, title="Pop-up in het Sociaal Huis"
    )
    period = ReportingPeriod.objects.create(
        agreement=meeting.body.agreement,
        label="2026 K1",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 3, 31),
        due_date=dt.date(2026, 4, 15),
    )
    ProgressUpdate.objects.create(
        action=action,
        period=period,
        status="off_track",
        progress=40,
        note="Te weinig instroom",
        approval="approved",
    )
    action_update(actor=vdab_coordinator, action=action, description="Twee dagen per week")
    FollowUpFactory(meeting=previous, description="Jongerencijfers aanvullen")
    indicator = Indicator.objects.create(
        code="werkzoekenden", name_nl="Niet-werkende werkzoekenden", source="vdab"
    )
    area = Area.objects.get(code="12025")
    meeting.body.agreement.municipalities.add(Municipality.objects.get(nis_code="12025"))
    for month, value in [(1, 3100), (2, 3050), (3, 2990)]:
        Observation.objects.create(
            indicator=indicator,
            area=area,
            period_start=dt.date(2026, month, 1),
            value=Decimal(value),
        )
    services.agenda_item_add(
        actor=vdab_coordinator,
        meeting=meeting,
        title="Werkloosheidscijfers",
        kind=AgendaItemKind.INDICATOR,
        indicator=indicator,
    )
    services.agenda_item_add(
        actor=vdab_coordinator,
        meeting=meeting,
        title="Bijsturing pop-up",
        kind=AgendaItemKind.ACTION,
        action=action,
    )
    return meeting, action


def test_the_pack_holds_agenda_status_changes_charts_follow_ups_and_cadence(
    setting, vdab_coordinator
):
    meeting, action = setting
    services.meeting_pack_build(actor=vdab_coordinator, meeting=meeting)
    data = meeting.pack_data
    assert [a["title"] for a in data["agenda"]] == ["Werkloosheidscijfers", "Bijsturing pop-up"]
    (row,) = data["actions"]
    assert (row["code"], row["status"], row["changes"]) == (action.code, "Achter op schema", 1)
    assert [c["action"] for c in data["changes"]] == [action.code]
    assert data["previous_meeting"] == str(meeting.body.meetings.order_by("starts_at").first())
    (series,) = data["indicators"]
    assert series["points"] == [["2026-01", 3100.0], ["2026-02", 3050.0], ["2026-03", 2990.0]]
    assert series["area"] == "Mechelen"
    assert "<svg" in series["html"] and "3050" in series["html"].replace(".", "")
    assert [f["description"] for f in data["follow_ups"]] == ["Jongerencijfers aanvullen"]
    assert data["cadence"]["required"] == 3
    assert Snapshot.objects.filter(agreement=meeting.body.agreement).count() == 1
    assert "<svg" in meeting.pack_html and "<table" in meeting.pack_html


def test_the_pdf_pack_has_extractable_text(setting, vdab_coordinator):
    meeting, action = setting
    services.meeting_pack_build(actor=vdab_coordinator, meeting=meeting)
    reader = PdfReader(io.BytesIO(bytes(meeting.pack_pdf)))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Pop-up in het Sociaal Huis" in text
    assert "Jongerencijfers aanvullen" in text
    assert "Niet-werkende werkzoekenden" in text
    assert "Sociaal Huis" in text


def test_the_pack_is_frozen_once_the_meeting_has_started(setting, vdab_coordinator):
    meeting, action = setting
    services.meeting_pack_build(actor=vdab_coordinator, meeting=meeting)
    html, pdf = meeting.pack_html, bytes(meeting.pack_pdf)
    meeting.starts_at = timezone.now() - dt.timedelta(hours=1)
    meeting.ends_at = timezone.now() + dt.timedelta(hours=1)
    meeting.save()
    action_update(actor=vdab_coordinator, action=action, title="Iets anders")
    with pytest.raises(ValidationError, match="ligt vast"):
        services.meeting_pack_build(actor=vdab_coordinator, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.pack_html == html
    assert bytes(meeting.pack_pdf) == pdf


def test_the_pack_pages_serve_the_stored_pack(client, setting, vdab_coordinator, partner_staff):
    meeting, action = setting
    client.force_login(vdab_coordinator)
    assert client.get(reverse("governance:pack", args=[meeting.pk])).status_code == 404
    response = client.post(reverse("governance:pack-build", args=[meeting.pk]))
    assert response.status_code == 302
    page = client.get(reverse("governance:pack", args=[meeting.pk])).content.decode()
    assert "Pop-up in het Sociaal Huis" in page
    pdf = client.get(reverse("governance:pack-pdf", args=[meeting.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    client.force_login(partner_staff)
    assert client.get(reverse("governance:pack-pdf", args=[meeting.pk])).status_code == 404
