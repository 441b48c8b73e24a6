import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError

from lokaalwerk.results.models import ReminderSent
from lokaalwerk.results.tasks import send_progress_reminders

from .factories import ActionOwnerFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def owners(plan, previous_period, city_caseworker, vdab_consultant, social_house, vdab):
    """Owners of 1.1 and 2.1, both up to date for 2025 Q1."""
    for code in ("1.1", "2.1"):
        ProgressUpdateFactory(action=plan.actions.get(code=code), period=previous_period)
    return [
        ActionOwnerFactory(
            action=plan.actions.get(code="1.1"), user=city_caseworker, organisation=social_house
        ),
        ActionOwnerFactory(
            action=plan.actions.get(code="2.1"), user=vdab_consultant, organisation=vdab
        ),
    ]


def test_owners_are_reminded_before_the_due_date_once(owners, plan, period):
    ProgressUpdateFactory(action=plan.actions.get(code="2.1"), period=period)
    # 2025 Q2 updates are due on 14 July; a week before, only 1.1 still lacks one.
    assert send_progress_reminders.call(today="2025-07-08") == 1
    assert [m.to for m in mail.outbox] == [[owners[0].user.email]]
    assert "1.1" in mail.outbox[0].subject
    assert send_progress_reminders.call(today="2025-07-09") == 0


def test_overdue_updates_get_a_second_reminder(owners, plan, period):
    send_progress_reminders.call(today="2025-07-08")
    mail.outbox.clear()
    sent = send_progress_reminders.call(today="2025-07-20")
    assert sent == 2
    assert ReminderSent.objects.filter(kind="overdue", period=period).count() == 2
    assert all("1.1" in m.subject or "2.1" in m.subject for m in mail.outbox)


def test_the_command_runs_the_job_and_refuses_a_bad_date(owners, capsys):
    call_command("send-progress-reminders", "--now", "--date", "2025-07-08")
    assert "Sent 2 reminders." in capsys.readouterr().out
    call_command("send-progress-reminders", "--date", "2025-07-20")
    assert "Enqueued the reminder job" in capsys.readouterr().out
    assert len(mail.outbox) == 4  # the test backend runs enqueued jobs at once
    with pytest.raises(CommandError, match="not a date"):
        call_command("send-progress-reminders", "--date", "morgen")


def test_the_overdue_list_names_actions_without_an_update(client, owners, plan, city_coordinator):
    client.force_login(city_coordinator)
    html = client.get(f"/results/{plan.slug}/overdue/").content.decode()
    assert 'id="overdue"' in html
    for code in ("1.1", "1.2", "2.1", "3.1"):
        assert f'<span class="code">{code}</span>' in html
