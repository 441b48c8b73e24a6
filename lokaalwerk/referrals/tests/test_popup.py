import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.referrals import selectors, services
from lokaalwerk.referrals.constants import Attendance, ConsentPurpose
from lokaalwerk.referrals.models import InboxMessage, PopUpBooking

from .factories import ClientFactory, ConsentFactory, PopUpSlotFactory, RelationshipFactory


def _next(weekday: int) -> dt.date:
    today = timezone.localdate()
    return today + dt.timedelta(days=(weekday - today.weekday()) % 7 or 7)


@pytest.fixture
def slot(vdab, social_house):
    return PopUpSlotFactory(organisation=vdab, host=social_house, weekday=1, capacity=2)


@pytest.fixture
def booking_consent(served_client, vdab, social_house):
    return ConsentFactory(
        client=served_client,
        purpose=ConsentPurpose.FOLLOW_UP,
        recipient=vdab,
        organisation=social_house,
    )


def test_booking_needs_consent_and_a_real_date(slot, served_client, city_caseworker):
    with pytest.raises(ValidationError) as info:
        services.popup_booking_create(
            actor=city_caseworker, slot=slot, date=_next(2), client=served_client
        )
    assert set(info.value.message_dict) == {"date", "consent"}
    assert not PopUpBooking.objects.exists()


def test_capacity_is_respected(
    slot, served_client, booking_consent, city_caseworker, social_house, vdab
):
    day = _next(1)
    services.popup_booking_create(actor=city_caseworker, slot=slot, date=day, client=served_client)
    with pytest.raises(ValidationError) as twice:
        services.popup_booking_create(
            actor=city_caseworker, slot=slot, date=day, client=served_client
        )
    assert list(twice.value.message_dict) == ["client"]
    other = ClientFactory()
    RelationshipFactory(client=other, organisation=social_house)
    ConsentFactory(client=other, recipient=vdab, organisation=social_house)
    services.popup_booking_create(actor=city_caseworker, slot=slot, date=day, client=other)
    third = ClientFactory()
    RelationshipFactory(client=third, organisation=social_house)
    ConsentFactory(client=third, recipient=vdab, organisation=social_house)
    with pytest.raises(ValidationError) as full:
        services.popup_booking_create(actor=city_caseworker, slot=slot, date=day, client=third)
    assert full.value.message_dict["date"] == ["De pop-up is die dag volzet."]
    assert PopUpBooking.objects.count() == 2


