"""Background jobs of the catalogue, run by the django-tasks worker (or the commands)."""

from __future__ import annotations

from django_tasks import task

from . import services


@task()
def flag_stale_directory_entries() -> int:
    """Action 2.1: remind owners of directory entries nobody checked for months."""
    return len(services.directory_entries_flag_stale())


@task()
def send_vacancy_digest() -> int:
    """Action 3.1: the weekly digest of open social-economy vacancies; expired ones are
    flagged first so they never reach a worker."""
    services.vacancies_flag_expired()
    return services.vacancy_digest_send()


@task()
def vacancies_import_job(job_id: str) -> str:
    """Action 3.1: a vacancy list too large to import within the request."""
    return services.vacancies_import_job_run(job_id=job_id)
