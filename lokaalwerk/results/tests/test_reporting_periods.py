import datetime as dt

import pytest
from django.utils import translation

from lokaalwerk.agreements.tests.factories import AgreementFactory
from lokaalwerk.governance.tests.factories import BodyFactory, MeetingFactory, at
from lokaalwerk.results import selectors, services
from lokaalwerk.results.constants import PeriodBasis
from lokaalwerk.results.models import ProgressUpdate
from lokaalwerk.results.services import ResultsError

from .conftest import TODAY
from .factories import ProgressUpdateFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_quarters_follow_the_agreement_and_are_due_two_weeks_later(db):
    agreement = AgreementFactory(start_date=dt.date(2021, 3, 1), end_date=dt.date(2025, 12, 31))
    periods = services.reporting_periods_generate(agreement=agreement)
    assert len(periods) == 20
    first, last = periods[0], periods[-1]
    assert (first.label, first.start_date, first.end_date) == (
        "2021 Q1",
        dt.date(2021, 3, 1),
        dt.date(2021, 3, 31),
    )
    assert (last.label, last.due_date) == ("2025 Q4", dt.date(2026, 1, 14))
    services.reporting_periods_generate(agreement=agreement)
    assert agreement.reporting_periods.count() == 20


def test_periods_run_up_to_each_steering_group_meeting_and_keep_their_updates(plan):
    old = plan.reporting_periods.get(start_date=dt.date(2025, 1, 1))
    update = ProgressUpdateFactory(action=plan.actions.get(code="1.1"), period=old)
    periods = services.reporting_periods_from_meetings(
        agreement=plan,
        meeting_dates=[dt.date(2025, 3, 20), dt.date(2025, 6, 19), dt.date(2019, 1, 1)],
    )
    assert [(p.start_date, p.end_date, p.due_date) for p in periods[:3]] == [
        (dt.date(2021, 1, 1), dt.date(2025, 3, 19), dt.date(2025, 3, 13)),
        (dt.date(2025, 3, 20), dt.date(2025, 6, 18), dt.date(2025, 6, 12)),
        (dt.date(2025, 6, 19), dt.date(2040, 12, 31), dt.date(2041, 1, 14)),
    ]
    update.refresh_from_db()
    assert update.period == periods[1]  # 2025 Q1 ended on 31 March, inside the second period
    assert plan.changes.filter(kind="periods.meetings").exists()


def test_meeting_dates_outside_the_agreement_are_refused(plan):
    with pytest.raises(ResultsError):
        services.reporting_periods_from_meetings(
            agreement=plan, meeting_dates=[dt.date(2050, 1, 1)]
        )


def test_the_same_meeting_dates_twice_write_nothing_the_second_time(plan):
    dates = [dt.date(2025, 3, 20), dt.date(2025, 6, 19)]
    first = services.reporting_periods_from_meetings(agreement=plan, meeting_dates=dates)
    changes = plan.changes.count()
    again = services.reporting_periods_from_meetings(agreement=plan, meeting_dates=dates)
    assert [p.pk for p in again] == [p.pk for p in first]
    assert plan.changes.count() == changes


# --- What the periods follow ------------------------------------------------------------------


def _steering_group(agreement, *days, **kwargs):
    """The city–VDAB steering group of ``agreement`` with a meeting on each day (written
    directly, as an import or the admin would: nothing re-derives the periods yet)."""
    body = BodyFactory(agreement=agreement, **kwargs)
    for day in days:
        MeetingFactory(body=body, starts_at=at(day.year, day.month, day.day))
    return body


def _updates(plan, *starts):
    action = plan.actions.get(code="1.1")
    return [
        ProgressUpdateFactory(action=action, period=plan.reporting_periods.get(start_date=start))
        for start in starts
    ]


def test_by_default_the_periods_run_up_to_the_city_vdab_steering_group_meetings(plan):
    assert selectors.publication_for(agreement=plan).period_basis == PeriodBasis.MEETINGS
    _steering_group(plan, dt.date(2025, 3, 20), dt.date(2025, 6, 19))
    MeetingFactory(body=plan.bodies.get(), starts_at=at(2025, 9, 18), cancelled=True)
    updates = _updates(plan, dt.date(2025, 1, 1), dt.date(2025, 4, 1), dt.date(2025, 7, 1))
    periods = services.reporting_periods_sync(agreement=plan)
    assert [(p.start_date, p.end_date) for p in periods] == [
        (dt.date(2021, 1, 1), dt.date(2025, 3, 19)),
        (dt.date(2025, 3, 20), dt.date(2025, 6, 18)),
        (dt.date(2025, 6, 19), dt.date(2040, 12, 31)),
    ]
    assert [p.label for p in periods] == ["Tot 2025-03-20", "Tot 2025-06-19", "Tot 2040-12-31"]
    # Each update sits in the new period that holds the last day of its quarter.
    assert [ProgressUpdate.objects.get(pk=u.pk).period for u in updates] == [
        periods[1],
        periods[2],
        periods[2],
    ]
    assert plan.changes.filter(kind="periods.meetings").count() == 1


