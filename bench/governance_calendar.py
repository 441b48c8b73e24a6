"""Benchmark of the body calendar feed, the home page's cadence warnings and the meeting pack
(SQLite).

Builds a throw-away SQLite database in a temporary folder with the demo agreement, then
measures in one run:

1. the body feed (``/governance/bodies/<pk>/calendar.ics``) with 20 and with 400 meetings of
   ten invitees each: time and queries per request (queries must not grow with the data); the
   baseline is serialising the same number of bare events with ``icalendar`` alone, so the
   ratio says what reading the database and the attendee lists cost;
2. the home page with cadence warnings for 2 and for 40 bodies (queries must stay flat);
3. building one meeting pack (HTML + PDF) against rendering only its HTML.

Run: ``.venv/bin/python bench/governance_calendar.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
TMP = tempfile.mkdtemp(prefix="bench-governance-")
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


def timed(fn, repeat: int = 9) -> tuple[float, int]:
    durations, queries = [], 0
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as captured:
            start = time.perf_counter()
            fn()
            durations.append(time.perf_counter() - start)
        queries = len(captured)
    return statistics.median(durations) * 1000, queries


def main() -> None:
    from icalendar import Calendar, Event

    from lokaalwerk.accounts.models import User
    from lokaalwerk.governance.models import Body, BodyMember, Invitation, Meeting
    from lokaalwerk.governance.pack import pack_data_collect, pack_html_render
    from lokaalwerk.governance.services import meeting_pack_build
    from lokaalwerk.governance.tests.factories import governance_demo_load

    call_command("migrate", verbosity=0)
    governance_demo_load()
    user = User.objects.get(username="coordinator.vdab")
    client = Client()
    client.force_login(user)
    body = Body.objects.get(name="Stuurgroep stad Mechelen - VDAB")
    members = list(body.members.all()[:10])
    start = dt.datetime(2030, 1, 1, 9, tzinfo=dt.UTC)

    def grow(total: int) -> None:
        existing = body.meetings.count()
        for n in range(existing, total):
            at = start + dt.timedelta(days=n)
            meeting = Meeting.objects.create(
                body=body, starts_at=at, ends_at=at + dt.timedelta(hours=2), location="Stadhuis"
            )
            Invitation.objects.bulk_create(
                Invitation(meeting=meeting, member=m, email=f"m{m.pk}@example.invalid")
                for m in members
            )

    def bare(count: int) -> None:
        calendar = Calendar()
        for n in range(count):
            event = Event()
            event.add("uid", f"{n}@bench")
            event.add("dtstart", start + dt.timedelta(days=n))
            calendar.add_component(event)
        calendar.to_ical()

    url = f"/governance/bodies/{body.pk}/calendar.ics"
    print("1. body calendar feed")
    for total in (20, 400):
        grow(total)
        count = body.meetings.count()
        feed_ms, feed_q = timed(lambda: client.get(url))
        bare_ms, _q = timed(lambda count=count: bare(count))
        print(
            f"   {count:4d} meetings: feed {feed_ms:7.1f} ms, {feed_q} queries; bare icalendar "
            f"{bare_ms:6.1f} ms; ratio {feed_ms / bare_ms:4.1f}x"
        )

    print("2. home page with cadence warnings")
    for total in (2, 40):
        for n in range(Body.objects.filter(name__startswith="Bench ").count(), total):
            extra = Body.objects.create(
                agreement=body.agreement,
                name=f"Bench {n}",
                kind=body.kind,
                convenor=body.convenor,
                min_meetings_per_year=3,
            )
            BodyMember.objects.create(
                body=extra, person_name="Demo", organisation=body.convenor, user=user
            )
        home_ms, home_q = timed(lambda: client.get("/"))
        print(f"   {total:4d} extra bodies: {home_ms:7.1f} ms, {home_q} queries")

    print("3. meeting pack")
    meeting = Meeting.objects.create(
        body=body,
        starts_at=start + dt.timedelta(days=900),
        ends_at=start + dt.timedelta(days=900, hours=2),
        location="Stadhuis",
    )
    html_ms, _q = timed(lambda: pack_html_render(pack_data_collect(meeting=meeting)), repeat=5)
    full_ms, full_q = timed(lambda: meeting_pack_build(actor=user, meeting=meeting), repeat=5)
    print(
        f"   HTML only {html_ms:7.1f} ms; HTML + PDF + snapshot {full_ms:7.1f} ms, {full_q} "
        f"queries; ratio {full_ms / html_ms:4.1f}x"
    )


if __name__ == "__main__":
    main()
