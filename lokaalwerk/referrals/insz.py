"""The Belgian national register number (rijksregisternummer, INSZ).

Eleven digits: birth date YYMMDD, a serial number (odd for men, even for women) and a check
number. The check is 97 - (the first nine digits mod 97); for people born from 2000 onwards the
digit 2 is put in front of those nine digits first. A bis number (for people not in the
register) adds 20 or 40 to the month. Only the structure and the check are verified here; the
register itself is not consulted.
"""

from __future__ import annotations

import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEPARATORS = re.compile(r"[\s.\-/]")


def normalise(value: str) -> str:
    """Strip the dots, dashes and spaces people write between the groups."""
    return _SEPARATORS.sub("", value or "")


def _check(body: str) -> int:
    return 97 - (int(body) % 97)


def birth_century(number: str) -> int | None:
    """1900 or 2000 when the check number fits that century, None when it fits neither."""
    body, check = number[:9], int(number[9:])
    if _check(body) == check:
        return 1900
    if _check("2" + body) == check:
        return 2000
    return None


def birth_date(number: str) -> dt.date | None:
    """The birth date written in a valid number, or None when it is not fully known."""
    number = normalise(number)
    century = birth_century(number) if re.fullmatch(r"\d{11}", number) else None
    if century is None:
        return None
    month = int(number[2:4])
    if month > 40:
        month -= 40
    elif month > 20:
        month -= 20
    try:
        return dt.date(century + int(number[:2]), month, int(number[4:6]))
    except ValueError:
        return None


def validate_national_number(value: str) -> str:
    """Return the eleven digits of a valid number; raise ValidationError otherwise."""
    number = normalise(value)
    if not re.fullmatch(r"\d{11}", number):
        raise ValidationError(_("A national register number has 11 digits."), code="insz_length")
    if birth_century(number) is None:
        raise ValidationError(
            _("This national register number is not valid: the check number does not match."),
            code="insz_checksum",
        )
    month = int(number[2:4]) % 20
    if month > 12 or int(number[4:6]) > 31:
        raise ValidationError(
            _("This national register number does not hold a possible birth date."),
            code="insz_date",
        )
    return number


def validate_matches_birth_date(number: str, born: dt.date | None) -> None:
    """A number whose birth date is fully written must agree with the recorded birth date."""
    written = birth_date(number)
    if born and written and written != born:
        raise ValidationError(
            _("The national register number does not match the birth date."),
            code="insz_birth_date",
        )


def format_national_number(number: str) -> str:
    """YY.MM.DD-SSS.CC, the way it is printed on an identity card."""
    n = normalise(number)
    if len(n) != 11:
        return number
    return f"{n[:2]}.{n[2:4]}.{n[4:6]}-{n[6:9]}.{n[9:]}"
