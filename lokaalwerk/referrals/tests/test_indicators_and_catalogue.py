import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lokaalwerk.indicators.registry import published
from lokaalwerk.referrals import services


def test_own_registrations_are_published_and_count(make_referral, vdab_consultant):
    codes = {r.code: r for r in published()}
    assert {
        "referrals.sent_by_reason",
        "referrals.completed_by_outcome",
        "referrals.median_response_days",
    } <= set(codes)
    referral = make_referral(sent=True)
    services.referral_accept(actor=vdab_consultant, referral=referral)
    make_referral(completed=True)
    today = timezone.localdate()
    start = today.replace(day=1)
    values = list(codes["referrals.sent_by_reason"].compute(start, today))
    by_reason = {v.disaggregation["reason"]: v.value for v in values}
    assert by_reason["1.1"] == 2
    outcomes = {
        v.disaggregation["outcome"]: v.value
        for v in codes["referrals.completed_by_outcome"].compute(start, today)
    }
    assert outcomes["job"] == 1
    median = list(codes["referrals.median_response_days"].compute(start, today))
    assert median[0].value == 0
    assert (
        list(
            codes["referrals.sent_by_reason"].compute(
                start - dt.timedelta(days=400), start - dt.timedelta(days=300)
            )
        )[0].value
        == 0
    )


def test_statistics_page_shows_numbers_not_names(make_referral, client, alderman, city_coordinator):
    make_referral(sent=True)
    for user in (alderman, city_coordinator):
        client.force_login(user)
        response = client.get(reverse("referrals:statistics"))
        assert response.status_code == 200
        assert 'id="stat-total">1<' in response.text
        assert "Cliënt 7" not in response.text


def test_create_page_accepts_catalogue_parameters(client, city_caseworker):
    client.force_login(city_caseworker)
    response = client.get(reverse("referrals:create"), {"offer": "999999", "vacancy": "abc"})
    assert response.status_code == 200


def test_create_page_prefills_from_an_offer(client, city_caseworker, vdab):
    from lokaalwerk.catalogue.tests.factories import OfferFactory

    offer = OfferFactory(provider=vdab, name="Demo jobclub")
    client.force_login(city_caseworker)
    response = client.get(reverse("referrals:create"), {"offer": str(offer.pk)})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["receiving_organisation"] == vdab.pk
    assert "Demo jobclub" in form.initial["note"]
