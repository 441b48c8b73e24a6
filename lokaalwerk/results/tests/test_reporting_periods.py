import datetime as dt

import pytest

from lokaalwerk.agreements.tests.factories import AgreementFactory
from lokaalwerk.results import services
from lokaalwerk.results.services import ResultsError

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


def test_a_coordinator_sets_periods_from_meeting_dates_on_the_page(
    client, plan, city_coordinator, city_caseworker
):
    client.force_login(city_caseworker)
    assert client.post(f"/results/{plan.slug}/periods/", {"kind": "quarterly"}).status_code == 403
    client.force_login(city_coordinator)
    bad = client.post(
        f"/results/{plan.slug}/periods/", {"kind": "meetings", "meeting_dates": "morgen"}
    )
    assert 'id="id_meeting_dates_error"' in bad.content.decode()
    response = client.post(
        f"/results/{plan.slug}/periods/",
        {"kind": "meetings", "meeting_dates": "2025-03-20\n2025-06-19"},
    )
    assert response.status_code == 302
    assert plan.reporting_periods.count() == 3


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
