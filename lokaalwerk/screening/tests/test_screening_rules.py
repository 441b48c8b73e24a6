"""Who may do what in a round, the workflow pair by pair, uploads refused whole, indicators."""

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lokaalwerk.screening import indicators, selectors, services, synthetic
from lokaalwerk.screening.constants import RoundStatus
from lokaalwerk.screening.models import TokenUpload
from lokaalwerk.screening.workflow import ALLOWED_TRANSITIONS, can_move

from .conftest import tokens_for
from .factories import ScreeningRoundFactory


@pytest.mark.parametrize("current", list(RoundStatus))
@pytest.mark.parametrize("target", list(RoundStatus))
def test_workflow_allows_exactly_the_listed_transitions(current, target):
    assert can_move(current, target) == (target in ALLOWED_TRANSITIONS[current])


def test_only_the_data_protection_officer_approves(
    client, school, vdab, city_coordinator, data_protection_officer
):
    screening_round = ScreeningRoundFactory(organisations=[school, vdab])
    client.force_login(city_coordinator)
    assert client.post(reverse("screening:approve", args=[screening_round.pk])).status_code == 403
    client.force_login(data_protection_officer)
    client.post(reverse("screening:approve", args=[screening_round.pk]))
    screening_round.refresh_from_db()
    assert screening_round.status == RoundStatus.OPEN
    assert screening_round.approved_by == data_protection_officer


def test_a_draft_round_accepts_no_upload(school, vdab, school_staff, two_lists):
    screening_round = ScreeningRoundFactory(organisations=[school, vdab])
    with pytest.raises(services.ScreeningError, match="does not accept uploads"):
        services.tokens_upload(
            actor=school_staff,
            screening_round=screening_round,
            organisation=school,
            data=tokens_for(two_lists[0]),
        )


def test_an_upload_with_another_secret_or_outside_the_dates_changes_nothing(
    open_round, school, vdab, school_staff, vdab_staff, two_lists
):
    services.tokens_upload(
        actor=school_staff,
        screening_round=open_round,
        organisation=school,
        data=tokens_for(two_lists[0]),
    )
    with pytest.raises(services.ScreeningError, match="another secret"):
        services.tokens_upload(
            actor=vdab_staff,
            screening_round=open_round,
            organisation=vdab,
            data=tokens_for(two_lists[1], secret=b"a different secret of 32 bytes!!"),
        )
    open_round.closes_on = open_round.opens_on = dt.date(2020, 1, 1)
    with pytest.raises(services.ScreeningError, match="Uploads are accepted from"):
        services.tokens_upload(
            actor=vdab_staff,
            screening_round=open_round,
            organisation=vdab,
            data=tokens_for(two_lists[1]),
        )
    assert list(TokenUpload.objects.values_list("organisation__slug", flat=True)) == ["school-test"]


def test_the_upload_form_ties_a_bad_file_to_its_field(client, open_round, school, school_staff):
    client.force_login(school_staff)
    bad = SimpleUploadedFile("list.csv", b"record_id,insz\n1,2\n", "text/csv")
    response = client.post(
        reverse("screening:upload", args=[open_round.pk]), {"organisation": school.pk, "file": bad}
    )
    assert response.status_code == 200
    assert 'id="id_file_error"' in response.content.decode()
    tampered = tokens_for([]) | {"records": [{"id": "x", "insz": "123", "clk": "AA=="}]}
    response = client.post(
        reverse("screening:upload", args=[open_round.pk]),
        {
            "organisation": school.pk,
            "file": SimpleUploadedFile("t.json", json.dumps(tampered).encode()),
        },
    )
    assert "not a hash" in response.content.decode()
    assert not TokenUpload.objects.exists()


def test_outsiders_and_other_partners_see_no_round(client, open_round, outsider, partner_staff):
    for user in (outsider, partner_staff):
        client.force_login(user)
        assert client.get(reverse("screening:round", args=[open_round.pk])).status_code == 404
        assert client.get("/api/v1/screening-rounds/").json()["results"] == []
        assert client.get(reverse("screening:upload", args=[open_round.pk])).status_code == 404


