import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from lokaalwerk.results.tasks import send_progress_reminders


class Command(BaseCommand):
    help = (
        "Remind owners of progress updates due soon or overdue (run daily from cron). "
        "Enqueues the job for the task worker; --now runs it here."
    )

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Run in this process")
        parser.add_argument("--date", help="Act as if today were this day (YYYY-MM-DD)")

    def handle(self, *args, now, date, **options):
        if date:
            try:
                dt.date.fromisoformat(date)
            except ValueError as exc:
                raise CommandError(f"--date is not a date: {date!r}.") from exc
        if now:
            sent = send_progress_reminders.call(today=date)
            self.stdout.write(f"Sent {sent} reminders.")
            return
        result = send_progress_reminders.enqueue(today=date)
        self.stdout.write(f"Enqueued the reminder job ({result.id}).")
