"""Linking two partners' token lists without the key (actions 1.1 and 1.2).

First the exact matches on the keyed register-number hash; then, for the records left, the Dice
similarity of their Bloom filters above a threshold, with a one-to-one assignment (greedy by
score). Comparing every pair of two lists of 100,000 records is 10^10 comparisons, so candidate
pairs come from bit-sampling blocks (Hamming LSH): two filters meet when they agree on every bit
of one window of ``window_bits`` bits. The bit positions of a CLK are pseudo-random, so a window
of adjacent positions is as good a sample as scattered ones and costs one shift and one mask.
The parameters and the measured recall are explained in docs/adr/0081.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .encoding import TOKEN_FORMAT, TOKEN_VERSION

DEFAULT_THRESHOLD = 0.87
WINDOW_BITS = 32
WINDOW_STEP = 16
#: A window key shared by more records than this says nothing; other windows cover them.
MAX_BUCKET = 256

_HEX64 = re.compile(r"[0-9a-f]{64}")


class TokenFileError(ValueError):
    """A token file that is not what the encoder writes."""


@dataclass
class TokenSet:
    """One partner's tokens: parallel lists, cheap to hold for 100,000 records."""

    key_check: str
    bits: int
    ids: list[str] = field(default_factory=list)
    insz: list[str | None] = field(default_factory=list)
    clks: list[int] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.ids)


@dataclass(frozen=True)
class Match:
    a: int
    b: int
    score: float


def _encoding(data: Any) -> tuple[str, int]:
    if not isinstance(data, dict) or data.get("format") != TOKEN_FORMAT:
        raise TokenFileError("This is not a screening token file.")
    if data.get("version") != TOKEN_VERSION:
        raise TokenFileError(f"Token file version {data.get('version')!r} is not supported.")
    encoding = data.get("encoding") or {}
    bits = encoding.get("bloom_bits")
    if not isinstance(bits, int) or bits <= 0 or bits % 8:
        raise TokenFileError("The token file does not state a valid filter length.")
    key_check = encoding.get("key_check")
    if not isinstance(key_check, str) or not key_check:
        raise TokenFileError("The token file does not state its key check.")
    records = data.get("records")
    if not isinstance(records, list) or not records:
        raise TokenFileError("The token file holds no records.")
    return key_check, bits


def parse_tokens(data: Any) -> TokenSet:
    """Check a token file record by record; the message names the first bad record."""
    key_check, bits = _encoding(data)
    tokens = TokenSet(key_check=key_check, bits=bits)
    width = bits // 8
    seen: set[str] = set()
    for number, record in enumerate(data["records"], start=1):
        if not isinstance(record, dict):
            raise TokenFileError(f"Record {number} is not an object.")
        record_id = record.get("id")
        if not isinstance(record_id, str) or not record_id or len(record_id) > 100:
            raise TokenFileError(f"Record {number}: the id is missing or longer than 100.")
        if record_id in seen:
            raise TokenFileError(f"Record {number}: id {record_id!r} occurs twice.")
        seen.add(record_id)
        insz = record.get("insz")
        if insz is not None and not (isinstance(insz, str) and _HEX64.fullmatch(insz)):
            raise TokenFileError(f"Record {number}: the register-number token is not a hash.")
        try:
            raw = base64.b64decode(record.get("clk") or "", validate=True)
        except (binascii.Error, TypeError) as exc:
            raise TokenFileError(f"Record {number}: the Bloom filter is not base64.") from exc
        if len(raw) != width:
            raise TokenFileError(f"Record {number}: the Bloom filter is not {bits} bits long.")
        tokens.ids.append(record_id)
        tokens.insz.append(insz)
        tokens.clks.append(int.from_bytes(raw, "big"))
    return tokens


def _exact(a: TokenSet, b: TokenSet, used_a: bytearray, used_b: bytearray) -> list[Match]:
    by_token: dict[str, int] = {}
    for j, token in enumerate(b.insz):
        if token is not None:
            by_token.setdefault(token, j)
    matches = []
    for i, token in enumerate(a.insz):
        j = by_token.get(token) if token is not None else None
        if j is not None and not used_b[j]:
            used_a[i] = used_b[j] = 1
            matches.append(Match(i, j, 1.0))
    return matches


def _windows(bits: int, width: int, step: int) -> list[int]:
    return list(range(0, bits - width + 1, step))


def _candidates(
    a: TokenSet,
    b: TokenSet,
    rest_a: list[int],
    rest_b: list[int],
    threshold: float,
    window_bits: int,
) -> dict[int, float]:
    """Scores of the pairs that meet in some window and reach the threshold."""
    mask = (1 << window_bits) - 1
    n_b = len(b)
    ones_a = {i: a.clks[i].bit_count() for i in rest_a}
    ones_b = {j: b.clks[j].bit_count() for j in rest_b}
    found: dict[int, float] = {}
    clks_a, clks_b = a.clks, b.clks
    for offset in _windows(a.bits, window_bits, WINDOW_STEP):
        buckets: dict[int, list[int]] = {}
        for j in rest_b:
            buckets.setdefault((clks_b[j] >> offset) & mask, []).append(j)
        for i in rest_a:
            x = clks_a[i]
            bucket = buckets.get((x >> offset) & mask)
            if bucket is None or len(bucket) > MAX_BUCKET:
                continue
            ones = ones_a[i]
            for j in bucket:
                score = 2 * (x & clks_b[j]).bit_count() / (ones + ones_b[j])
                if score >= threshold:
                    found[i * n_b + j] = score
    return found


def link(
    a: TokenSet,
    b: TokenSet,
    *,
    threshold: float = DEFAULT_THRESHOLD,
    bloom: bool = True,
    window_bits: int = WINDOW_BITS,
) -> list[Match]:
    """Pairs of records (index in a, index in b) that are the same young person.

    Two records that both carry a register-number token which differs are different people,
    however alike their names and birth dates."""
    if a.key_check != b.key_check:
        raise TokenFileError(
            "The lists were encoded with different secrets; they cannot be linked."
        )
    if a.bits != b.bits:
        raise TokenFileError("The lists use different filter lengths.")
    used_a, used_b = bytearray(len(a)), bytearray(len(b))
    matches = _exact(a, b, used_a, used_b)
    if not bloom:
        return matches
    rest_a = [i for i in range(len(a)) if not used_a[i]]
    rest_b = [j for j in range(len(b)) if not used_b[j]]
    found = _candidates(a, b, rest_a, rest_b, threshold, window_bits)
    n_b = len(b)
    for key, score in sorted(found.items(), key=lambda item: (-item[1], item[0])):
        i, j = divmod(key, n_b)
        if used_a[i] or used_b[j]:
            continue
        if a.insz[i] is not None and b.insz[j] is not None:
            continue
        used_a[i] = used_b[j] = 1
        matches.append(Match(i, j, round(score, 4)))
    return matches


def matches_as_ids(a: TokenSet, b: TokenSet, matches: Iterable[Match]) -> list[list[Any]]:
    return [[a.ids[m.a], b.ids[m.b], m.score] for m in matches]
