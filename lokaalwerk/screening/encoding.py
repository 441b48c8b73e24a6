"""Encoding a partner's list into tokens, on the partner's own machine (actions 1.1 and 1.2).

The joint screening may not pool raw lists, so every partner turns its list into tokens with a
secret that the partners share and the platform never sees (docs/adr/0081-...):

- a keyed hash (HMAC-SHA256) of the normalised national register number, when it is known;
- a Bloom-filter encoding (a cryptographic long-term key, CLK) of the bigrams of the first name,
  last name and birth date, for linking records that lack the number or carry a typo elsewhere.

First and last names are hashed with the same key, so a list that swaps them yields the same
bits. Each bigram sets ``k`` bits chosen by double hashing over one HMAC digest; the bit masks of
a bigram are remembered, which keeps encoding fast in pure Python.
"""

from __future__ import annotations

import base64
import csv
import datetime as dt
import hashlib
import hmac
import io
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from lokaalwerk.referrals.insz import validate_national_number

TOKEN_FORMAT = "lokaalwerk.screening.tokens"  # noqa: S105 - a format name, not a secret
TOKEN_VERSION = 1

#: Filter length and bits per bigram; the reasons are in docs/adr/0081.
BLOOM_BITS = 1024
NAME_HASHES = 15
DATE_HASHES = 20
MIN_SECRET_BYTES = 16

REQUIRED_COLUMNS = ("record_id", "insz", "first_name", "last_name", "birth_date")
_KEY_CONTEXT = b"lokaalwerk/screening/v1/"
_NOT_LETTERS = re.compile(r"[^a-z ]+")
_SPACES = re.compile(r"\s+")


class EncodingError(ValueError):
    """A list or secret that cannot be encoded; the message names the row."""


@dataclass(frozen=True)
class Person:
    record_id: str
    insz: str
    first_name: str
    last_name: str
    birth_date: dt.date


def derive_key(secret: bytes, label: str) -> bytes:
    """One key per purpose from the shared secret (an HKDF-expand step with one block)."""
    return hmac.new(secret, _KEY_CONTEXT + label.encode() + b"\x01", hashlib.sha256).digest()


def read_secret(path: str | Path) -> bytes:
    try:
        secret = Path(path).read_bytes().strip()
    except OSError as exc:
        raise EncodingError(f"Cannot read the secret file {path}: {exc.strerror}.") from exc
    if len(secret) < MIN_SECRET_BYTES:
        raise EncodingError(
            f"The secret file holds {len(secret)} bytes; use at least {MIN_SECRET_BYTES} "
            "random bytes shared by the partners only."
        )
    return secret


def normalise_name(value: str) -> str:
    """Lower case, without accents, punctuation or double spaces: "Şahin-Öz" -> "sahin oz"."""
    decomposed = unicodedata.normalize("NFKD", value.casefold().replace("ı", "i"))
    letters = "".join(c for c in decomposed if not unicodedata.combining(c))
    letters = letters.replace("ß", "ss").replace("ø", "o").replace("ł", "l").replace("đ", "d")
    return _SPACES.sub(" ", _NOT_LETTERS.sub(" ", letters)).strip()


def name_bigrams(value: str) -> set[str]:
    """Bigrams of every word, padded so that first and last letters count as much."""
    grams: set[str] = set()
    for word in normalise_name(value).split():
        padded = f"_{word}_"
        grams.update(padded[i : i + 2] for i in range(len(padded) - 1))
    return grams


def date_bigrams(value: dt.date) -> set[str]:
    digits = value.strftime("%Y%m%d")
    return {f"{i}{digits[i : i + 2]}" for i in range(len(digits) - 1)}