def test_meetings_of_other_bodies_do_not_set_the_periods(plan):
    quarters = [p.pk for p in plan.reporting_periods.all()]
    _steering_group(plan, dt.date(2025, 3, 20), political=True)
    _steering_group(plan, dt.date(2025, 4, 20), working_group=True)
    body = _steering_group(plan, dt.date(2021, 1, 1))  # the agreement's first day: no run-up
    MeetingFactory(body=body, starts_at=at(2025, 5, 15), cancelled=True)
    changes = plan.changes.count()
    periods = services.reporting_periods_sync(agreement=plan)
    assert [p.pk for p in periods] == quarters
    assert len(periods) == 80
    assert plan.changes.count() == changes
    assert selectors.period_meetings(agreement=plan) == []


def test_syncing_periods_that_already_follow_the_basis_writes_nothing(plan):
    _steering_group(plan, dt.date(2025, 3, 20))
    first = services.reporting_periods_sync(agreement=plan)
    changes = plan.changes.count()
    with translation.override("en"):
        again = services.reporting_periods_sync(agreement=plan)
    assert [(p.pk, p.label) for p in again] == [(p.pk, p.label) for p in first]
    assert plan.changes.count() == changes


def test_switching_to_quarters_and_back_keeps_every_update(plan, city_coordinator):
    _steering_group(plan, dt.date(2025, 3, 20), dt.date(2025, 6, 19))
    updates = _updates(plan, dt.date(2024, 10, 1), dt.date(2025, 1, 1), dt.date(2025, 4, 1))
    services.reporting_periods_sync(agreement=plan)
    assert plan.reporting_periods.count() == 3
    services.reporting_period_basis_set(
        actor=city_coordinator, agreement=plan, basis=PeriodBasis.QUARTERS, today=TODAY
    )
    assert selectors.publication_for(agreement=plan).period_basis == PeriodBasis.QUARTERS
    assert plan.reporting_periods.count() == 80
    services.reporting_period_basis_set(
        actor=city_coordinator, agreement=plan, basis=PeriodBasis.MEETINGS, today=TODAY
    )
    assert plan.reporting_periods.count() == 3
    kept = ProgressUpdate.objects.filter(pk__in=[u.pk for u in updates]).select_related("period")
    assert kept.count() == 3
    assert all(u.period.agreement_id == plan.pk for u in kept)
    switches = plan.changes.filter(kind="periods.basis").order_by("pk")
    assert [c.changes["period_basis"] for c in switches] == [
        ["meetings", "quarters"],
        ["quarters", "meetings"],
    ]
    assert all(c.actor == city_coordinator for c in switches)


def test_the_same_basis_again_records_no_change(plan, city_coordinator):
    changes = plan.changes.count()
    services.reporting_period_basis_set(
        actor=city_coordinator, agreement=plan, basis=PeriodBasis.MEETINGS, today=TODAY
    )
    assert plan.changes.count() == changes
    with pytest.raises(ResultsError) as error:
        services.reporting_period_basis_set(
            actor=city_coordinator, agreement=plan, basis="weeks", today=TODAY
        )
    assert "basis" in error.value.message_dict


def test_an_agreement_that_has_ended_keeps_its_periods_and_updates(plan, city_coordinator):
    quarters = [p.pk for p in plan.reporting_periods.all()]
    (update,) = _updates(plan, dt.date(2025, 1, 1))
    _steering_group(plan, dt.date(2025, 3, 20))
    after_the_end = dt.date(2041, 1, 1)
    assert services.reporting_periods_sync(agreement=plan, today=after_the_end)
    assert [p.pk for p in plan.reporting_periods.all()] == quarters
    update.refresh_from_db()
    assert update.period.start_date == dt.date(2025, 1, 1)
    with pytest.raises(ResultsError):
        services.reporting_period_basis_set(
            actor=city_coordinator,
            agreement=plan,
            basis=PeriodBasis.QUARTERS,
            today=after_the_end,
        )
    assert selectors.publication_for(agreement=plan).period_basis == PeriodBasis.MEETINGS


