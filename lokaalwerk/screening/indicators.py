"""The screening's counts as youth indicators (action 1.2: "de cijfers van de jongeren worden in
de stuurgroep regelmatig bekeken"; principle 10: make the cooperation measurable).

Per year, over all partners' lists: how many records were screened, and how many young
people no other partner knew. Counts from 1 to 4 are left out, as on the counts page,
and so are list sizes when they would give away a suppressed overlap. They come from the
counts a round keeps after closing, so they hold after the tokens are gone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from lokaalwerk.indicators.registry import OwnRegistration, OwnValue, publish

from .constants import SMALL_NUMBER


def _values(start: dt.date, end: dt.date, key: str) -> Iterable[OwnValue]:
    from .models import ScreeningRound

    rounds = ScreeningRound.objects.filter(
        year__gte=start.year, year__lte=end.year, linked_at__isnull=False
    ).order_by("year", "pk")
    totals: dict[int, int] = {}
    for screening_round in rounds:
        pairs = [row["both"] for row in screening_round.counts.get("pairs", [])]
        if key == "records" and any(0 < both < SMALL_NUMBER for both in pairs):
            # The lists' size minus "only here" would give away a suppressed overlap.
            continue
        lists = screening_round.counts.get("lists", [])
        totals[screening_round.year] = totals.get(screening_round.year, 0) + sum(
            row.get(key, 0) for row in lists
        )
    for year, value in sorted(totals.items()):
        if value >= SMALL_NUMBER:
            yield OwnValue(nis_code=None, period_start=dt.date(year, 1, 1), value=value)


def _screened(start: dt.date, end: dt.date) -> Iterable[OwnValue]:
    return _values(start, end, "records")


def _not_found_elsewhere(start: dt.date, end: dt.date) -> Iterable[OwnValue]:
    return _values(start, end, "only_here")


REGISTRATIONS = [
    OwnRegistration(
        code="screening.young_people_screened",
        name_nl="Jongeren in de gezamenlijke screening",
        name_en="Young people in the joint screening",
        unit="count",
        periodicity="year",
        compute=_screened,
        description="Records the partners brought into the year's joint screening "
        "(a young person on two lists counts twice).",
    ),
    OwnRegistration(
        code="screening.not_known_elsewhere",
        name_nl="Jongeren die geen andere partner kent",
        name_en="Young people no other partner knows",
        unit="count",
        periodicity="year",
        compute=_not_found_elsewhere,
        description="Young people on one partner's list only in the joint screening: "
        "those who disappear from the radar.",
    ),
]


def publish_all() -> None:
    for registration in REGISTRATIONS:
        publish(registration)
