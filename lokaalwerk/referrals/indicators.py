"""Own-registration indicators of referrals (principle 10: make the cooperation measurable).

The registry passes a period as its first and last day (both included). Computed from
referral states, reasons, outcomes and dates only: no client is read, so the
figures hold after retention has pseudonymised the referrals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from lokaalwerk.indicators.registry import OwnRegistration, OwnValue, publish

from .constants import Outcome, ReferralReason


def _sent_by_reason(start: dt.date, end: dt.date) -> Iterable[OwnValue]:
    from .selectors import referral_statistics

    stats = referral_statistics(start=start, end=end + dt.timedelta(days=1))
    for reason in ReferralReason:
        yield OwnValue(
            nis_code=None,
            period_start=start,
            value=stats["by_reason"].get(reason.value, 0),
            disaggregation={"reason": reason.value},
        )


def _completed_by_outcome(start: dt.date, end: dt.date) -> Iterable[OwnValue]:
    from .selectors import referral_statistics

    stats = referral_statistics(start=start, end=end + dt.timedelta(days=1))
    for outcome in Outcome:
        yield OwnValue(
            nis_code=None,
            period_start=start,
            value=stats["by_outcome"].get(outcome.value, 0),
            disaggregation={"outcome": outcome.value},
        )


def _median_response(start: dt.date, end: dt.date) -> Iterable[OwnValue]:
    from .selectors import referral_statistics

    median = referral_statistics(start=start, end=end + dt.timedelta(days=1))[
        "median_response_working_days"
    ]
    if median is not None:
        yield OwnValue(nis_code=None, period_start=start, value=Decimal(median))


REGISTRATIONS = [
    OwnRegistration(
        code="referrals.sent_by_reason",
        name_nl="Doorverwijzingen per reden",
        name_en="Referrals by reason",
        unit="count",
        periodicity="month",
        compute=_sent_by_reason,
        description="Referrals sent in the month, by the action of the agreement they serve.",
    ),
    OwnRegistration(
        code="referrals.completed_by_outcome",
        name_nl="Afgeronde doorverwijzingen per resultaat",
        name_en="Completed referrals by outcome",
        unit="count",
        periodicity="month",
        compute=_completed_by_outcome,
        description="Referrals sent in the month that were completed, by outcome.",
    ),
    OwnRegistration(
        code="referrals.median_response_days",
        name_nl="Mediane reactietijd op doorverwijzingen",
        name_en="Median response time to referrals",
        unit="days",
        periodicity="month",
        compute=_median_response,
        description="Working days between sending and the receiver's answer (median).",
    ),
]


def publish_all() -> None:
    for registration in REGISTRATIONS:
        publish(registration)