class Encoder:
    """Turns people into tokens with one shared secret; never stores the secret elsewhere."""

    def __init__(self, secret: bytes, *, bits: int = BLOOM_BITS) -> None:
        self.bits = bits
        self._insz_key = derive_key(secret, "insz")
        self._name_key = derive_key(secret, "name")
        self._date_key = derive_key(secret, "date")
        self.key_check = hmac.new(
            derive_key(secret, "check"), b"key check", hashlib.sha256
        ).hexdigest()[:16]
        self._masks: dict[tuple[bytes, str], int] = {}

    def _mask(self, key: bytes, gram: str, hashes: int) -> int:
        cached = self._masks.get((key, gram))
        if cached is None:
            digest = hmac.new(key, gram.encode(), hashlib.sha256).digest()
            first = int.from_bytes(digest[:8], "big")
            # An odd step visits every position of a power-of-two filter.
            step = int.from_bytes(digest[8:16], "big") | 1
            cached = 0
            for i in range(hashes):
                cached |= 1 << ((first + i * step) % self.bits)
            self._masks[(key, gram)] = cached
        return cached

    def clk(self, first_name: str, last_name: str, birth_date: dt.date) -> int:
        value = 0
        for gram in name_bigrams(first_name) | name_bigrams(last_name):
            value |= self._mask(self._name_key, gram, NAME_HASHES)
        for gram in date_bigrams(birth_date):
            value |= self._mask(self._date_key, gram, DATE_HASHES)
        return value

    def insz_token(self, insz: str) -> str | None:
        return hmac.new(self._insz_key, insz.encode(), hashlib.sha256).hexdigest() if insz else None

    def encode(self, people: Iterable[Person]) -> dict[str, Any]:
        """The token file: ids, keyed register-number hashes and CLKs, no raw identifier."""
        width = self.bits // 8
        records = [
            {
                "id": person.record_id,
                "insz": self.insz_token(person.insz),
                "clk": base64.b64encode(
                    self.clk(person.first_name, person.last_name, person.birth_date).to_bytes(
                        width, "big"
                    )
                ).decode("ascii"),
            }
            for person in people
        ]
        return {
            "format": TOKEN_FORMAT,
            "version": TOKEN_VERSION,
            "encoding": {
                "bloom_bits": self.bits,
                "ngram": 2,
                "name_hashes": NAME_HASHES,
                "date_hashes": DATE_HASHES,
                "hash": "hmac-sha256",
                "key_check": self.key_check,
            },
            "records": records,
        }


def _row_person(number: int, row: dict[str, str], seen: set[str]) -> Person:
    record_id = (row.get("record_id") or "").strip()
    if not record_id:
        raise EncodingError(f"Row {number}: record_id is empty.")
    if record_id in seen:
        raise EncodingError(f"Row {number}: record_id {record_id!r} occurs twice.")
    raw_date = (row.get("birth_date") or "").strip()
    try:
        birth_date = dt.date.fromisoformat(raw_date)
    except ValueError as exc:
        raise EncodingError(
            f"Row {number}: birth_date {raw_date!r} is not a date (use YYYY-MM-DD)."
        ) from exc
    insz = ""
    if (row.get("insz") or "").strip():
        try:
            insz = validate_national_number(row["insz"].strip())
        except ValidationError as exc:
            raise EncodingError(
                f"Row {number}: the national register number is not valid ({exc.messages[0]})"
            ) from exc
        if re.sub(r"\D", "", record_id) == insz:
            raise EncodingError(
                f"Row {number}: record_id is the national register number; "
                "use an id of your own so that the number never leaves your organisation."
            )
    first_name, last_name = row.get("first_name") or "", row.get("last_name") or ""
    if not normalise_name(first_name) and not normalise_name(last_name):
        raise EncodingError(f"Row {number}: both first_name and last_name are empty.")
    return Person(record_id, insz, first_name, last_name, birth_date)


def read_people(text: str) -> Iterator[Person]:
    """The people in a CSV list (header row first); row numbers count the header as row 1."""
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    header = [name.strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise EncodingError(f"The header lacks the column(s): {', '.join(missing)}.")
    reader.fieldnames = header
    seen: set[str] = set()
    for number, row in enumerate(reader, start=2):
        person = _row_person(number, row, seen)
        seen.add(person.record_id)
        yield person


def encode_csv(text: str, secret: bytes) -> dict[str, Any]:
    """Encode a whole list, all or nothing: the first bad row stops it."""
    people = list(read_people(text))
    if not people:
        raise EncodingError("The list holds no records.")
    return Encoder(secret).encode(people)