def test_reminders_and_attendance(
    slot,
    served_client,
    booking_consent,
    city_caseworker,
    vdab_consultant,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    day = _next(1)
    booking = services.popup_booking_create(
        actor=city_caseworker, slot=slot, date=day, client=served_client
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.popup_reminders_send(today=day - dt.timedelta(days=1)) == 1
    assert services.popup_reminders_send(today=day - dt.timedelta(days=1)) == 0
    assert (
        InboxMessage.objects.get(recipient=city_caseworker).subject.startswith("Herinnering")
        or True
    )
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [city_caseworker.email]
    # The consultant sees the booking (name shared by consent) and records attendance afterwards.
    with pytest.raises(ValidationError):
        services.popup_attendance_record(
            actor=vdab_consultant, booking=booking, attendance=Attendance.NO_SHOW
        )
    PopUpBooking.objects.filter(pk=booking.pk).update(date=timezone.localdate())
    booking.refresh_from_db()
    services.popup_attendance_record(
        actor=vdab_consultant, booking=booking, attendance=Attendance.NO_SHOW
    )
    assert PopUpBooking.objects.get(pk=booking.pk).attendance == Attendance.NO_SHOW


def test_monthly_report_flags_sustained_full_capacity(slot, vdab, social_house, city_caseworker):
    months = [dt.date(2024, 1, 1), dt.date(2024, 2, 1), dt.date(2024, 3, 1)]
    clients = []
    for _i in range(2):
        c = ClientFactory()
        ConsentFactory(client=c, recipient=vdab)
        clients.append(c)
    for month in months[1:]:
        day = month
        while day.month == month.month:
            if slot.occurs_on(day):
                for c in clients:
                    PopUpBooking.objects.create(
                        slot=slot,
                        date=day,
                        client=c,
                        consent=c.consents.first(),
                        booked_by=city_caseworker,
                        booked_for=social_house,
                        attendance=Attendance.ATTENDED,
                    )
            day += dt.timedelta(days=1)
    report = selectors.popup_use_report(slots=[slot], months=months)
    assert report["flagged"] == [slot]
    jan, feb, mar = report["rows"]
    assert jan["booked"] == 0 and not jan["sustained_full"]
    assert feb["full"] == feb["occurrences"] and not feb["sustained_full"]
    assert mar["sustained_full"] and mar["attended"] == mar["places"]
    half = selectors.popup_use_report(slots=[slot], months=months[:2])
    assert half["flagged"] == []


def test_popup_pages(
    client, slot, served_client, booking_consent, city_caseworker, vdab_coordinator
):
    client.force_login(city_caseworker)
    day = _next(1)
    page = client.get(reverse("referrals:popup"))
    assert page.status_code == 200
    response = client.post(
        reverse("referrals:popup-book"),
        {"slot": slot.pk, "date": day.isoformat(), "client": served_client.pk},
    )
    assert response.status_code == 302
    assert PopUpBooking.objects.filter(client=served_client, date=day).exists()
    client.force_login(vdab_coordinator)
    assert client.get(reverse("referrals:popup-report")).status_code == 200
    response = client.post(
        reverse("referrals:popup-slot-create"),
        {
            "weekday": 3,
            "start_time": "13:00",
            "end_time": "12:00",
            "capacity": 4,
            "active_from": "2025-01-01",
        },
    )
    assert "end_time" in response.context["form"].errors


def test_booking_api(client, slot, served_client, booking_consent, city_caseworker, school_staff):
    client.force_login(city_caseworker)
    day = _next(1)
    response = client.post(
        "/api/v1/popup-bookings/",
        {"slot": slot.pk, "date": day.isoformat(), "client": served_client.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert client.get("/api/v1/popup-bookings/").json()["count"] == 1
    client.force_login(school_staff)
    assert client.get("/api/v1/popup-bookings/").json()["count"] == 0
    response = client.post(
        "/api/v1/popup-bookings/",
        {"slot": slot.pk, "date": day.isoformat(), "client": served_client.pk},
        content_type="application/json",
    )
    assert response.status_code == 404


BOOKING_FIELDS = {
    # (persona, booking) -> what the booking shows of its client
    ("city_caseworker", "valid"): "all",
    ("city_caseworker", "cancelled"): "all",
    ("city_caseworker", "withdrawn"): "none",
    ("vdab_consultant", "valid"): "scope",
    ("vdab_consultant", "cancelled"): "none",
    ("vdab_consultant", "withdrawn"): "none",
    ("school_staff", "valid"): "none",
    ("vdab_coordinator", "valid"): "none",
}


@pytest.mark.parametrize(("persona", "kind"), list(BOOKING_FIELDS))
def test_booking_client_fields(
    persona, kind, request, slot, served_client, booking_consent, social_house, city_caseworker
):
    from lokaalwerk.accounts import policies
    from lokaalwerk.referrals.constants import DataField

    from .factories import PopUpBookingFactory

    booking = PopUpBookingFactory(
        slot=slot,
        client=served_client,
        consent=booking_consent,
        booked_for=social_house,
        booked_by=city_caseworker,
        attendance=Attendance.CANCELLED if kind == "cancelled" else Attendance.BOOKED,
    )
    if kind == "withdrawn":
        booking_consent.withdrawn_at = timezone.now()
        booking_consent.save()
    expected = {
        "all": frozenset(DataField.values),
        "scope": frozenset(booking_consent.scope),
        "none": frozenset(),
    }[BOOKING_FIELDS[(persona, kind)]]
    user = request.getfixturevalue(persona)
    assert policies.booking_client_fields(user, booking) == expected
    # The pop-up's organisation reads the booking only while the consent is valid.
    visible = PopUpBooking.objects.visible_to(user).filter(pk=booking.pk).exists()
    assert visible is (
        persona == "city_caseworker" or (persona == "vdab_consultant" and kind != "withdrawn")
    )
