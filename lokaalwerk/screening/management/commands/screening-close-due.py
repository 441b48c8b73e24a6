from django.core.management.base import BaseCommand

from lokaalwerk.screening.services import screening_rounds_close_due


class Command(BaseCommand):
    help = "Close every screening round past its closing date; this deletes its tokens."

    def handle(self, *args, **options):
        closed = screening_rounds_close_due()
        self.stdout.write(f"Closed {closed} screening round(s).")
