"""Benchmark of the indicator store on PostgreSQL (issue "Follow the figures").

Creates a dedicated database (``bench_indicators``, dropped at the end), fills it with
10 million observations, then measures in one run:

1. importing a 1-million-row long CSV through ``lokaalwerk import-observations`` (streaming
   COPY into a staging table + one set-based upsert) against PostgreSQL's own COPY of the same
   rows into an equivalent table (same columns, same unique index): the throughput ratio;
2. the peak memory of the import process (ru_maxrss of the child process);
3. re-importing the same file (idempotent: every row unchanged);
4. the dashboard data of one municipality, 10 indicators × 10 years of months × all
   disaggregations, server side: the selector and the API view, p50/p95 over 60 calls.

Run: ``.venv/bin/python bench/indicators_import.py`` (needs PostgreSQL on 127.0.0.1 as user
postgres, or BENCH_PG_URL=postgres://user@host:port).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SERVER = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")
DB_NAME = "bench_indicators"
DB_URL = f"{SERVER}/{DB_NAME}"
N_INDICATORS = 10
MONTHS = 120
BREAKDOWNS = [""] + [
    f"{d}={c}"
    for d, cats in [
        ("age_band", ["<25", "25-49", "50+"]),
        ("gender", ["m", "f"]),
        ("duration", ["<1y", "1-2y", "2y+"]),
        ("education", ["low", "medium", "high"]),
        ("origin", ["belgian", "eu", "non-eu"]),
    ]
    for c in cats
]
IMPORT_ROWS = 1_000_000


def admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def lokaalwerk(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(ROOT / ".venv" / "bin" / "lokaalwerk"), *args],
        env={**os.environ, "DATABASE_URL": DB_URL, **(env or {})},
        capture_output=True,
        text=True,
        check=False,
    )


def lokaalwerk_peak(*args: str) -> tuple[subprocess.CompletedProcess, float]:
    """Run a command and follow its peak resident memory (VmHWM, which only grows) until it
    ends: the import process alone, not the benchmark's other children."""
    with subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "lokaalwerk"), *args],
        env={**os.environ, "DATABASE_URL": DB_URL},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    ) as process:
        status = Path(f"/proc/{process.pid}/status")
        peak_kb = 0
        while process.poll() is None:
            try:
                for line in status.read_text().splitlines():
                    if line.startswith("VmHWM:"):
                        peak_kb = max(peak_kb, int(line.split()[1]))
            except (FileNotFoundError, ProcessLookupError):
                break
            time.sleep(0.05)
        stdout, stderr = process.communicate()
    result = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    return result, peak_kb / 1024


def checkpoint() -> None:
    """Write out what earlier steps left dirty, so no step pays for the one before it."""
    admin("CHECKPOINT")


def timed(label: str, func):
    start = time.perf_counter()
    result = func()
    elapsed = time.perf_counter() - start
    print(f"  {label}: {elapsed:.2f} s", flush=True)
    return result, elapsed


def fill(cursor, area_ids: list[int], indicator_ids: list[int]) -> int:
    """10 million observations: indicators × areas × 120 months × 15 disaggregations."""
    cursor.execute("ALTER TABLE indicators_observation DROP CONSTRAINT observation_natural_key")
    # Generated rows reference existing ids: skip the per-row foreign-key triggers while filling.
    cursor.execute("SET session_replication_role = replica")
    cursor.execute(
        """
        INSERT INTO indicators_observation
            (indicator_id, area_id, period_start, breakdown, value, flag, updated_at)
        SELECT i, a, make_date(2016 + m / 12, mod(m, 12) + 1, 1), b,
               (100 + mod(a * 7 + m * 13 + i, 900))::numeric, '', now()
        FROM unnest(%s::bigint[]) AS i, unnest(%s::bigint[]) AS a,
             generate_series(0, %s - 1) AS m, unnest(%s::text[]) AS b
        """,
        [indicator_ids, area_ids, MONTHS, BREAKDOWNS],
    )
    cursor.execute("SET session_replication_role = DEFAULT")
    cursor.execute(
        "ALTER TABLE indicators_observation ADD CONSTRAINT observation_natural_key "
        "UNIQUE (area_id, indicator_id, period_start, breakdown)"
    )
    cursor.execute("ANALYZE indicators_observation")
    cursor.execute("SELECT count(*) FROM indicators_observation")
    return cursor.fetchone()[0]