def test_an_ended_agreement_without_periods_gets_them_from_its_meetings(db):
    agreement = AgreementFactory(start_date=dt.date(2021, 3, 1), end_date=dt.date(2025, 12, 31))
    _steering_group(agreement, dt.date(2021, 3, 16), dt.date(2021, 6, 15))
    periods = services.reporting_periods_sync(agreement=agreement, today=dt.date(2026, 6, 1))
    assert [p.end_date for p in periods] == [
        dt.date(2021, 3, 15),
        dt.date(2021, 6, 14),
        dt.date(2025, 12, 31),
    ]


# --- The page ---------------------------------------------------------------------------------


def test_the_page_shows_the_basis_and_the_meetings_it_comes_from(
    client, plan, partner_staff, vdab, vdab_coordinator
):
    body = _steering_group(plan, dt.date(2025, 3, 20), dt.date(2025, 6, 19), convenor=vdab)
    link = f'href="/governance/meetings/{body.meetings.earliest("starts_at").pk}/"'
    client.force_login(partner_staff)
    html = client.get(f"/results/{plan.slug}/periods/").content.decode()
    assert "Vergaderingen van de stuurgroep stad–VDAB" in html
    assert "20 maart 2025" in html and "19 juni 2025" in html
    assert 'id="period-basis-form"' not in html
    assert link not in html  # the partner does not follow this body's meetings
    # Opening the page brought the periods in step with the meetings.
    assert plan.reporting_periods.count() == 3
    assert "Tot 2025-06-19" in html
    client.force_login(vdab_coordinator)
    html = client.get(f"/results/{plan.slug}/periods/").content.decode()
    assert link in html
    assert 'id="period-basis-form"' in html


def test_without_meetings_the_page_says_the_periods_are_quarters(client, plan, city_coordinator):
    client.force_login(city_coordinator)
    html = client.get(f"/results/{plan.slug}/periods/").content.decode()
    assert 'id="period-basis-fallback"' in html
    assert 'id="period-basis-form"' in html
    assert "2025 Q2" in html


def test_only_coordinators_switch_the_basis_on_the_page(
    client, plan, city_coordinator, city_caseworker
):
    _steering_group(plan, dt.date(2025, 3, 20))
    url = f"/results/{plan.slug}/periods/"
    client.force_login(city_caseworker)
    assert client.post(url, {"basis": "quarters"}).status_code == 403
    assert selectors.publication_for(agreement=plan).period_basis == PeriodBasis.MEETINGS
    client.force_login(city_coordinator)
    bad = client.post(url, {"basis": "weeks"})
    assert bad.status_code == 200
    assert "field--error" in bad.content.decode()
    response = client.post(url, {"basis": "quarters"})
    assert response.status_code == 302
    assert selectors.publication_for(agreement=plan).period_basis == PeriodBasis.QUARTERS
    assert plan.reporting_periods.count() == 80
    html = client.get(url).content.decode()
    assert "<strong>Kalenderkwartalen</strong>" in html
    assert 'id="period-meetings"' not in html
    assert client.post(url, {"basis": "meetings"}).status_code == 302
    assert plan.reporting_periods.count() == 2


def test_the_page_of_an_ended_agreement_offers_no_switch(client, city_coordinator):
    agreement = AgreementFactory(start_date=dt.date(2021, 3, 1), end_date=dt.date(2025, 12, 31))
    client.force_login(city_coordinator)
    url = f"/results/{agreement.slug}/periods/"
    html = client.get(url).content.decode()
    assert 'id="periods-final"' in html
    assert 'id="period-basis-form"' not in html
    refused = client.post(url, {"basis": "quarters"})
    assert refused.status_code == 200
    assert "form-errors" in refused.content.decode()
    assert selectors.publication_for(agreement=agreement).period_basis == PeriodBasis.MEETINGS


def test_evidence_is_served_only_to_readers(client, plan, period, city_caseworker, outsider):
    from django.core.files.uploadedfile import SimpleUploadedFile

    update = services.progress_update_create(
        actor=city_caseworker,
        action=plan.actions.get(code="1.1"),
        period=period,
        status="on_track",
        progress=10,
        evidence_file=SimpleUploadedFile("verslag.pdf", b"%PDF-1.4 demo"),
        today=dt.date(2025, 5, 20),
    )
    url = f"/results/{plan.slug}/updates/{update.pk}/evidence/"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(city_caseworker)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
