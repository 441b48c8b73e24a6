"""Accuracy and speed of the joint-screening linkage on synthetic lists.

Two partners' lists with realistic corruption (typos, swapped first and last names, a register
number in only 70 % of records, birth-date slips; Dutch, Moroccan, Turkish and Eastern-European
name shapes). Reports precision and recall of the exact register-number hash alone (the
baseline) and with the Bloom-filter fallback, for a list size like Mechelen's and for two lists
of 100,000 records; the 100,000 run links the token files with `lokaalwerk screening-link` in a
fresh process and reports its wall time and peak memory.

    .venv/bin/python bench/screening_linkage.py [--size 100000] [--small 10000]

Goals: precision >= 0.99, recall >= 0.98, 100,000 x 100,000 in <= 60 s with <= 2 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokaalwerk.settings")

import django  # noqa: E402

django.setup()

from lokaalwerk.screening import encoding, linkage, synthetic  # noqa: E402

SECRET = b"bench-only secret shared by the partners"


def _tokens(persons) -> dict:
    encoder = encoding.Encoder(SECRET)
    return encoder.encode(
        encoding.Person(p.record_id, p.insz, p.first_name, p.last_name, p.birth_date)
        for p in persons
    )


def _quality(pairs, truth) -> tuple[float, float]:
    correct = sum(1 for a, b, _ in pairs if truth.get(a) == b)
    return correct / max(len(pairs), 1), correct / max(len(truth), 1)


def _accuracy(size: int) -> dict:
    list_a, list_b, truth = synthetic.lists(size, overlap=0.5, seed=8)
    started = time.perf_counter()
    tokens_a, tokens_b = _tokens(list_a), _tokens(list_b)
    encode_seconds = time.perf_counter() - started
    a, b = linkage.parse_tokens(tokens_a), linkage.parse_tokens(tokens_b)
    rows = {}
    for label, bloom in (("HMAC only", False), ("HMAC + Bloom", True)):
        started = time.perf_counter()
        pairs = linkage.matches_as_ids(a, b, linkage.link(a, b, bloom=bloom))
        seconds = time.perf_counter() - started
        precision, recall = _quality(pairs, truth)
        rows[label] = (precision, recall, seconds, len(pairs))
    print(f"\n{size:,} x {size:,} records, {len(truth):,} people in both lists")
    print(f"  encoding both lists: {encode_seconds:.1f} s")
    print(f"  {'method':<14} {'precision':>9} {'recall':>7} {'seconds':>8} {'matches':>8}")
    for label, (precision, recall, seconds, count) in rows.items():
        print(f"  {label:<14} {precision:>9.4f} {recall:>7.4f} {seconds:>8.2f} {count:>8,}")
    base, full = rows["HMAC only"], rows["HMAC + Bloom"]
    print(f"  recall gained by the Bloom fallback: x{full[1] / base[1]:.2f}")
    return {"tokens": (tokens_a, tokens_b), "truth": truth, "rows": rows}


def _speed(tokens_a: dict, tokens_b: dict, truth: dict) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path_a, path_b = Path(folder, "a.json"), Path(folder, "b.json")
        path_a.write_text(json.dumps(tokens_a))
        path_b.write_text(json.dumps(tokens_b))
        started = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "lokaalwerk", "screening-link", str(path_a), str(path_b)],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO,
        )
        seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    pairs = json.loads(completed.stdout)["matches"]
    precision, recall = _quality(pairs, truth)
    print("\n`lokaalwerk screening-link A.json B.json` in a fresh process (2 cores here)")
    print(
        f"  wall time {seconds:.1f} s (goal <= 60 s), peak memory {peak_mb:,.0f} MB (goal <= 2048)"
    )
    print(f"  precision {precision:.4f}, recall {recall:.4f}, {len(pairs):,} matches")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    args = parser.parse_args()
    print(
        f"Bloom filter: {encoding.BLOOM_BITS} bits, k={encoding.NAME_HASHES} per name bigram, "
        f"k={encoding.DATE_HASHES} per date bigram; Dice threshold {linkage.DEFAULT_THRESHOLD}; "
        f"blocks: windows of {linkage.WINDOW_BITS} bits every {linkage.WINDOW_STEP}"
    )
    _accuracy(args.small)
    large = _accuracy(args.size)
    _speed(*large["tokens"], large["truth"])


if __name__ == "__main__":
    main()
