"""The catalogue's own registration: open social-economy vacancies per municipality (action 3.1,
principle 10 makes the cooperation measurable)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lokaalwerk.indicators.registry import OwnRegistration, OwnValue

CODE = "catalogue.open_social_economy_vacancies"


def open_vacancies(period_start: dt.date, period_end: dt.date) -> Iterable[OwnValue]:
    """Vacancies that were open at some moment of the period (posted before its end, expiring
    after its start, not withdrawn), counted per municipality."""
    from django.db.models import Count

    from .constants import VacancyStatus
    from .models import Vacancy

    rows = (
        Vacancy.objects.filter(posted_on__lte=period_end, expires_on__gte=period_start)
        .exclude(status=VacancyStatus.WITHDRAWN)
        .values("municipality__nis_code")
        .annotate(total=Count("pk"))
        .order_by("municipality__nis_code")
    )
    return [
        OwnValue(
            nis_code=row["municipality__nis_code"], period_start=period_start, value=row["total"]
        )
        for row in rows
    ]


REGISTRATION = OwnRegistration(
    code=CODE,
    name_nl="Openstaande vacatures sociale economie",
    name_en="Open social-economy vacancies",
    unit="count",
    periodicity="month",
    compute=open_vacancies,
    description="Vacancies in the social economy that VDAB shared for the region (action 3.1).",
)
