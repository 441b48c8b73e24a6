"""The public directory: no login, search and filters with and without htmx, last-checked dates,
and owners reminded of entries nobody checked for months."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lokaalwerk.catalogue import selectors, services
from lokaalwerk.catalogue.constants import DirectoryKind
from lokaalwerk.catalogue.models import DirectoryEntry

from .factories import (
    DirectoryEntryFactory,
    LanguageFactory,
    LocationFactory,
    OpeningHoursFactory,
    municipality,
)

BRUSSELS = zoneinfo.ZoneInfo("Europe/Brussels")


@pytest.fixture
def entries(city):
    arabic = LanguageFactory(code="ar", name="Arabisch")
    library = DirectoryEntryFactory(
        owner=city, kind=DirectoryKind.WIFI, name="Wifi in de bibliotheek"
    )
    OpeningHoursFactory(entry=library, weekday=0, opens=dt.time(10), closes=dt.time(18))
    popup = DirectoryEntryFactory(
        owner=city,
        kind=DirectoryKind.POPUP,
        name="VDAB-pop-up",
        location=LocationFactory(municipality=municipality("12040")),
    )
    popup.languages.set([arabic])
    OpeningHoursFactory(entry=popup, weekday=1, opens=dt.time(9), closes=dt.time(12))
    hidden = DirectoryEntryFactory(owner=city, name="Nog niet klaar", is_published=False)
    return library, popup, hidden


def _names(response) -> list[str]:
    return sorted(e.name for e in response.context["entries"])


def test_anyone_finds_published_entries_without_signing_in(client, entries):
    response = client.get("/directory/")
    assert response.status_code == 200
    assert _names(response) == ["VDAB-pop-up", "Wifi in de bibliotheek"]
    assert "Laatst gecontroleerd" in response.content.decode()


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "popup"}, ["VDAB-pop-up"]),
        ({"municipality": "12040"}, ["VDAB-pop-up"]),
        ({"language": "ar"}, ["VDAB-pop-up"]),
        ({"q": "bibliotheek"}, ["Wifi in de bibliotheek"]),
        ({"q": "zwembad"}, []),
    ],
)
def test_filters_work_as_a_plain_get_form(client, entries, params, expected):
    assert _names(client.get("/directory/", params)) == expected


def test_htmx_receives_only_the_results_fragment(client, entries):
    response = client.get("/directory/", {"kind": "wifi"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.templates[0].name == "catalogue/_directory_results.html"
    assert "<html" not in body and "Wifi in de bibliotheek" in body


def test_open_now_compares_the_weekly_hours_with_the_moment(entries):
    monday_11 = dt.datetime(2026, 11, 23, 11, 0, tzinfo=BRUSSELS)
    tuesday_13 = dt.datetime(2026, 11, 24, 13, 0, tzinfo=BRUSSELS)
    filters = selectors.DirectoryFilters(open_now=True)
    at_monday = selectors.directory_search(user=None, filters=filters, now=monday_11)
    at_tuesday = selectors.directory_search(user=None, filters=filters, now=tuesday_13)
    assert [e.name for e in at_monday] == ["Wifi in de bibliotheek"]
    assert list(at_tuesday) == []


def test_an_unknown_filter_value_is_a_clear_form_error(client, entries):
    response = client.get("/directory/", {"kind": "zwembad", "municipality": "99999"})
    form = response.context["form"]
    assert set(form.errors) == {"kind", "municipality"}
    assert 'id="id_kind_error"' in response.content.decode()


def test_the_directory_query_count_does_not_grow(client, entries, city):
    with CaptureQueriesContext(connection) as few:
        client.get("/directory/")
    for n in range(6):
        entry = DirectoryEntryFactory(owner=city, name=f"Extra {n}")
        OpeningHoursFactory(entry=entry)
    with CaptureQueriesContext(connection) as many:
        response = client.get("/directory/")
    assert len(response.context["entries"]) == 8
    assert len(many) == len(few)


def test_unpublished_entries_are_seen_by_their_owner_only(client, entries, city_caseworker):
    _library, _popup, hidden = entries
    assert client.get(f"/directory/{hidden.uuid}/").status_code == 404
    hidden.owner = city_caseworker.memberships.get().organisation
    hidden.save()
    client.force_login(city_caseworker)
    assert client.get(f"/directory/{hidden.uuid}/").status_code == 200


@override_settings(CATALOGUE_STALE_AFTER_MONTHS=6)
def test_stale_entries_are_flagged_and_their_owner_mailed_once(
    city, django_capture_on_commit_callbacks
):
    today = dt.date(2026, 11, 27)
    old = DirectoryEntryFactory(
        owner=city, name="Oud", last_checked_on=dt.date(2026, 5, 1), owner_email="a@x.invalid"
    )
    DirectoryEntryFactory(owner=city, name="Vers", last_checked_on=dt.date(2026, 6, 1))
    with django_capture_on_commit_callbacks(execute=True):
        flagged = services.directory_entries_flag_stale(today=today)
    assert [e.name for e in flagged] == ["Oud"]
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["a@x.invalid"]
    assert "Oud" in mail.outbox[0].body
    assert services.directory_entries_flag_stale(today=today) == []
    assert len(mail.outbox) == 1
    old.refresh_from_db()
    assert old.stale_flagged_at is not None


@override_settings(CATALOGUE_STALE_AFTER_MONTHS=2)
def test_the_number_of_months_is_configurable(city):
    DirectoryEntryFactory(owner=city, last_checked_on=dt.date(2026, 8, 1))
    assert len(services.directory_entries_flag_stale(today=dt.date(2026, 11, 27))) == 1


def test_the_command_flags_through_the_task(city, capsys, django_capture_on_commit_callbacks):
    DirectoryEntryFactory(owner=city, stale=True, owner_email="owner@x.invalid")
    with django_capture_on_commit_callbacks(execute=True):
        call_command("flag-stale-directory-entries")
    assert "Flagged 1 entries" in capsys.readouterr().out
    assert mail.outbox[0].to == ["owner@x.invalid"]


def test_marking_an_entry_checked_clears_the_flag(client, city_caseworker, social_house):
    entry = DirectoryEntryFactory(owner=social_house, stale=True)
    services.directory_entries_flag_stale()
    client.force_login(city_caseworker)
    response = client.post(f"/catalogue/directory/{entry.uuid}/check/")
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.stale_flagged_at is None
    assert entry.last_checked_on == timezone.localdate()


def test_others_may_not_mark_an_entry_checked(client, partner_staff, social_house):
    entry = DirectoryEntryFactory(owner=social_house, stale=True)
    client.force_login(partner_staff)
    assert client.post(f"/catalogue/directory/{entry.uuid}/check/").status_code == 403
    assert DirectoryEntry.objects.get(pk=entry.pk).last_checked_on == entry.last_checked_on


def test_an_entry_with_hours_ending_before_they_start_is_refused(
    client, city_caseworker, social_house
):
    entry = DirectoryEntryFactory(owner=social_house, name="Pop-up")
    location = entry.location
    client.force_login(city_caseworker)
    response = client.post(
        f"/catalogue/directory/{entry.uuid}/edit/",
        {
            "kind": "popup",
            "name": "Gewijzigd",
            "owner": social_house.pk,
            "location": location.pk,
            "hours-TOTAL_FORMS": "1",
            "hours-INITIAL_FORMS": "0",
            "hours-0-weekday": "2",
            "hours-0-opens": "17:00",
            "hours-0-closes": "08:00",
        },
    )
    assert response.status_code == 200
    assert response.context["hours"].forms[0].errors["closes"]
    entry.refresh_from_db()
    assert entry.name == "Pop-up"


def test_the_command_can_hand_the_job_to_the_task_backend(city, capsys):
    DirectoryEntryFactory(owner=city, stale=True)
    call_command("flag-stale-directory-entries", enqueue=True)
    assert "Enqueued job" in capsys.readouterr().out
    assert DirectoryEntry.objects.get().stale_flagged_at is not None


def test_long_results_are_paged_keeping_the_filters(client, city):
    for n in range(30):
        DirectoryEntryFactory(owner=city, kind=DirectoryKind.COMPUTER, name=f"Computer {n:02d}")
    first = client.get("/directory/", {"kind": "computer"})
    assert len(first.context["entries"]) == 24 and first.context["total"] == 30
    assert "?kind=computer&amp;page=2" in first.content.decode()
    second = client.get("/directory/", {"kind": "computer", "page": 2})
    assert len(second.context["entries"]) == 6


def test_owners_see_their_entries_and_departments_entries_oldest_first(
    client, city_caseworker, social_house, city, partner
):
    department = social_house.children.create(
        name="Team (test)", slug="team-test", kind="department"
    )
    old = DirectoryEntryFactory(owner=department, stale=True, name="Oud", is_published=False)
    fresh = DirectoryEntryFactory(owner=social_house, name="Vers")
    DirectoryEntryFactory(owner=partner, name="Van een partner")
    DirectoryEntryFactory(owner=city, name="Van de stad")
    client.force_login(city_caseworker)
    response = client.get("/catalogue/directory/")
    assert list(response.context["entries"]) == [old, fresh]
