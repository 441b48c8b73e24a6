from django.conf import settings
from django.core.management.base import BaseCommand

from lokaalwerk.catalogue import tasks


class Command(BaseCommand):
    help = (
        "Flag public directory entries not checked for LOKAALWERK_CATALOGUE_STALE_AFTER_MONTHS "
        "months and e-mail their owners (each entry once, until it is checked again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the job to the task worker instead"
        )

    def handle(self, *args, enqueue, **options):
        if enqueue:
            result = tasks.flag_stale_directory_entries.enqueue()
            self.stdout.write(f"Enqueued job {result.id}.")
            return
        count = tasks.flag_stale_directory_entries.call()
        months = settings.CATALOGUE_STALE_AFTER_MONTHS
        self.stdout.write(f"Flagged {count} entries not checked for {months} months.")
