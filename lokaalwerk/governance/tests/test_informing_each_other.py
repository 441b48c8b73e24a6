import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from lokaalwerk.governance import selectors
from lokaalwerk.governance.constants import AgendaItemKind, FollowUpStatus
from lokaalwerk.results.models import ProgressUpdate, ReportingPeriod

from .factories import ActionFactory, BodyFactory, FollowUpFactory, MeetingFactory, at

pytestmark = pytest.mark.django_db


@pytest.fixture
def steering(vdab):
    body = BodyFactory(convenor=vdab)
    previous = MeetingFactory(body=body, starts_at=at(2026, 3, 16), ends_at=at(2026, 3, 16, 16))
    start = timezone.now() + dt.timedelta(days=3)
    upcoming = MeetingFactory(body=body, starts_at=start, ends_at=start + dt.timedelta(hours=2))
    return body, previous, upcoming


def test_reports_open_follow_ups_and_flagged_actions_are_proposed(steering):
    body, previous, upcoming = steering
    group = BodyFactory(working_group=True, agreement=body.agreement, reports_to=body)
    report = MeetingFactory(
        body=group,
        starts_at=at(2026, 5, 4, 10),
        ends_at=at(2026, 5, 4, 12),
        report="Instroom daalt.",
    )
    MeetingFactory(
        body=group, starts_at=at(2026, 2, 4, 10), ends_at=at(2026, 2, 4, 12), report="Oud."
    )
    open_item = FollowUpFactory(meeting=previous, due_date=dt.date(2026, 4, 1))
    FollowUpFactory(meeting=previous, status=FollowUpStatus.DONE)
    action = ActionFactory(domain__theme__agreement=body.agreement)
    period = ReportingPeriod.objects.create(
        agreement=body.agreement,
        label="K1",
        start_date=dt.date(2026, 1, 1),
        end_date=dt.date(2026, 3, 31),
        due_date=dt.date(2099, 1, 1),
    )
    ProgressUpdate.objects.create(action=action, period=period, status="at_risk", progress=10)

    proposed = selectors.proposed_agenda_items(meeting=upcoming)
    assert [(p.kind, p.report_meeting, p.follow_up, p.action_id) for p in proposed] == [
        (AgendaItemKind.REPORT, report, None, None),
        (AgendaItemKind.FOLLOW_UP, None, open_item, None),
        (AgendaItemKind.ACTION, None, None, action.pk),
    ]
    assert proposed[1].reason == "Opvolgpunt te laat"


def test_accepting_a_proposal_puts_it_on_the_agenda_once(client, steering, vdab_coordinator):
    body, previous, upcoming = steering
    follow_up = FollowUpFactory(meeting=previous)
    client.force_login(vdab_coordinator)
    url = reverse("governance:agenda-accept", args=[upcoming.pk])
    client.post(url, {"proposal": f"follow_up-{follow_up.pk}"})
    (item,) = upcoming.agenda_items.all()
    assert (item.kind, item.follow_up) == (AgendaItemKind.FOLLOW_UP, follow_up)
    assert selectors.proposed_agenda_items(meeting=upcoming) == []
    client.post(url, {"proposal": f"follow_up-{follow_up.pk}"})
    assert upcoming.agenda_items.count() == 1
