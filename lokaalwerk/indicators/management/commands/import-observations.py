"""lokaalwerk import-observations PATH [--indicator CODE] [--dry-run]"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils.translation import gettext as _

from lokaalwerk.indicators import services


class Command(BaseCommand):
    # An import is run from scripts and cron; the project-wide checks (every URL and view
    # imported) would double its start-up. `lokaalwerk check` runs them.
    requires_system_checks = []
    help = (
        "Import figures from a long CSV, a provincies.incijfers.be export (CSV/XLSX) or an "
        "Arvastat export. All or nothing; re-importing updates and reports what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--indicator", help="indicator code, when the file names none")
        parser.add_argument("--dry-run", action="store_true", help="report without writing")
        parser.add_argument("--json", action="store_true", help="print the full report as JSON")

    def handle(self, *args, path, indicator, dry_run, json: bool = False, **options):
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            report = self._import(file, indicator, dry_run)
        except services.ObservationImportError as exc:
            if json:
                self.stderr.write(_dumps(exc.report.as_dict()))
            raise CommandError(f"{file.name}: {exc.report.summary()}") from exc
        if json:
            self.stdout.write(_dumps(report.as_dict()))
        for skipped in report.skipped:
            # The reasons come in the active language (LANGUAGE_CODE): so does this line.
            self.stdout.write(_("skipped row %(row)s: %(reason)s") % skipped)
        self.stdout.write(f"{file.name}: {report.summary()}")
        if options.get("verbosity", 1) >= 2 and report.timings:
            labels = {
                "copy": _("read the file"),
                "match": _("match names and periods"),
                "check": _("check the values"),
                "write": _("write"),
            }
            steps = ", ".join(
                f"{labels.get(step, step)} {seconds:.2f} s"
                for step, seconds in report.timings.items()
            )
            self.stdout.write(_("Steps: %(steps)s") % {"steps": steps})

    def _import(self, file: Path, indicator, dry_run):
        # Big long CSVs stream through COPY on PostgreSQL; everything else is parsed in Python.
        big = file.stat().st_size > 5 * 1024 * 1024
        if connection.vendor == "postgresql" and big and file.suffix.lower() == ".csv":
            with file.open("rb") as handle:
                head = handle.read(4096)
            if b"|" not in head.split(b"\n", 1)[0]:
                return services.observations_import_copy(
                    actor=None, path=file, indicator_code=indicator, dry_run=dry_run
                )
        with file.open("rb") as handle:
            return services.observations_import(
                actor=None,
                filename=file.name,
                data=handle,
                indicator_code=indicator,
                dry_run=dry_run,
            )


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)
