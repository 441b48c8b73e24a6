import datetime as dt

import pytest

from lokaalwerk.referrals.holidays import (
    add_working_days,
    belgian_public_holidays,
    easter_sunday,
    is_working_day,
)


@pytest.mark.parametrize(
    ("year", "easter"),
    [(2024, dt.date(2024, 3, 31)), (2025, dt.date(2025, 4, 20)), (2026, dt.date(2026, 4, 5))],
)
def test_easter(year, easter):
    assert easter_sunday(year) == easter


def test_holidays_2025():
    holidays = belgian_public_holidays(2025)
    assert dt.date(2025, 4, 21) in holidays  # Easter Monday
    assert dt.date(2025, 5, 29) in holidays  # Ascension
    assert dt.date(2025, 6, 9) in holidays  # Whit Monday
    assert dt.date(2025, 7, 21) in holidays
    assert len(holidays) == 10


def test_five_working_days_skip_weekend_and_holidays():
    # Thursday 17 April 2025 + 5 working days: Fri 18, (weekend), Easter Monday is off,
    # Tue 22, Wed 23, Thu 24, Fri 25.
    assert add_working_days(dt.date(2025, 4, 17), 5) == dt.date(2025, 4, 25)
    assert not is_working_day(dt.date(2025, 11, 11))
    assert add_working_days(dt.date(2025, 12, 24), 1) == dt.date(2025, 12, 26)
