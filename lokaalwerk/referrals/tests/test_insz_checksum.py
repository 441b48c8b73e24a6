import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from lokaalwerk.referrals import insz


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("85.07.30-033.28", dt.date(1985, 7, 30)),
        ("85073003328", dt.date(1985, 7, 30)),
        ("00010100105", dt.date(2000, 1, 1)),
        ("07 04 12 345 81", dt.date(2007, 4, 12)),
    ],
)
def test_valid_numbers_before_and_after_2000(number, born):
    assert insz.validate_national_number(number) == insz.normalise(number)
    assert insz.birth_date(number) == born


def test_a_born_after_2000_number_fails_the_old_check():
    # 00010100173 passes the pre-2000 check: it is a person born on 1 January 1900.
    assert insz.birth_date("00010100173") == dt.date(1900, 1, 1)
    assert insz.birth_century("00010100105") == 2000


@pytest.mark.parametrize(
    ("number", "code"),
    [
        ("8507300332", "insz_length"),
        ("85073003329", "insz_checksum"),
        ("abcdefghijk", "insz_length"),
        ("85133003304", "insz_date"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(number, code):
    if code == "insz_date":
        body = number[:9]
        number = body + f"{97 - int(body) % 97:02d}"
    with pytest.raises(ValidationError) as info:
        insz.validate_national_number(number)
    assert info.value.code == code


def test_bis_number_month_is_read():
    body = "852730033"  # month 07 + 20: a bis number
    number = body + f"{97 - int(body) % 97:02d}"
    assert insz.birth_date(number) == dt.date(1985, 7, 30)


def test_number_must_match_the_birth_date():
    with pytest.raises(ValidationError):
        insz.validate_matches_birth_date("85073003328", dt.date(1985, 7, 31))
    insz.validate_matches_birth_date("85073003328", dt.date(1985, 7, 30))


def test_format():
    assert insz.format_national_number("85073003328") == "85.07.30-033.28"