def test_a_new_upload_reopens_a_linked_round_and_clears_its_results(
    open_round, school, vdab, school_staff, vdab_staff, city_coordinator, two_lists
):
    list_a, list_b, _ = two_lists
    for actor, organisation, persons in (
        (school_staff, school, list_a),
        (vdab_staff, vdab, list_b),
    ):
        services.tokens_upload(
            actor=actor,
            screening_round=open_round,
            organisation=organisation,
            data=tokens_for(persons),
        )
    services.screening_round_link(actor=city_coordinator, screening_round=open_round)
    services.tokens_upload(
        actor=school_staff,
        screening_round=open_round,
        organisation=school,
        data=tokens_for(list_a[:50]),
    )
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.OPEN and open_round.counts == {}
    assert all(u.found == {} for u in open_round.uploads.all())


def test_rounds_past_their_closing_date_are_closed_by_the_command(
    open_round, school, school_staff, two_lists
):
    services.tokens_upload(
        actor=school_staff,
        screening_round=open_round,
        organisation=school,
        data=tokens_for(two_lists[0]),
    )
    from django.core.management import call_command

    call_command("screening-close-due")
    open_round.refresh_from_db()
    assert open_round.status == RoundStatus.OPEN
    assert services.screening_rounds_close_due(today=open_round.closes_on + dt.timedelta(1)) == 1
    upload = TokenUpload.objects.get()
    assert upload.tokens == {} and upload.tokens_deleted_at is not None


def test_small_numbers_are_suppressed():
    assert [selectors.suppress(n) for n in (0, 1, 4, 5, 12)] == ["0", "<5", "<5", "5", "12"]


