"""Every read that shows a client leaves an audit row that the data protection officer finds on
the client's own audit page: lists and drop-downs included, not only the opening of a file."""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.audit.models import AuditEvent, AuditSubject
from lokaalwerk.audit.services import record
from lokaalwerk.referrals import services

from .factories import ClientFactory, PopUpSlotFactory, RelationshipFactory


@pytest.fixture
def booked(make_referral, served_client, city_caseworker, vdab, social_house):
    """The served client is referred to VDAB (accepted) and booked into its pop-up."""
    referral = make_referral(accepted=True)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    slot = PopUpSlotFactory(organisation=vdab, host=social_house, weekday=tomorrow.weekday())
    booking = services.popup_booking_create(
        actor=city_caseworker, slot=slot, date=tomorrow, client=served_client
    )
    return {"referral": referral, "booking": booking}


def _reads(booked, served_client):
    consent = booked["referral"].consent_id
    booking = booked["booking"].pk
    return [
        ("city_caseworker", reverse("referrals:create"), "client.listed"),
        ("city_caseworker", reverse("referrals:popup-book"), "client.listed"),
        ("city_caseworker", reverse("referrals:client-list"), "client.listed"),
        ("city_caseworker", "/api/v1/clients/", "client.listed"),
        ("city_caseworker", reverse("referrals:popup"), "popup.bookings_listed"),
        ("vdab_consultant", reverse("referrals:popup"), "popup.bookings_listed"),
        ("vdab_consultant", "/api/v1/popup-bookings/", "popup.bookings_listed"),
        ("vdab_consultant", f"/api/v1/popup-bookings/{booking}/", "popup.booking_viewed"),
        ("vdab_consultant", "/api/v1/consents/", "consent.listed"),
        ("vdab_consultant", f"/api/v1/consents/{consent}/", "consent.viewed"),
        ("vdab_consultant", reverse("referrals:inbox"), "referral.listed"),
        ("vdab_consultant", "/api/v1/referrals/", "referral.listed"),
        ("city_caseworker", reverse("referrals:inbox") + "?box=outbox", "referral.listed"),
    ]


def test_the_clients_audit_page_lists_every_read_that_showed_them(
    booked, served_client, client, request, data_protection_officer
):
    other = ClientFactory(last_name="Andere")
    RelationshipFactory(client=other, organisation=served_client.relationships.get().organisation)
    reads = _reads(booked, served_client)
    for persona, url, _action in reads:
        client.force_login(request.getfixturevalue(persona))
        response = client.get(url)
        assert response.status_code == 200, url
        if "consents" in url:  # a consent names its client by number
            assert f'"client":{served_client.pk},' in response.content.decode(), url
        else:
            assert "Cliënt 7" in response.content.decode(), url

    client.force_login(data_protection_officer)
    page = client.get(reverse("referrals:audit"), {"client": served_client.pk})
    assert page.status_code == 200
    logged = {(e.actor.username, e.source.split("?")[0], e.action) for e in page.context["events"]}
    for persona, url, action in reads:
        user = request.getfixturevalue(persona)
        assert (user.username, url.split("?")[0], action) in logged, (persona, url, action)
        assert f"<code>{url.split('?')[0]}</code>" in page.text
    # The other client was in the drop-downs and the client list, so their page shows those
    # reads too; but nothing from the referral and the pop-up, which are not about them.
    theirs = client.get(reverse("referrals:audit"), {"client": other.pk}).context["events"]
    assert {e.action for e in theirs} == {"client.listed"}


def test_a_list_costs_one_event_and_one_link_per_client(client, city_caseworker, social_house):
    for _i in range(30):
        RelationshipFactory(client=ClientFactory(), organisation=social_house)
    client.force_login(city_caseworker)
    client.get(reverse("referrals:client-list"))
    event = AuditEvent.objects.get(action="client.listed")
    assert AuditSubject.objects.filter(event=event).count() == 30


def test_reads_recorded_before_the_links_are_found_after_the_migration(
    make_referral, served_client, city_caseworker, data_protection_officer, client
):
    referral = make_referral(sent=True)
    # The shape list reads had before: the clients only inside ``data``.
    record(actor=city_caseworker, action="client.listed", data={"clients": [served_client.pk]})
    record(actor=city_caseworker, action="referral.listed", data={"referrals": [referral.pk]})
    assert not AuditSubject.objects.exists()
    migration = importlib.import_module(
        "lokaalwerk.referrals.migrations.0004_audit_subjects_for_list_reads"
    )
    migration.link_list_reads(apps, None)
    client.force_login(data_protection_officer)
    page = client.get(reverse("referrals:audit"), {"client": served_client.pk})
    assert {"client.listed", "referral.listed"} <= {e.action for e in page.context["events"]}
