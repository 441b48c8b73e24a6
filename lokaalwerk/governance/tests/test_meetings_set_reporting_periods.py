"""The reporting periods run up to the meetings of the city–VDAB steering group: planning,
moving or cancelling one of its meetings re-derives them, and no progress update is lost."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from lokaalwerk.agreements.models import PlanChange
from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.governance import services
from lokaalwerk.governance.models import Meeting
from lokaalwerk.results import services as results_services
from lokaalwerk.results.constants import PeriodBasis
from lokaalwerk.results.models import ProgressUpdate, ReportingPeriod
from lokaalwerk.results.tests.factories import ProgressUpdateFactory

from .factories import ActionFactory, AgreementFactory, BodyFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


#: The four quarters of 2025 and the day each one's update was written, a week before it was due.
WRITTEN = {
    dt.date(2025, 1, 1): dt.date(2025, 4, 7),
    dt.date(2025, 4, 1): dt.date(2025, 7, 7),
    dt.date(2025, 7, 1): dt.date(2025, 10, 7),
    dt.date(2025, 10, 1): dt.date(2026, 1, 7),
}


@pytest.fixture
def agreement():
    """An agreement running from March 2021 to 2030 with quarterly periods (its steering group
    has not met yet) and an update of one action for each quarter of 2025."""
    agreement = AgreementFactory(start_date=dt.date(2021, 3, 1), end_date=dt.date(2030, 12, 31))
    action = ActionFactory(domain__theme__agreement=agreement)
    results_services.reporting_periods_sync(agreement=agreement)
    for start, written in WRITTEN.items():
        update = ProgressUpdateFactory(
            action=action, period=agreement.reporting_periods.get(start_date=start)
        )
        ProgressUpdate.objects.filter(pk=update.pk).update(
            created_at=at(written.year, written.month, written.day, 10)
        )
    return agreement


def _plan(actor, body, day: dt.date, hour: int = 14):
    return services.meeting_plan(
        actor=actor,
        body=body,
        starts_at=at(day.year, day.month, day.day, hour),
        ends_at=at(day.year, day.month, day.day, hour + 2),
        location="Stadhuis",
    ).meeting


def _move(actor, meeting, day: dt.date, hour: int = 14):
    return services.meeting_update(
        actor=actor,
        meeting=meeting,
        starts_at=at(day.year, day.month, day.day, hour),
        ends_at=at(day.year, day.month, day.day, hour + 2),
        location=meeting.location,
    ).meeting


def _ends(agreement) -> list[dt.date]:
    return list(agreement.reporting_periods.values_list("end_date", flat=True))


def _updates_in_place(agreement) -> list[int]:
    """The agreement's updates, each in one of its periods that had started when the update
    was written (nobody writes for a period that has not started)."""
    updates = ProgressUpdate.objects.filter(action__agreement=agreement).select_related("period")
    assert all(u.period.agreement_id == agreement.pk for u in updates)
    assert all(u.period.start_date <= timezone.localtime(u.created_at).date() for u in updates)
    return sorted(u.pk for u in updates)


def _counts(agreement) -> list[int]:
    return [p.updates.count() for p in agreement.reporting_periods.all()]


def test_planning_moving_and_cancelling_a_steering_group_meeting_re_derive_the_periods(
    agreement, vdab_coordinator
):
    body = BodyFactory(agreement=agreement)
    updates = _updates_in_place(agreement)
    assert len(updates) == 4

    meeting = _plan(vdab_coordinator, body, dt.date(2025, 6, 19))
    assert _ends(agreement) == [dt.date(2025, 6, 18), dt.date(2030, 12, 31)]
    first, second = agreement.reporting_periods.all()
    assert first.due_date == dt.date(2025, 6, 12)
    assert list(first.updates.values_list("pk", flat=True)) == updates[:1]  # Q1 ends 31 March
    assert sorted(second.updates.values_list("pk", flat=True)) == updates[1:]
    change = PlanChange.objects.get(agreement=agreement, kind="periods.meetings")
    assert change.actor == vdab_coordinator

    _move(vdab_coordinator, meeting, dt.date(2025, 3, 20))
    assert _ends(agreement) == [dt.date(2025, 3, 19), dt.date(2030, 12, 31)]
    assert _updates_in_place(agreement) == updates
    # The first quarter's update was written on 7 April, after the meeting: it joins the
    # period that starts with the meeting.
    assert _counts(agreement) == [0, 4]

    _plan(vdab_coordinator, body, dt.date(2025, 9, 18))
    assert _ends(agreement) == [dt.date(2025, 3, 19), dt.date(2025, 9, 17), dt.date(2030, 12, 31)]
    assert _counts(agreement) == [0, 2, 2]
    assert _updates_in_place(agreement) == updates

    meeting.refresh_from_db()
    services.meeting_cancel(actor=vdab_coordinator, meeting=meeting)
    assert _ends(agreement) == [dt.date(2025, 9, 17), dt.date(2030, 12, 31)]
    assert _counts(agreement) == [2, 2]
    assert _updates_in_place(agreement) == updates
    assert PlanChange.objects.filter(agreement=agreement, kind="periods.meetings").count() == 4


def test_cancelling_the_only_meeting_brings_back_the_quarters(agreement, vdab_coordinator):
    updates = _updates_in_place(agreement)
    meeting = _plan(vdab_coordinator, BodyFactory(agreement=agreement), dt.date(2025, 6, 19))
    assert _counts(agreement) == [1, 3]
    services.meeting_cancel(actor=vdab_coordinator, meeting=meeting)
    assert agreement.reporting_periods.count() == 40
    assert agreement.reporting_periods.first().label == "2021 Q1"
    assert _updates_in_place(agreement) == updates
    # Once in the long periods, an update is placed by the day it was written: one per
    # quarter, none piled up at the end of the agreement.
    holding = agreement.reporting_periods.filter(updates__isnull=False)
    assert list(holding.values_list("label", flat=True)) == [
        "2025 Q2",
        "2025 Q3",
        "2025 Q4",
        "2026 Q1",
    ]
    assert [p.updates.count() for p in holding] == [1, 1, 1, 1]


def test_a_change_of_time_on_the_same_day_leaves_the_periods_alone(agreement, vdab_coordinator):
    meeting = _plan(vdab_coordinator, BodyFactory(agreement=agreement), dt.date(2025, 6, 19))
    periods = list(agreement.reporting_periods.values_list("pk", "start_date", "end_date"))
    changes = PlanChange.objects.count()
    moved = _move(vdab_coordinator, meeting, dt.date(2025, 6, 19), hour=9)
    assert moved.sequence == 1
    assert list(agreement.reporting_periods.values_list("pk", "start_date", "end_date")) == periods
    assert PlanChange.objects.count() == changes


@pytest.mark.parametrize("kind", ["political", "working_group"])
def test_meetings_of_other_bodies_change_no_period(agreement, vdab_coordinator, kind):
    body = BodyFactory(agreement=agreement, **{kind: True})
    periods = list(agreement.reporting_periods.values_list("pk", "start_date", "end_date"))
    changes = PlanChange.objects.count()
    meeting = _plan(vdab_coordinator, body, dt.date(2025, 6, 19))
    _move(vdab_coordinator, meeting, dt.date(2025, 5, 15))
    services.meeting_cancel(actor=vdab_coordinator, meeting=meeting)
    assert list(agreement.reporting_periods.values_list("pk", "start_date", "end_date")) == periods
    assert PlanChange.objects.count() == changes


def test_with_the_basis_quarters_meetings_change_no_period(agreement, vdab_coordinator):
    results_services.reporting_period_basis_set(
        actor=vdab_coordinator, agreement=agreement, basis=PeriodBasis.QUARTERS
    )
    changes = PlanChange.objects.count()
    _plan(vdab_coordinator, BodyFactory(agreement=agreement), dt.date(2025, 6, 19))
    assert agreement.reporting_periods.count() == 40
    assert PlanChange.objects.count() == changes


def test_a_failure_in_the_periods_leaves_no_meeting_behind(
    agreement, vdab_coordinator, monkeypatch
):
    def broken(**kwargs):
        raise ValidationError("periods")

    monkeypatch.setattr(results_services, "reporting_periods_sync", broken)
    body = BodyFactory(agreement=agreement)
    with pytest.raises(ValidationError):
        _plan(vdab_coordinator, body, dt.date(2025, 6, 19))
    assert not Meeting.objects.exists()
    assert not AuditEvent.objects.filter(action="meeting.planned").exists()
    meeting = MeetingFactory(body=body, starts_at=at(2025, 6, 19))
    with pytest.raises(ValidationError):
        services.meeting_cancel(actor=vdab_coordinator, meeting=meeting)
    meeting.refresh_from_db()
    assert (meeting.status, meeting.sequence) == ("planned", 0)
    assert agreement.reporting_periods.count() == 40


def test_an_ended_agreement_keeps_its_periods_and_updates(vdab_coordinator):
    """Its progress is final: updates are refused, and a meeting recorded or moved afterwards
    does not shift the rounds its updates were given for."""
    agreement = AgreementFactory(start_date=dt.date(2021, 3, 1), end_date=dt.date(2025, 12, 31))
    results_services.reporting_periods_sync(agreement=agreement)
    update = ProgressUpdateFactory(
        action=ActionFactory(domain__theme__agreement=agreement),
        period=agreement.reporting_periods.get(start_date=dt.date(2025, 4, 1)),
    )
    periods = list(ReportingPeriod.objects.filter(agreement=agreement).values_list("pk", flat=True))
    changes = PlanChange.objects.count()
    meeting = _plan(vdab_coordinator, BodyFactory(agreement=agreement), dt.date(2025, 6, 19))
    _move(vdab_coordinator, meeting, dt.date(2025, 5, 15))
    assert list(agreement.reporting_periods.values_list("pk", flat=True)) == periods
    assert PlanChange.objects.count() == changes
    update.refresh_from_db()
    assert update.period.start_date == dt.date(2025, 4, 1)
