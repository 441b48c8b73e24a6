"""Benchmark of the indicator store on PostgreSQL ("Follow the figures").

Creates a dedicated database (``bench_indicators``, dropped at the end), fills it with
10 million observations, then measures in one run:

1. importing a 1-million-row long CSV through ``lokaalwerk import-observations`` (streaming
   COPY into a staging table, then a plain insert of new keys) against PostgreSQL's own COPY
   of the same rows, already resolved, into an equivalent table (same columns, identity and
   every index of the observation table, the same 10M rows): the throughput ratio, over two
   rounds that alternate the two so neither always runs second; also without the command's
   start-up (measured with a one-row dry run);
2. the peak memory of the import process (its VmHWM, followed while it runs);
3. re-importing the same file (idempotent: every row unchanged);
4. the dashboard data of one municipality, 10 indicators × 10 years of months × all
   disaggregations, server side: the selector and the API view, p50/p95.

Run: ``.venv/bin/python bench/indicators_import.py`` (needs PostgreSQL on 127.0.0.1 as user
postgres, or BENCH_PG_URL=postgres://user@host:port). About ten minutes.
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
ROUNDS = 2


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


def write_files(folder: Path, codes: list[str], ids: dict[str, int], indicator_ids: list[int]):
    """The same 1M rows as a user's long CSV (NIS codes, decimal commas, Dutch headers) and,
    for each round, pre-resolved for the COPY baseline (ids, ISO dates, decimal points)."""
    long_csv = folder / "long.csv"
    resolved = [folder / f"resolved-{pk}.csv" for pk in indicator_ids]
    dims = {"age_band": 3, "gender": 4, "duration": 5, "education": 6, "origin": 7}
    now = "2026-01-01 00:00:00+00"
    outs = [path.open("w", encoding="utf-8") for path in resolved]
    with long_csv.open("w", encoding="utf-8") as out:
        out.write(
            "gemeente;periode;waarde;leeftijd;geslacht;werkloosheidsduur;studieniveau;herkomst\n"
        )
        written = 0
        for code in codes:
            for m in range(MONTHS):
                period = f"{2016 + m // 12}-{m % 12 + 1:02d}"
                for b in BREAKDOWNS:
                    if written == IMPORT_ROWS:
                        break
                    cells = ["", "", "", "", ""]
                    if b:
                        dim, cat = b.split("=")
                        cells[dims[dim] - 3] = cat
                    value = 10 + (written * 37) % 5000
                    out.write(f"{code};{period};{value},5;{';'.join(cells)}\n")
                    for pk, res in zip(indicator_ids, outs, strict=True):
                        res.write(f'{pk},{ids[code]},{period}-01,"{b}",{value}.5,"",{now}\n')
                    written += 1
    for res in outs:
        res.close()
    return long_csv, resolved


def main() -> None:
    print(f"Indicator benchmark on {DB_URL}", flush=True)
    admin(f"DROP DATABASE IF EXISTS {DB_NAME}")
    admin(f"CREATE DATABASE {DB_NAME}")
    try:
        run(Path(tempfile.mkdtemp(prefix="bench-indicators-")))
    finally:
        admin(f"DROP DATABASE IF EXISTS {DB_NAME} WITH (FORCE)")
        print("dropped the benchmark database", flush=True)


def run(folder: Path) -> None:
    _, _ = timed("migrate", lambda: lokaalwerk("migrate", "-v0"))
    os.environ["DATABASE_URL"] = DB_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lokaalwerk.settings")
    import django

    django.setup()
    from django.db import connection

    from lokaalwerk.geography.models import Area
    from lokaalwerk.geography.services import FLANDERS_CODE
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
    targets = [
        Indicator.objects.create(
            code=f"bench-import-{n}", name_nl="Bench import", source="arvastat"
        )
        for n in range(ROUNDS)
    ]
    areas = list(Area.objects.filter(kind="municipality").order_by("code"))
    per_area = N_INDICATORS * MONTHS * len(BREAKDOWNS)
    needed = -(-10_000_000 // per_area)
    # Municipalities, and Flanders, which every dashboard compares with.
    chosen = areas[:needed]
    flanders = Area.objects.get(code=FLANDERS_CODE)
    from lokaalwerk.indicators.services import aggregates_refresh

    with connection.cursor() as cursor:
        total, _ = timed(
            f"fill {len(chosen)} municipalities and Flanders × {N_INDICATORS} indicators × "
            f"{MONTHS} months × {len(BREAKDOWNS)} disaggregations",
            lambda: fill(cursor, [a.pk for a in [*chosen, flanders]], [i.pk for i in indicators]),
        )
    print(f"  observations stored: {total:,}", flush=True)
    derived, _ = timed(
        "derive the totals of the groups and reference regions (analytics)",
        lambda: aggregates_refresh(indicator_ids=[i.pk for i in indicators]),
    )
    print(f"  derived rows: {derived:,}", flush=True)
    ids = {a.code: a.pk for a in areas}
    # The dashboard is measured on a municipality the imports leave alone (exactly the ten
    # indicators of the goal), with a region to compare with besides Flanders.
    from lokaalwerk.indicators.selectors import comparison_areas

    dashboard_area = next(a for a in chosen if len(comparison_areas(a)) == 2)
    import_codes = [a.code for a in areas if a.pk != dashboard_area.pk][
        : -(-IMPORT_ROWS // (MONTHS * len(BREAKDOWNS)))
    ]
    (long_csv, resolved), _ = timed(
        "write the 1M-row files",
        lambda: write_files(folder, import_codes, ids, [t.pk for t in targets]),
    )
    print(f"  long CSV: {long_csv.stat().st_size / 1e6:.0f} MB", flush=True)

    with connection.cursor() as cursor:
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
        cursor.execute("VACUUM ANALYZE indicators_observation")
    tiny = folder / "tiny.csv"
    tiny.write_text("gemeente;periode;waarde\n11001;2016-01;1\n", encoding="utf-8")
    starts = []
    for _ in range(3):
        _, seconds = timed(
            "the command's start-up (a one-row dry run)",
            lambda: lokaalwerk_peak(
                "import-observations", str(tiny), "--indicator", "bench-0", "--dry-run"
            ),
        )
        starts.append(seconds)
    startup = statistics.median(starts)
    # Alternate the baseline and the import, each round with its own indicator: both tables
    # grow alike and neither always runs second (cache and checkpoint effects).
    copy_times, import_times, peaks = [], [], []
    for n, (target, rows) in enumerate(zip(targets, resolved, strict=True), start=1):
        checkpoint()
        _, seconds = timed(
            f"round {n}: baseline COPY into the equivalent table", lambda rows=rows: copy_into(rows)
        )
        copy_times.append(seconds)
        checkpoint()
        (result, peak_mb), seconds = timed(
            f"round {n}: lokaalwerk import-observations (streaming)",
            lambda code=target.code: lokaalwerk_peak(
                "import-observations", str(long_csv), "--indicator", code, "-v", "2"
            ),
        )
        print("\n".join("  " + line for line in result.stdout.strip().splitlines()[-2:]))
        if result.returncode:
            print(result.stderr[-2000:])
            raise SystemExit("the import failed")
        import_times.append(seconds)
        peaks.append(peak_mb)
    checkpoint()
    again, _ = timed(
        "re-import of the same file (idempotent)",
        lambda: lokaalwerk("import-observations", str(long_csv), "--indicator", targets[0].code),
    )
    print("  " + again.stdout.strip().splitlines()[-1])
    timed(
        "derive the region totals of the imported indicator (the job after the import)",
        lambda: aggregates_refresh(indicator_ids=[targets[0].pk]),
    )
    copy_total, import_total = sum(copy_times), sum(import_times)
    service_total = import_total - startup * len(import_times)
    print(
        f"\nIMPORT  {IMPORT_ROWS:,} rows × {ROUNDS} rounds: COPY {copy_total / ROUNDS:.2f} s, "
        f"command {import_total / ROUNDS:.2f} s -> ratio {copy_total / import_total:.0%} "
        f"(goal >= 50%); without the command's {startup:.2f} s start-up "
        f"{copy_total / service_total:.0%}"
    )
    print(f"MEMORY  peak RSS of the import process: {max(peaks):.0f} MB (goal <= 300 MB)")
    dashboard(dashboard_area, indicators)


def copy_into(rows: Path) -> None:
    from django.db import connection

    with (
        connection.cursor() as cursor,
        rows.open("rb") as handle,
        cursor.cursor.copy(
            "COPY bench_copy (indicator_id, area_id, period_start, breakdown, value, "
            "flag, updated_at) FROM STDIN WITH (FORMAT csv)"
        ) as copy,
    ):
        while block := handle.read(1 << 20):
            copy.write(block)


def dashboard(area, indicators) -> None:
    from django.contrib.auth import get_user_model
    from django.test import Client, RequestFactory

    # The process as the WSGI server runs it: lokaalwerk/wsgi.py loads every view and freezes
    # the startup objects; requests go through its handler and middleware, with the session
    # cookie of a signed-in user and a persistent database connection (DB_CONN_MAX_AGE).
    from lokaalwerk.indicators.selectors import series_for
    from lokaalwerk.wsgi import application

    def percentiles(call, times: int = 200) -> tuple[float, float]:
        for _ in range(5):  # warm-up: connection, caches
            call()
        samples = []
        for _ in range(times):
            start = time.perf_counter()
            call()
            samples.append((time.perf_counter() - start) * 1000)
        return statistics.median(samples), statistics.quantiles(samples, n=20)[18]

    series = series_for(area=area, indicators=indicators)
    rows = sum(len(s.points) for s in series)
    compared = sum(len(p) for s in series for p in s.comparisons.values())
    cells = sum(len(v) for s in series for v in s.breakdowns.values())
    p50, p95 = percentiles(lambda: series_for(area=area, indicators=indicators))
    print(
        f"DASHBOARD selector {area.code}: {len(indicators)} indicators, "
        f"{len(indicators) * MONTHS * len(BREAKDOWNS):,} observations stored for the area; "
        f"answers {rows} monthly totals, {compared} comparison points and {cells} "
        f"disaggregation cells of the latest month: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
        "(goal p95 <= 50 ms)"
    )
    user = get_user_model().objects.create_superuser("bench", password=None)
    client = Client()
    client.force_login(user)
    url = f"/api/v1/indicators/dashboard/{area.code}/"
    environ = RequestFactory()._base_environ(
        PATH_INFO=url,
        REQUEST_METHOD="GET",
        HTTP_HOST="localhost",
        HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}",
        **{"wsgi.url_scheme": "https", "SERVER_PORT": "443"},
    )
    answers = []

    def call() -> bytes:
        body = b"".join(application(dict(environ), lambda status, headers: answers.append(status)))
        return body

    size = len(call())
    p50, p95 = percentiles(call)
    statuses = sorted(set(answers))
    print(
        f"DASHBOARD API {url} through the WSGI application: {statuses}, {size:,} bytes: "
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms (goal p95 <= 50 ms)"
    )


if __name__ == "__main__":
    main()
