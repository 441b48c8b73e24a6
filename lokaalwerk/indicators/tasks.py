"""Background jobs of the indicators app (django-tasks on the database backend)."""

import datetime as dt

from django.utils import timezone
from django_tasks import task

from . import services


@task()
def own_registrations_refresh_task(months: int = 24) -> dict:
    """Recompute every published own registration for the last ``months`` months."""
    end = timezone.localdate()
    start = dt.date(end.year - (months // 12) - 1, end.month, 1)
    return services.own_registrations_refresh(actor=None, start=start, end=end).as_dict()


@task()
def aggregates_refresh_task(indicator_ids: list[int]) -> int:
    """Sum the imported counts into the groups and reference regions."""
    return services.aggregates_refresh(indicator_ids=indicator_ids)


@task()
def observations_import_job(job_id: str) -> str:
    """An uploaded export too large to read within the request (docs/adr/0091)."""
    return services.observations_import_job_run(job_id=job_id)
