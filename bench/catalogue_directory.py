"""Benchmark of the public directory, the HSDS export and the vacancy import (SQLite).

Builds a throw-away SQLite database in a temporary folder, then measures in one run:

1. the public directory page (search + filters, full page) with 50 and with 1,000 entries:
   the time and the number of queries per request (queries must not grow with the data);
2. ``/api/hsds/services?full=true&per_page=500`` at the same two sizes;
3. importing 5,000 vacancy rows (dry run and real) against the baseline of merely reading the
   same CSV with ``csv.DictReader``: the ratio says what validation and writing cost.

Run: ``.venv/bin/python bench/catalogue_directory.py``.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-catalogue-")
os.environ["LOKAALWERK_VAR_DIR"] = TMP
os.environ["DATABASE_URL"] = f"sqlite:///{TMP}/bench.sqlite3"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokaalwerk.settings")
os.environ["LOKAALWERK_HTTPS"] = "false"
os.environ["LOKAALWERK_MANIFEST_STATIC"] = "false"

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]


def timed(fn, repeat: int = 15) -> tuple[float, int]:
    durations, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            durations.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(durations) * 1000, queries


def fill(count: int) -> None:
    import datetime as dt

    from lokaalwerk.accounts.models import Organisation
    from lokaalwerk.catalogue.constants import DirectoryKind
    from lokaalwerk.catalogue.models import DirectoryEntry, Language, Location, OpeningHours
    from lokaalwerk.geography.models import Municipality

    owner, _ = Organisation.objects.get_or_create(
        slug="stad-mechelen", defaults={"name": "Stad Mechelen", "kind": "local_government"}
    )
    nl, _ = Language.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})
    mechelen = Municipality.objects.get(nis_code="12025")
    kinds = DirectoryKind.values
    existing = DirectoryEntry.objects.count()
    for n in range(existing, count):
        location = Location.objects.create(
            name=f"Plek {n}", street=f"Benchstraat {n}", postal_code="2800", municipality=mechelen
        )
        entry = DirectoryEntry.objects.create(
            kind=kinds[n % len(kinds)],
            name=f"Bench plek {n}",
            owner=owner,
            location=location,
            last_checked_on=dt.date(2026, 1, 1),
        )
        entry.languages.add(nl)
        OpeningHours.objects.create(
            entry=entry, weekday=n % 7, opens=dt.time(9), closes=dt.time(17)
        )


def vacancy_csv(rows: int) -> bytes:
    from lokaalwerk.catalogue.constants import REGION_NIS_CODES

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(
        [
            "reference",
            "employer",
            "municipality",
            "title",
            "hours_per_week",
            "indication_required",
            "posted_on",
            "expires_on",
        ]
    )
    for n in range(rows):
        writer.writerow(
            [
                f"B-{n}",
                "Werkplaats",
                REGION_NIS_CODES[n % 10],
                f"Job {n}",
                "30",
                "ja",
                "2026-11-01",
                "2026-12-31",
            ]
        )
    return buffer.getvalue().encode()


def main() -> None:
    call_command("migrate", verbosity=0)
    from lokaalwerk.accounts.models import User
    from lokaalwerk.catalogue.services import vacancies_import

    client = Client()
    results = {}
    for size in (50, 1000):
        fill(size)
        results[size] = {
            "directory": timed(lambda: client.get("/directory/", {"q": "plek", "language": "nl"})),
            "hsds": timed(
                lambda: client.get("/api/hsds/services", {"full": "true", "per_page": 500}), 5
            ),
        }
    for name in ("directory", "hsds"):
        small, large = results[50][name], results[1000][name]
        print(
            f"{name:9s}  50 entries: {small[0]:7.1f} ms, {small[1]:2d} queries | "
            f"1000 entries: {large[0]:7.1f} ms, {large[1]:2d} queries | "
            f"time ratio {large[0] / small[0]:.1f}× for 20× the data"
        )

    data = vacancy_csv(5000)
    actor = User.objects.create(username="bench")
    start = time.perf_counter()
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    baseline = time.perf_counter() - start
    start = time.perf_counter()
    report = vacancies_import(actor=actor, file_name="b.csv", data=data, dry_run=True)
    dry = time.perf_counter() - start
    start = time.perf_counter()
    vacancies_import(actor=actor, file_name="b.csv", data=data, dry_run=False)
    real = time.perf_counter() - start
    assert report.ok and len(rows) == 5000
    print(
        f"vacancies 5000 rows: csv.DictReader {baseline * 1000:.0f} ms, dry run "
        f"{dry * 1000:.0f} ms ({dry / baseline:.0f}×), import {real * 1000:.0f} ms "
        f"({real / baseline:.0f}×)"
    )


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        shutil.rmtree(TMP, ignore_errors=True)