def _equivalent(cursor) -> None:
    cursor.execute(
        "INSERT INTO bench_copy (indicator_id, area_id, period_start, breakdown, value, flag, "
        "updated_at, batch_id, derived) SELECT indicator_id, area_id, period_start, breakdown, "
        "value, flag, updated_at, batch_id, derived FROM indicators_observation"
    )
    # Every index the observation table has (primary key, natural key, partial totals index,
    # indicator index), under other names.
    cursor.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'indicators_observation'"
    )
    for name, definition in cursor.fetchall():
        cursor.execute(
            definition.replace(
                name, f"bench_copy_{len(name)}_{abs(hash(name)) % 10**6}", 1
            ).replace(" ON public.indicators_observation ", " ON public.bench_copy ")
        )
    cursor.execute("ANALYZE bench_copy")


def reset(cursor, indicator_id: int) -> None:
    """Back to the state after filling: without the imported indicator's rows."""
    cursor.execute("DELETE FROM indicators_observation WHERE indicator_id = %s", [indicator_id])
    cursor.execute("DELETE FROM bench_copy WHERE indicator_id = %s", [indicator_id])
    cursor.execute("VACUUM ANALYZE indicators_observation")
    cursor.execute("VACUUM ANALYZE bench_copy")


def write_files(folder: Path, codes: list[str], ids: dict[str, int], indicator_id: int):
    """The same 1M rows twice: as a user's long CSV (NIS codes, decimal commas, Dutch
    headers) and pre-resolved for the COPY baseline."""
    long_csv = folder / "long.csv"
    resolved = folder / "resolved.csv"
    dims = {"age_band": 3, "gender": 4, "duration": 5, "education": 6, "origin": 7}
    written = 0
    now = "2026-01-01 00:00:00+00"
    with long_csv.open("w", encoding="utf-8") as out, resolved.open("w", encoding="utf-8") as res:
        out.write(
            "gemeente;periode;waarde;leeftijd;geslacht;werkloosheidsduur;studieniveau;herkomst\n"
        )
        for code in codes:
            for m in range(MONTHS):
                period = f"{2016 + m // 12}-{m % 12 + 1:02d}"
                for b in BREAKDOWNS:
                    if written == IMPORT_ROWS:
                        return long_csv, resolved
                    cells = ["", "", "", "", ""]
                    if b:
                        dim, cat = b.split("=")
                        cells[dims[dim] - 3] = cat
                    value = 10 + (written * 37) % 5000
                    out.write(f"{code};{period};{value},5;{';'.join(cells)}\n")
                    res.write(f'{indicator_id},{ids[code]},{period}-01,"{b}",{value}.5,"",{now}\n')
                    written += 1
    return long_csv, resolved


def main() -> None:
    print(f"Indicator benchmark on {DB_URL}", flush=True)
    keep = os.environ.get("BENCH_KEEP") == "1"
    if not keep:
        admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    try:
        admin(f"CREATE DATABASE {DB_NAME}")
        fresh = True
    except Exception:  # BENCH_KEEP=1 and the filled database is still there
        fresh = False
    try:
        run(Path(tempfile.mkdtemp(prefix="bench-indicators-")), fresh=fresh)
    finally:
        if not keep:
            admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
            print("dropped the benchmark database", flush=True)


