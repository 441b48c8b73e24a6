"""lokaalwerk refresh-own-registrations [--months N] [--enqueue]"""

from django.core.management.base import BaseCommand, CommandError

from lokaalwerk.indicators import services
from lokaalwerk.indicators.registry import published
from lokaalwerk.indicators.tasks import own_registrations_refresh_task


class Command(BaseCommand):
    help = "Store the indicators other modules publish as observations (own registration)."

    def add_arguments(self, parser):
        parser.add_argument("--months", type=int, default=24)
        parser.add_argument("--enqueue", action="store_true", help="run it as a background job")

    def handle(self, *args, months, enqueue, **options):
        if enqueue:
            result = own_registrations_refresh_task.enqueue(months=months)
            self.stdout.write(f"enqueued {result.id}")
            return
        try:
            report = own_registrations_refresh_task.call(months=months)
        except services.ObservationImportError as exc:
            raise CommandError(exc.report.summary()) from exc
        codes = ", ".join(r.code for r in published()) or "none published"
        self.stdout.write(
            f"own registrations ({codes}): created {report['created']}, updated {report['updated']}"
        )
