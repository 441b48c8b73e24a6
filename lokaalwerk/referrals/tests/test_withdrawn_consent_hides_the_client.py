"""Withdrawing a consent hides the client from the receiving organisation everywhere at once.

One walk over every page and API endpoint of the referrals app that can name a client, as
VDAB (which received the client through a referral and a pop-up booking), before and after
the Sociaal Huis records the withdrawal; the Sociaal Huis keeps seeing its own client. A route
added to the app without a place in this walk fails the test, so no page is forgotten. (The
screening app's follow-up form starts a referral but never shows an existing client.)
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.referrals import services
from lokaalwerk.referrals import urls as page_urls
from lokaalwerk.referrals.api import urls as api_urls
from lokaalwerk.referrals.constants import (
    Attendance,
    ConsentMethod,
    ConsentPurpose,
    DataField,
    ReferralState,
)
from lokaalwerk.referrals.models import PopUpBooking

from .factories import ClientFactory, PopUpBookingFactory, PopUpSlotFactory, RelationshipFactory

NAME = "Vanderzwalm"
EMAIL = "jozefien.vanderzwalm@example.invalid"

#: Routes that only take a step or change something (POST), never a read of a client.
WRITES = {
    "referrals:message-read",
    "referrals:transition",
    "referrals:consent-withdraw",
    "referrals:popup-attendance",
    "referrals:popup-cancel",
    "referrals-consent-withdraw",
    "referrals-referral-transition",
}


@pytest.fixture
def scene(city_caseworker, vdab_consultant, social_house, vdab):
    """A client of the Sociaal Huis referred to VDAB (accepted, and a second one still
    waiting) and booked into VDAB's pop-up (a past visit and a coming one), all under one
    consent that shares the name and contact details with VDAB."""
    person = ClientFactory(first_name="Jozefien", last_name=NAME, email=EMAIL)
    RelationshipFactory(client=person, organisation=social_house)
    consent = services.consent_record(
        actor=city_caseworker,
        client=person,
        purpose=ConsentPurpose.REFERRAL,
        recipient=vdab,
        scope=[DataField.NAME, DataField.CONTACT],
        method=ConsentMethod.VERBAL,
        witness="Demo Getuige",
    )
    accepted = services.referral_create(
        actor=city_caseworker, client=person, receiving_organisation=vdab, reason="2.2", send=True
    )
    services.referral_accept(actor=vdab_consultant, referral=accepted)
    waiting = services.referral_create(
        actor=city_caseworker, client=person, receiving_organisation=vdab, reason="2.6", send=True
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    slot = PopUpSlotFactory(organisation=vdab, host=social_house, weekday=tomorrow.weekday())
    coming = services.popup_booking_create(
        actor=city_caseworker, slot=slot, date=tomorrow, client=person
    )
    visited = PopUpBookingFactory(
        slot=slot,
        client=person,
        consent=consent,
        booked_for=social_house,
        booked_by=city_caseworker,
        date=timezone.localdate() - dt.timedelta(days=2),
        attendance=Attendance.ATTENDED,
    )
    return {
        "client": person,
        "consent": consent,
        "accepted": accepted,
        "waiting": waiting,
        "coming": coming,
        "visited": visited,
    }


def _walk(scene) -> dict[str, list[str]]:
    """Every route of the app, with the addresses that read it for this scene."""
    c, consent = scene["client"].pk, scene["consent"].pk
    referrals = [scene["accepted"].pk, scene["waiting"].pk]
    bookings = [scene["coming"].pk, scene["visited"].pk]
    return {
        "referrals:inbox": [reverse("referrals:inbox"), reverse("referrals:inbox") + "?box=outbox"],
        "referrals:create": [
            reverse("referrals:create"),
            reverse("referrals:create") + f"?client={c}",
        ],
        "referrals:statistics": [reverse("referrals:statistics")],
        "referrals:messages": [reverse("referrals:messages")],
        "referrals:detail": [reverse("referrals:detail", args=[pk]) for pk in referrals],
        "referrals:client-list": [
            reverse("referrals:client-list"),
            reverse("referrals:client-list") + "?q=Jozef",
        ],
        "referrals:client-create": [reverse("referrals:client-create")],
        "referrals:client-detail": [reverse("referrals:client-detail", args=[c])],
        "referrals:client-edit": [reverse("referrals:client-edit", args=[c])],
        "referrals:consent-create": [reverse("referrals:consent-create", args=[c])],
        "referrals:client-export-json": [reverse("referrals:client-export-json", args=[c])],
        "referrals:client-export-pdf": [reverse("referrals:client-export-pdf", args=[c])],
        "referrals:client-erase": [reverse("referrals:client-erase", args=[c])],
        "referrals:consent-form": [reverse("referrals:consent-form", args=[consent])],
        "referrals:consent-explanation": [
            reverse("referrals:consent-explanation", args=["referral"])
        ],
        "referrals:audit": [reverse("referrals:audit") + f"?client={c}"],
        "referrals:popup": [reverse("referrals:popup")],
        "referrals:popup-book": [reverse("referrals:popup-book")],
        "referrals:popup-slot-create": [reverse("referrals:popup-slot-create")],
        "referrals:popup-report": [reverse("referrals:popup-report")],
        "referrals-client-list": ["/api/v1/clients/", "/api/v1/clients/?q=Jozef"],
        "referrals-client-detail": [f"/api/v1/clients/{c}/"],
        "referrals-consent-list": ["/api/v1/consents/", f"/api/v1/consents/?client={c}"],
        "referrals-consent-detail": [f"/api/v1/consents/{consent}/"],
        "referrals-referral-list": ["/api/v1/referrals/", "/api/v1/referrals/?box=outbox"],
        "referrals-referral-detail": [f"/api/v1/referrals/{pk}/" for pk in referrals],
        "referrals-booking-list": ["/api/v1/popup-bookings/"],
        "referrals-booking-detail": [f"/api/v1/popup-bookings/{pk}/" for pk in bookings],
    }


def _read(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code < 500, url
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def _naming(client, walk) -> set[str]:
    """The addresses whose answer names the client (name or e-mail)."""
    return {
        url
        for urls in walk.values()
        for url in urls
        if NAME in (body := _read(client, url)) or EMAIL in body
    }


def test_withdrawal_hides_the_client_from_every_page_and_endpoint(
    scene, client, city_caseworker, vdab_consultant
):
    walk = _walk(scene)
    routes = {f"referrals:{p.name}" for p in page_urls.urlpatterns if p.name} | {
        p.name for p in api_urls.urlpatterns if p.name and not p.name.endswith("-root")
    }
    assert routes == set(walk) | WRITES, "a route of the app is missing from this walk"

    client.force_login(vdab_consultant)
    c, accepted, visited = scene["client"].pk, scene["accepted"].pk, scene["visited"].pk
    # While the consent holds, VDAB reads the client where the referrals and bookings lead.
    assert _naming(client, walk) == {
        reverse("referrals:inbox"),
        reverse("referrals:detail", args=[accepted]),
        reverse("referrals:detail", args=[scene["waiting"].pk]),
        reverse("referrals:client-detail", args=[c]),
        reverse("referrals:popup"),
        "/api/v1/clients/" + f"{c}/",
        "/api/v1/referrals/",
        f"/api/v1/referrals/{accepted}/",
        f"/api/v1/referrals/{scene['waiting'].pk}/",
        "/api/v1/popup-bookings/",
        f"/api/v1/popup-bookings/{scene['coming'].pk}/",
        f"/api/v1/popup-bookings/{visited}/",
    }

    client.force_login(city_caseworker)
    assert (
        client.post(reverse("referrals:consent-withdraw", args=[scene["consent"].pk])).status_code
        == 302
    )

    client.force_login(vdab_consultant)
    assert _naming(client, walk) == set()
    # The accepted referral stays VDAB's to close, without the client; the booking to come
    # is cancelled, so its place is free again.
    assert client.get(reverse("referrals:detail", args=[accepted])).status_code == 200
    assert client.get(f"/api/v1/referrals/{accepted}/").json()["client"] is None
    assert client.get(f"/api/v1/popup-bookings/{visited}/").status_code == 404
    assert PopUpBooking.objects.get(pk=scene["coming"].pk).attendance == Attendance.CANCELLED
    assert scene["waiting"].__class__.objects.get(pk=scene["waiting"].pk).state == (
        ReferralState.WITHDRAWN
    )

    # The Sociaal Huis still serves the client and sees them in full.
    client.force_login(city_caseworker)
    for url in (
        reverse("referrals:client-list"),
        reverse("referrals:client-detail", args=[c]),
        f"/api/v1/clients/{c}/",
        reverse("referrals:popup-book"),
        reverse("referrals:create"),
    ):
        assert NAME in _read(client, url), url