def run(folder: Path, *, fresh: bool = True) -> None:
    _, _ = timed("migrate", lambda: lokaalwerk("migrate", "-v0"))
    os.environ["DATABASE_URL"] = DB_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokaalwerk.settings")
    import django

    django.setup()
    from django.db import connection

    from lokaalwerk.geography.models import Area
    from lokaalwerk.indicators.models import Indicator

    indicators = [
        Indicator.objects.update_or_create(
            code=f"bench-{n}",
            defaults={
                "name_nl": f"Bench {n}",
                "source": "arvastat",
                "dimensions": list(dict.fromkeys(b.split("=")[0] for b in BREAKDOWNS if b)),
            },
        )[0]
        for n in range(N_INDICATORS)
    ]
    target, _ = Indicator.objects.get_or_create(
        code="bench-import", defaults={"name_nl": "Bench import", "source": "arvastat"}
    )
    areas = list(Area.objects.filter(kind="municipality").order_by("code"))
    per_area = N_INDICATORS * MONTHS * len(BREAKDOWNS)
    needed = -(-10_000_000 // per_area)
    chosen = areas[:needed]
    from lokaalwerk.indicators.services import aggregates_refresh

    if fresh:
        with connection.cursor() as cursor:
            total, _ = timed(
                f"fill {len(chosen)} areas × {N_INDICATORS} indicators × {MONTHS} months × "
                f"{len(BREAKDOWNS)} disaggregations",
                lambda: fill(cursor, [a.pk for a in chosen], [i.pk for i in indicators]),
            )
        print(f"  observations stored: {total:,}", flush=True)
        derived, _ = timed(
            "derive the totals of the groups and reference regions (analytics)",
            lambda: aggregates_refresh(indicator_ids=[i.pk for i in indicators]),
        )
        print(f"  derived rows: {derived:,}", flush=True)
    else:
        with connection.cursor() as cursor:
            timed("reset the kept database (BENCH_KEEP=1)", lambda: reset(cursor, target.pk))
    ids = {a.code: a.pk for a in areas}
    import_codes = [a.code for a in areas][: -(-IMPORT_ROWS // (MONTHS * len(BREAKDOWNS)))]
    (long_csv, resolved), _ = timed(
        "write the 1M-row files", lambda: write_files(folder, import_codes, ids, target.pk)
    )
    print(f"  long CSV: {long_csv.stat().st_size / 1e6:.0f} MB", flush=True)

    with connection.cursor() as cursor:
        if fresh:
            # The equivalent table: the same columns, identity, indexes and the same 10M rows.
            cursor.execute("DROP TABLE IF EXISTS bench_copy")
            cursor.execute(
                "CREATE TABLE bench_copy (LIKE indicators_observation INCLUDING ALL "
                "EXCLUDING INDEXES EXCLUDING CONSTRAINTS)"
            )
            timed(
                "copy the 10M rows and their indexes into the equivalent table",
                lambda: _equivalent(cursor),
            )

        def baseline():
            with (
                resolved.open("rb") as handle,
                cursor.cursor.copy(
                    "COPY bench_copy (indicator_id, area_id, period_start, breakdown, value, "
                    "flag, updated_at) FROM STDIN WITH (FORMAT csv)"
                ) as copy,
            ):
                while block := handle.read(1 << 20):
                    copy.write(block)
            connection.commit() if not connection.get_autocommit() else None

        checkpoint()
        _, copy_seconds = timed(
            "baseline: COPY of the same rows into an equivalent table", baseline
        )
    checkpoint()
    (result, peak_mb), import_seconds = timed(
        "import-observations (streaming COPY + set-based upsert)",
        lambda: lokaalwerk_peak(
            "import-observations", str(long_csv), "--indicator", "bench-import"
        ),
    )
    print("  " + (result.stdout.strip().splitlines() or [result.stderr.strip()])[-1])
    if result.returncode:
        print(result.stderr[-2000:])
        raise SystemExit("the import failed")
    checkpoint()
    again, again_seconds = timed(
        "re-import of the same file (idempotent)",
        lambda: lokaalwerk("import-observations", str(long_csv), "--indicator", "bench-import"),
    )
    print("  " + again.stdout.strip().splitlines()[-1])
    _, refresh_seconds = timed(
        "derive the region totals of the imported indicator (the job after the import)",
        lambda: aggregates_refresh(indicator_ids=[target.pk]),
    )
    ratio = copy_seconds / import_seconds
    print(
        f"\nIMPORT  {IMPORT_ROWS:,} rows: import {IMPORT_ROWS / import_seconds:,.0f} rows/s, "
        f"COPY {IMPORT_ROWS / copy_seconds:,.0f} rows/s -> ratio {ratio:.0%} (goal >= 50%)"
    )
    print(f"MEMORY  peak RSS of the import process: {peak_mb:.0f} MB (goal <= 300 MB)")
    dashboard(chosen[0], indicators)


def dashboard(area, indicators) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client

    # The process as the WSGI server runs it (lokaalwerk/wsgi.py freezes the startup objects).
    import lokaalwerk.wsgi  # noqa: F401
    from lokaalwerk.indicators.selectors import series_for

    rows = sum(len(s.points) for s in series_for(area=area, indicators=indicators))
    samples = []
    for _ in range(60):
        start = time.perf_counter()
        series = series_for(area=area, indicators=indicators)
        samples.append((time.perf_counter() - start) * 1000)
    p50, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[18]
    cells = sum(len(v) for s in series for v in s.breakdowns.values())
    print(
        f"DASHBOARD selector {area.code}: {len(indicators)} indicators, {rows} monthly totals, "
        f"all {len(BREAKDOWNS) - 1} disaggregations read: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        f"(goal p95 <= 50 ms; {cells} breakdown cells at the latest month)"
    )
    user = get_user_model().objects.filter(username="bench").first() or (
        get_user_model().objects.create_superuser("bench", password=None)
    )
    client = Client()
    client.force_login(user)
    url = f"/api/v1/indicators/dashboard/{area.code}/"
    samples = []
    for _ in range(30):
        start = time.perf_counter()
        response = client.get(url, secure=True, HTTP_HOST="localhost")
        samples.append((time.perf_counter() - start) * 1000)
    p50, p95 = statistics.median(samples), statistics.quantiles(samples, n=20)[18]
    print(
        f"DASHBOARD API {url}: status {response.status_code}, {len(response.content):,} bytes: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms"
    )


if __name__ == "__main__":
    main()
