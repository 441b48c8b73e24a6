import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from lokaalwerk.core.demo import DEMO_PASSWORD
from lokaalwerk.governance.models import Meeting
from lokaalwerk.governance.tests.factories import governance_demo_load

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site(live_server, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    governance_demo_load()
    return live_server


def test_a_coordinator_plans_invites_records_and_adjusts_the_plan(demo_site, page, sign_in, axe):
    sign_in(page, "coordinator.vdab", DEMO_PASSWORD)
    year = timezone.localdate().year
    warnings = page.locator("#cadence-warnings")
    assert f"Stuurgroep stad Mechelen - VDAB: 1 van 3 vergaderingen gepland voor {year}" in (
        warnings.inner_text()
    )
    assert axe(page) == []

    page.get_by_role("link", name="Overleg").click()
    page.get_by_role("link", name="Stuurgroep stad Mechelen - VDAB").click()
    assert page.get_by_role("heading", name="Stuurgroep stad Mechelen - VDAB").is_visible()
    assert axe(page) == []
    page.get_by_role("link", name="Vergadering plannen").click()
    day = timezone.localdate() - dt.timedelta(days=1)
    page.get_by_label("Begint om").fill(f"{day:%Y-%m-%d}T14:00")
    page.get_by_label("Eindigt om").fill(f"{day:%Y-%m-%d}T12:00")
    page.get_by_label("Plaats").fill("Stadhuis Mechelen")
    page.get_by_role("button", name="Opslaan").click()
    assert "De vergadering eindigt voor ze begint." in page.locator("#meeting-form").inner_text()
    assert axe(page) == []
    page.get_by_label("Eindigt om").fill(f"{day:%Y-%m-%d}T16:00")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state("networkidle")
    meeting = Meeting.objects.get(starts_at__date=day, body__name="Stuurgroep stad Mechelen - VDAB")
    assert page.get_by_role("heading", level=1).inner_text() == str(meeting)
    assert axe(page) == []

    mail.outbox.clear()
    page.get_by_role("button", name="Uitnodigingen versturen").click()
    page.wait_for_load_state("networkidle")
    assert "uitnodigingen verstuurd" in page.locator(".messages").inner_text()
    invited = meeting.invitations.count()
    assert invited >= 10
    assert len(mail.outbox) == invited
    calendar = Calendar.from_ical(mail.outbox[0].attachments[0][1])
    assert str(calendar["METHOD"]) == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{meeting.uid}@lokaalwerk"

    page.get_by_role("link", name="Verslag schrijven").click()
    page.locator("#id_minutes").fill("De stuurgroep bespreekt de pop-up van VDAB.")
    assert axe(page) == []
    page.get_by_role("button", name="Verslag opslaan").click()
    page.wait_for_load_state("networkidle")
    assert "pop-up van VDAB" in page.locator("#minutes").inner_text()

    page.get_by_role("link", name="Beslissing noteren").click()
    page.get_by_label("Soort beslissing").select_option("adjust_plan")
    page.locator("#id_text").fill("De pop-up gaat naar drie dagen per week.")
    page.get_by_label("Bij te sturen actie").select_option(
        label="2.2 Toegankelijkheid van VDAB in het Sociaal Huis"
    )
    page.get_by_label("Nieuwe beschrijving").fill(
        "VDAB is drie dagen per week aanwezig in het Sociaal Huis."
    )
    assert axe(page) == []
    page.get_by_role("button", name="Beslissing noteren").click()
    page.wait_for_load_state("networkidle")
    assert "drie dagen per week" in page.locator("#decisions").inner_text()

    page.get_by_role("link", name="2.2", exact=True).click()
    page.wait_for_load_state("networkidle")
    assert "VDAB is drie dagen per week aanwezig" in page.locator("main").inner_text()
    history = page.locator("main").inner_text()
    assert f"Beslist in vergadering {meeting}" in history
    assert axe(page) == []

    page.goto(f"{demo_site.url}/governance/plans/{meeting.body.agreement.slug}/history/")
    assert f"Beslist in vergadering {meeting}" in page.locator("#plan-history").inner_text()
    assert axe(page) == []


def test_the_public_minutes_and_a_meeting_pack_are_accessible(
    demo_site, page, phone_page, sign_in, axe
):
    phone_page.goto(f"{demo_site.url}/public/governance/")
    assert phone_page.get_by_role("heading", name="Verslagen en beslissingen").is_visible()
    assert "Greet Jacops" in phone_page.locator("main").inner_text()
    assert "Demo Coördinator" not in phone_page.locator("main").inner_text()
    assert axe(phone_page) == []

    sign_in(page, "coordinator.vdab", DEMO_PASSWORD)
    meeting = (
        Meeting.objects.filter(body__name="Stuurgroep stad Mechelen - VDAB")
        .order_by("-starts_at")
        .first()
    )
    page.goto(f"{demo_site.url}/governance/meetings/{meeting.pk}/")
    assert axe(page) == []
    page.get_by_role("button", name="Vergaderbundel maken").click()
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", name="Vergaderbundel", exact=True).is_visible()
    assert "Stand van de acties" in page.locator("#pack").inner_text()
    assert axe(page) == []
