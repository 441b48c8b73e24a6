"""Own registrations: indicators that other modules compute from their own records.

Referrals, wijk-werken, temporary work experience (art. 60) and vacancies publish the figures
they keep (principle 10: make the cooperation measurable). A module publishes an
``OwnRegistration`` from its AppConfig.ready(); the indicators app stores the values it
computes as observations with the source "own registration".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class OwnValue:
    """One computed figure: for a municipality (NIS code) or for the whole agreement (None)."""

    nis_code: str | None
    period_start: dt.date
    value: Decimal | int
    disaggregation: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class OwnRegistration:
    code: str
    name_nl: str
    name_en: str
    unit: str  # "count", "percentage", "rate_per_1000", "euro" or "days"
    periodicity: str  # "month", "quarter" or "year"
    compute: Callable[[dt.date, dt.date], Iterable[OwnValue]]
    description: str = ""


_published: dict[str, OwnRegistration] = {}


def publish(registration: OwnRegistration) -> None:
    """Make a module's indicator known; publishing the same code twice is a mistake."""
    existing = _published.get(registration.code)
    if existing is not None and existing != registration:
        raise ValueError(f"Own registration {registration.code} is published twice.")
    _published[registration.code] = registration


def published() -> list[OwnRegistration]:
    return sorted(_published.values(), key=lambda r: r.code)
