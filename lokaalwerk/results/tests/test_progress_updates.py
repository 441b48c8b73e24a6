import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lokaalwerk.agreements.models import PlanChange
from lokaalwerk.audit.models import AuditEvent
from lokaalwerk.results import services
from lokaalwerk.results.constants import ApprovalState, ProgressStatus
from lokaalwerk.results.models import ProgressUpdate
from lokaalwerk.results.selectors import latest_status_by_action
from lokaalwerk.results.services import ResultsError

from .conftest import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _create(plan, period, actor, **values):
    defaults = {"status": ProgressStatus.ON_TRACK, "progress": 40, "today": TODAY}
    return services.progress_update_create(
        actor=actor, action=plan.actions.get(code="1.1"), period=period, **{**defaults, **values}
    )


def test_an_update_waits_for_approval_and_is_recorded_in_the_plan_history(
    plan, period, city_caseworker
):
    update = _create(plan, period, city_caseworker, narrative="Gestart met de pop-up.")
    assert update.approval == ApprovalState.PENDING
    change = PlanChange.objects.get(kind="progress.updated")
    assert (change.actor, change.action.code) == (city_caseworker, "1.1")
    assert change.changes["status"] == [None, "on_track"]
    assert change.changes["progress"] == [None, 40]
    assert AuditEvent.objects.filter(action="progress_update.created").count() == 1
    assert latest_status_by_action(agreement=plan, public_only=True) == {}
    latest = latest_status_by_action(agreement=plan)[update.action_id]
    assert (latest["status"], latest["progress"], latest["period"]) == ("on_track", 40, "2025 Q2")


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"progress": 101}, "progress"),
        ({"progress": -1}, "progress"),
        ({"progress": "veel"}, "progress"),
        ({"status": ProgressStatus.OFF_TRACK, "note": ""}, "note"),
        ({"status": ProgressStatus.AT_RISK, "note": "  "}, "note"),
        ({"status": "great"}, "status"),
    ],
)
def test_bad_input_is_refused_with_an_error_on_its_field_and_changes_nothing(
    plan, period, city_caseworker, values, field
):
    with pytest.raises(ResultsError) as error:
        _create(plan, period, city_caseworker, **values)
    assert field in error.value.message_dict
    assert ProgressUpdate.objects.count() == 0
    assert PlanChange.objects.filter(kind="progress.updated").count() == 0


def test_an_off_track_update_with_a_note_is_accepted(plan, period, city_caseworker):
    update = _create(
        plan, period, city_caseworker, status=ProgressStatus.OFF_TRACK, note="Partner haakte af"
    )
    assert update.note == "Partner haakte af"


def test_an_ended_agreement_takes_no_more_updates(plan, period, city_caseworker):
    with pytest.raises(ResultsError) as error:
        _create(plan, period, city_caseworker, today=dt.date(2041, 2, 1))
    assert "2040-12-31" in error.value.message_dict["__all__"][0]
    assert ProgressUpdate.objects.count() == 0


def test_a_period_of_another_agreement_or_in_the_future_is_refused(plan, city_caseworker):
    future = plan.reporting_periods.get(start_date=dt.date(2025, 10, 1))
    with pytest.raises(ResultsError) as error:
        _create(plan, future, city_caseworker)
    assert "period" in error.value.message_dict


def test_evidence_is_type_checked(plan, period, city_caseworker):
    fake_pdf = SimpleUploadedFile("bewijs.pdf", b"MZ\x90\x00 not a pdf")
    with pytest.raises(ResultsError) as error:
        _create(plan, period, city_caseworker, evidence_file=fake_pdf)
    assert error.value.message_dict["evidence_file"] == [
        "The file's content does not match its name."
    ]
    script = SimpleUploadedFile("bewijs.exe", b"MZ\x90\x00")
    with pytest.raises(ResultsError):
        _create(plan, period, city_caseworker, evidence_file=script)
    real = SimpleUploadedFile("verslag.pdf", b"%PDF-1.4\n%...")
    update = _create(plan, period, city_caseworker, evidence_file=real)
    assert update.evidence_file.name.endswith(".pdf")


def test_evidence_over_20_mb_is_refused(plan, period, city_caseworker):
    big = SimpleUploadedFile("groot.txt", b"a" * (20 * 1024 * 1024 + 1))
    with pytest.raises(ResultsError) as error:
        _create(plan, period, city_caseworker, evidence_file=big)
    assert error.value.message_dict["evidence_file"] == [
        "The file is larger than 20 MB; nothing was read."
    ]


def test_unchanged_since_last_update_repeats_the_latest_in_one_call(
    plan, period, previous_period, city_caseworker
):
    _create(
        plan,
        previous_period,
        city_caseworker,
        status=ProgressStatus.AT_RISK,
        progress=55,
        note="Wachtlijst",
    )
    again = services.progress_update_unchanged(
        actor=city_caseworker, action=plan.actions.get(code="1.1"), period=period, today=TODAY
    )
    assert (again.status, again.progress, again.note, again.unchanged) == (
        "at_risk",
        55,
        "Wachtlijst",
        True,
    )
    assert again.period == period
    assert PlanChange.objects.filter(kind="progress.unchanged").count() == 1


def test_unchanged_needs_an_earlier_update(plan, period, city_caseworker):
    with pytest.raises(ResultsError):
        services.progress_update_unchanged(
            actor=city_caseworker, action=plan.actions.get(code="1.1"), period=period, today=TODAY
        )


def test_a_coordinator_approves_and_the_update_becomes_public(
    plan, period, city_caseworker, city_coordinator
):
    update = _create(plan, period, city_caseworker)
    services.progress_update_review(actor=city_coordinator, update=update, approve=True)
    assert (
        latest_status_by_action(agreement=plan, public_only=True)[update.action_id]["update_id"]
        == update.pk
    )
    assert PlanChange.objects.filter(kind="progress.approved", actor=city_coordinator).exists()
    with pytest.raises(ResultsError):
        services.progress_update_review(actor=city_coordinator, update=update, approve=True)


def test_returning_an_update_needs_a_reason_and_hides_it_from_the_latest(
    plan, period, previous_period, city_caseworker, city_coordinator
):
    first = _create(plan, previous_period, city_caseworker, progress=20)
    second = _create(plan, period, city_caseworker, progress=90)
    with pytest.raises(ResultsError) as error:
        services.progress_update_review(actor=city_coordinator, update=second, approve=False)
    assert "review_note" in error.value.message_dict
    services.progress_update_review(
        actor=city_coordinator, update=second, approve=False, note="90% klopt niet"
    )
    assert latest_status_by_action(agreement=plan)[first.action_id]["update_id"] == first.pk


def test_without_approval_required_updates_are_public_at_once(
    plan, period, city_caseworker, city_coordinator
):
    services.publication_update(
        actor=city_coordinator,
        agreement=plan,
        published=True,
        show_progress=True,
        show_narrative=False,
        show_owners=False,
        approval_required=False,
    )
    update = _create(plan, period, city_caseworker)
    assert update.approval == ApprovalState.APPROVED