def test_counts_feed_the_youth_indicators_without_small_numbers(school, vdab):
    screening_round = ScreeningRoundFactory(organisations=[school, vdab], year=2025)
    screening_round.linked_at = screening_round.created_at
    screening_round.counts = {
        "lists": [
            {"organisation": "school-test", "name": "S", "records": 40, "only_here": 12},
            {"organisation": "vdab", "name": "V", "records": 31, "only_here": 3},
        ],
        "pairs": [{"a": "school-test", "a_name": "S", "b": "vdab", "b_name": "V", "both": 28}],
    }
    screening_round.save()
    year = (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    values = list(indicators._not_found_elsewhere(*year))
    assert [(v.value, v.period_start) for v in values] == [(15, dt.date(2025, 1, 1))]
    assert [v.value for v in indicators._screened(*year)] == [71]
    screening_round.counts["pairs"][0]["both"] = 3
    screening_round.counts["lists"][0]["only_here"] = 1
    screening_round.save()
    assert list(indicators._screened(*year)) == []
    assert list(indicators._not_found_elsewhere(*year)) == []
    from lokaalwerk.indicators.registry import published

    codes = {r.code for r in published()}
    assert {"screening.not_known_elsewhere", "screening.young_people_screened"} <= codes


def test_the_round_list_needs_a_fixed_number_of_queries(
    client, school, vdab, city_coordinator, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    ScreeningRoundFactory(organisations=[school, vdab])
    client.force_login(city_coordinator)
    with CaptureQueriesContext(connection) as one_round:
        client.get(reverse("screening:list"))
    for _ in range(6):
        ScreeningRoundFactory(organisations=[school, vdab])
    with django_assert_max_num_queries(len(one_round)):
        response = client.get(reverse("screening:list"))
    assert response.content.decode().count("<tr>") == 8


def test_a_partner_refers_a_young_person_no_other_partner_knows(
    client, open_round, school, vdab, school_staff, vdab_staff, city_coordinator, two_lists
):
    from lokaalwerk.referrals.models import Referral

    list_a, list_b, truth = two_lists
    for actor, organisation, persons in (
        (school_staff, school, list_a),
        (vdab_staff, vdab, list_b),
    ):
        services.tokens_upload(
            actor=actor,
            screening_round=open_round,
            organisation=organisation,
            data=tokens_for(persons),
        )
    services.screening_round_link(actor=city_coordinator, screening_round=open_round)
    unknown = next(p for p in list_a if p.record_id not in truth)
    client.force_login(school_staff)
    url = reverse("screening:follow-up", args=[open_round.pk, "school-test", unknown.record_id])
    response = client.post(
        url,
        {
            "first_name": unknown.first_name,
            "last_name": unknown.last_name,
            "birth_date": unknown.birth_date.isoformat(),
            "receiving_organisation": vdab.pk,
            "reason": "1.2",
            "witness": "Demo Leerkracht",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    referral = Referral.objects.get()
    assert referral.receiving_organisation == vdab
    assert referral.consent.purpose == "joint_screening"
    known = next(iter(truth))
    response = client.post(
        reverse("screening:follow-up", args=[open_round.pk, "school-test", known]),
        {
            "first_name": "X",
            "last_name": "Y",
            "birth_date": "2008-01-01",
            "receiving_organisation": vdab.pk,
            "reason": "1.2",
            "witness": "W",
        },
    )
    assert "found in another partner" in response.content.decode()
    assert Referral.objects.count() == 1


def test_a_coordinator_prepares_a_round_and_bad_dates_are_tied_to_the_field(
    client, school, vdab, city_coordinator, school_staff
):
    from lokaalwerk.screening.models import ScreeningRound

    url = reverse("screening:create")
    client.force_login(school_staff)
    assert client.get(url).status_code == 403
    client.force_login(city_coordinator)
    assert client.get(url).status_code == 200
    data = {
        "year": 2026,
        "title": "Screening 2026",
        "purpose": "Jongeren opsporen.",
        "legal_basis": "AVG art. 6.1.e",
        "organisations": [school.pk, vdab.pk],
        "opens_on": "2026-10-01",
        "closes_on": "2026-09-01",
    }
    response = client.post(url, data)
    assert 'id="id_closes_on_error"' in response.content.decode()
    assert not ScreeningRound.objects.exists()
    response = client.post(url, {**data, "closes_on": "2026-12-31"})
    screening_round = ScreeningRound.objects.get()
    assert response.url == reverse("screening:round", args=[screening_round.pk])
    assert screening_round.status == RoundStatus.DRAFT
    assert set(screening_round.organisations.all()) == {school, vdab}


def test_the_api_gives_counts_to_the_steering_group_only(
    client,
    open_round,
    school,
    vdab,
    school_staff,
    vdab_staff,
    city_coordinator,
    data_protection_officer,
    two_lists,
):
    list_a, list_b, truth = two_lists
    for actor, organisation, persons in (
        (school_staff, school, list_a),
        (vdab_staff, vdab, list_b),
    ):
        services.tokens_upload(
            actor=actor,
            screening_round=open_round,
            organisation=organisation,
            data=tokens_for(persons),
        )
    services.screening_round_link(actor=city_coordinator, screening_round=open_round)
    url = f"/api/v1/screening-rounds/{open_round.pk}/counts/"
    client.force_login(data_protection_officer)
    body = client.get(url).json()
    assert body["pairs"] == [{"a": "school-test", "b": "vdab", "both": str(len(truth))}]
    client.force_login(school_staff)
    assert client.get(url).status_code == 403
    response = client.post(
        f"/api/v1/screening-rounds/{open_round.pk}/uploads/",
        {"organisation": "vdab", "tokens": tokens_for(list_a)},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_fields_a_token_file_should_not_carry_are_not_stored(open_round, school, school_staff):
    persons = synthetic.people(3)
    tokens = tokens_for(persons)
    tokens["records"][0]["name"] = persons[0].last_name
    tokens["encoding"]["note"] = "list of school X"
    upload = services.tokens_upload(
        actor=school_staff, screening_round=open_round, organisation=school, data=tokens
    )
    upload.refresh_from_db()
    assert set(upload.tokens["records"][0]) == {"id", "insz", "clk"}
    assert "note" not in upload.tokens["encoding"]
