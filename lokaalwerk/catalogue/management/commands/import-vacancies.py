from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from lokaalwerk.catalogue.services import VacancyImportError, vacancies_import


class Command(BaseCommand):
    help = "Import social-economy vacancies from CSV or XLSX, all or nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", help="A .csv or .xlsx file")
        parser.add_argument("--user", required=True, help="Username recorded as the importer")
        parser.add_argument("--dry-run", action="store_true", help="Check only; write nothing")

    def handle(self, *args, path, user, dry_run, **options):
        source = Path(path)
        actor = get_user_model().objects.filter(username=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"No active user {user}.")
        try:
            # The file is read as it is parsed, as an upload is.
            with source.open("rb") as handle:
                report = vacancies_import(
                    actor=actor,
                    file_name=source.name,
                    data=handle,
                    dry_run=dry_run,
                    source=f"import-vacancies {source.name}",
                )
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        except VacancyImportError as exc:
            raise CommandError(str(exc)) from exc
        for row in report.error_rows:
            self.stderr.write(f"line {row.line} ({row.reference}): {'; '.join(row.errors)}")
        if not report.ok:
            raise CommandError(
                f"Refused: {len(report.error_rows)} rows with errors; nothing was imported."
            )
        verb = "Would import" if dry_run else "Imported"
        self.stdout.write(f"{verb}: {report.created} new, {report.updated} updated.")
