"""Jobs go through django-tasks' database backend and a worker runs them."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks import task_backends
from django_tasks_db.models import DBTaskResult

from lokaalwerk.core.tasks import send_email

pytestmark = pytest.mark.django_db


@pytest.fixture
def database_backend(settings):
    """The production backend; changing the setting resets django-tasks' backends."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def test_a_queued_mail_waits_for_the_worker_and_is_then_sent(database_backend, monkeypatch):
    # The worker recycles its connections between jobs; the test's transaction must survive.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    result = send_email.enqueue(subject="Herinnering", body="Tekst", to=["a@example.invalid"])
    assert DBTaskResult.objects.filter(id=result.id, status="READY").exists()
    assert mail.outbox == []
    call_command("db_worker", "--batch", "--queue-name", "*", "--no-reload")
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert [m.subject for m in mail.outbox] == ["Herinnering"]


def test_under_tests_jobs_run_at_once():
    assert type(task_backends["default"]).__name__ == "ImmediateBackend"
    send_email.enqueue(subject="Direct", body="", to=["b@example.invalid"])
    assert [m.subject for m in mail.outbox] == ["Direct"]
