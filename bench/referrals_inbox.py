"""Benchmark: a VDAB consultant's referral inbox with 100,000 referrals on PostgreSQL.

Creates a dedicated database (``bench_referrals``, dropped at the end), fills it with 100,000
referrals between 25 organisations (VDAB receives a third of them) for 20,000 clients, then
measures server side, through the whole Django stack (middleware, policies, audit row,
template), in one run:

1. the number of queries of the inbox page with 1,000 and with 100,000 referrals (must be equal);
2. p50/p95 of the inbox page, the inbox filtered on a state, the inbox API and the outbox,
   against a trivial page of the same site (the empty messages page) measured in the same run:
   the figures are reported as ratios to that baseline, and in milliseconds; plus the cost of
   committing one audit row on its own (every audited read pays it; the baseline does not).

Run: ``.venv/bin/python bench/referrals_inbox.py`` (needs PostgreSQL on 127.0.0.1 as user
postgres, or BENCH_PG_URL=postgres://user@host:port). Goal: p95 <= 100 ms, constant queries.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "bench_referrals"
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokaalwerk.settings")
os.environ.setdefault("LOKAALWERK_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("LOKAALWERK_HTTPS", "false")
os.environ.setdefault("LOKAALWERK_MANIFEST_STATIC", "false")
N_REFERRALS = 100_000
N_CLIENTS = 20_000
N_ORGS = 25
RUNS = int(os.environ.get("BENCH_RUNS", 200))


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def fill(total: int, already: int, orgs, users, clients, consents) -> None:
    import datetime as dt

    from django.utils import timezone

    from lokaalwerk.referrals.constants import ReferralReason, ReferralState
    from lokaalwerk.referrals.models import Referral

    rng = random.Random(already)
    states = [s for s in ReferralState.values]
    reasons = list(ReferralReason.values)
    now = timezone.now()
    vdab = orgs[0]
    batch = []
    for i in range(already, total):
        receiving = vdab if i % 3 == 0 else orgs[1 + i % (N_ORGS - 1)]
        sending = orgs[1 + (i + 7) % (N_ORGS - 1)]
        if sending == receiving:
            sending = orgs[1]
        c = i % N_CLIENTS
        # VDAB receives every third referral: vary the state within its share as well.
        state = states[(i // 3) % len(states)]
        sent_at = None if state == "draft" else now - dt.timedelta(minutes=i)
        batch.append(
            Referral(
                client_id=clients[c],
                consent_id=consents[c],
                sender_id=users[sending.pk],
                sending_organisation=sending,
                receiving_organisation=receiving,
                reason=reasons[i % len(reasons)],
                priority="high" if i % 11 == 0 else "normal",
                state=state,
                sent_at=sent_at,
                response_deadline=(sent_at + dt.timedelta(days=14)).date() if sent_at else None,
                responded_at=sent_at + dt.timedelta(hours=rng.randint(1, 200))
                if sent_at and state not in ("sent", "expired", "withdrawn")
                else None,
                outcome="job" if state == "completed" else "",
                note="Bench",
            )
        )
        if len(batch) == 5000:
            Referral.objects.bulk_create(batch)
            batch = []
    if batch:
        Referral.objects.bulk_create(batch)


def setup_data():
    from django.utils import timezone

    from lokaalwerk.accounts.constants import Role
    from lokaalwerk.accounts.models import Membership, Organisation, User
    from lokaalwerk.referrals.models import Client, ClientRelationship, Consent

    orgs = [Organisation.objects.create(name="VDAB", slug="vdab", kind="employment_service")]
    orgs += [
        Organisation.objects.create(name=f"Partner {i}", slug=f"partner-{i}", kind="partner")
        for i in range(1, N_ORGS)
    ]
    users = {}
    for org in orgs:
        user = User.objects.create(username=f"worker-{org.slug}", email=f"{org.slug}@x.invalid")
        Membership.objects.create(user=user, organisation=org, role=Role.CONTRIBUTOR)
        users[org.pk] = user.pk
    Client.objects.bulk_create(
        [Client(first_name="Bench", last_name=f"Cliënt {i}") for i in range(N_CLIENTS)],
        batch_size=5000,
    )
    clients = list(Client.objects.order_by("pk").values_list("pk", flat=True))
    ClientRelationship.objects.bulk_create(
        [
            ClientRelationship(client_id=c, organisation=orgs[1 + i % (N_ORGS - 1)])
            for i, c in enumerate(clients)
        ],
        batch_size=5000,
    )
    today = timezone.localdate()
    recorder = User.objects.get(pk=users[orgs[1].pk])
    Consent.objects.bulk_create(
        [
            Consent(
                client_id=c,
                purpose="referral",
                scope=["name", "contact"],
                given_on=today,
                method="verbal",
                witness="Bench",
                recorded_by=recorder,
                organisation=orgs[1],
            )
            for c in clients
        ],
        batch_size=5000,
    )
    consents = dict(Consent.objects.values_list("client_id", "pk"))
    return orgs, users, clients, [consents[c] for c in clients]


def timed(client, url: str, runs: int = RUNS) -> list[float]:
    for _ in range(10):
        assert client.get(url).status_code == 200, url
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return samples


def audit_commits(user, runs: int = RUNS) -> list[float]:
    """What every audited read pays on its own: one committed INSERT (an fsync)."""
    from lokaalwerk.audit.services import record

    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        record(actor=user, action="bench.commit", source="bench")
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20)[-1]


def main() -> None:
    admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin(f"CREATE DATABASE {DB_NAME}")
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from lokaalwerk.accounts.models import User

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        orgs, users, clients, consents = setup_data()
        fill(1000, 0, orgs, users, clients, consents)
        consultant = User.objects.get(pk=users[orgs[0].pk])
        browser = Client()
        browser.force_login(consultant)
        browser.get("/referrals/")
        with CaptureQueriesContext(connection) as small:
            browser.get("/referrals/")
        fill(N_REFERRALS, 1000, orgs, users, clients, consents)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"filled {N_REFERRALS:,} referrals in {time.perf_counter() - started:.1f} s")
        with CaptureQueriesContext(connection) as large:
            browser.get("/referrals/")
        print(
            f"queries of the inbox: {len(small)} with 1,000 referrals, "
            f"{len(large)} with {N_REFERRALS:,}"
        )
        pages = {
            "baseline: empty messages page": "/referrals/messages/",
            "inbox page": "/referrals/",
            "inbox page, state=accepted": "/referrals/?state=accepted",
            "outbox page": "/referrals/?box=outbox",
            "inbox API": "/api/v1/referrals/",
        }
        results = {name: timed(browser, url) for name, url in pages.items()}
        results["one audit row committed (no page)"] = audit_commits(consultant)
        base = p95(results["baseline: empty messages page"])
        print(f"{'page':34} {'p50 ms':>8} {'p95 ms':>8} {'p95 / baseline':>15}")
        for name, samples in results.items():
            print(
                f"{name:34} {statistics.median(samples):8.1f} {p95(samples):8.1f} "
                f"{p95(samples) / base:15.2f}"
            )
        worst = max(p95(s) for n, s in results.items() if "page" in n and "baseline" not in n)
        verdict = "OK" if worst <= 100 and len(small) == len(large) else "NOT MET"
        print(f"goal p95 <= 100 ms and constant queries: {verdict}")
        connection.close()
    finally:
        if not os.environ.get("BENCH_KEEP"):
            admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")


if __name__ == "__main__":
    main()
