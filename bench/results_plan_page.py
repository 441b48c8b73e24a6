"""Benchmark: the action plan page of the Mechelen agreement with its results.

Builds a fresh SQLite database in a temporary folder, loads the Mechelen agreement, the demo
users and the results demo (15 actions, five years of quarterly updates = 300 updates), then
measures through the whole Django stack, in one run:

1. the number of queries of the agreement page (with roll-up, statuses, owners) and of an action
   page, with 300 updates and again with 4× as many (1,200): they must be equal;
2. p50/p95 of both pages and of the public transparency page, against a trivial page of the
   same site (the list of published agreements) measured in the same run, reported as ratios
   to that baseline.

Run: ``.venv/bin/python bench/results_plan_page.py``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
RUNS = 40


def main() -> None:
    folder = tempfile.mkdtemp(prefix="bench-results-")
    os.environ["DATABASE_URL"] = f"sqlite:///{folder}/bench.sqlite3"
    os.environ["LOKAALWERK_VAR_DIR"] = folder
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokaalwerk.settings")
    # Served over plain http by the test client, with static files found without a manifest.
    os.environ["LOKAALWERK_HTTPS"] = "false"
    os.environ["LOKAALWERK_MANIFEST_STATIC"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    import yaml

    from lokaalwerk.accounts.models import User
    from lokaalwerk.agreements.services import agreement_import
    from lokaalwerk.core.demo import DEMO_AGREEMENT, demo_users_load
    from lokaalwerk.results import demo
    from lokaalwerk.results.models import ProgressUpdate

    agreement_import(structure=yaml.safe_load(DEMO_AGREEMENT.read_text(encoding="utf-8")))
    demo_users_load()
    demo.demo_load()
    client = Client()
    client.force_login(User.objects.get(username="coordinator.stad"))
    slug = "stad-mechelen-2021-2025"
    pages = {
        "baseline (public list)": "/public/results/",
        "agreement page": f"/agreements/{slug}/",
        "action page 2.1": f"/agreements/{slug}/actions/2.1/",
        "public page": f"/public/results/{slug}/",
    }

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as context:
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code, response.content[:300])
        return len(context.captured_queries)

    def timings(url: str) -> tuple[float, float]:
        samples = []
        for _ in range(RUNS):
            start = time.perf_counter()
            client.get(url)
            samples.append((time.perf_counter() - start) * 1000)
        samples.sort()
        return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]

    def measure(label: str) -> dict[str, tuple[int, float, float]]:
        count = ProgressUpdate.objects.count()
        print(f"\n{label}: {count} progress updates")
        found = {}
        for name, url in pages.items():
            client.get(url)  # warm the template cache
            found[name] = (queries(url), *timings(url))
        base = found["baseline (public list)"][1]
        for name, (n, p50, p95) in found.items():
            print(
                f"  {name:26} {n:3d} queries  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms  "
                f"p50 ratio {p50 / base:5.2f}"
            )
        return found

    first = measure("Demo history")
    originals = list(ProgressUpdate.objects.all())
    for _copy in range(3):
        for update in originals:
            update.pk = None
        ProgressUpdate.objects.bulk_create(originals)
    second = measure("Four times the updates")
    for name in pages:
        same = "equal" if first[name][0] == second[name][0] else "DIFFERENT"
        print(f"queries {name}: {first[name][0]} -> {second[name][0]} ({same})")


if __name__ == "__main__":
    main()
