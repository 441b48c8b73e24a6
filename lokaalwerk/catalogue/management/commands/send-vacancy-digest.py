from django.core.management.base import BaseCommand

from lokaalwerk.catalogue import tasks


class Command(BaseCommand):
    help = "Flag expired vacancies and send the weekly vacancy digest to subscribed workers."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue", action="store_true", help="Hand the job to the task worker instead"
        )

    def handle(self, *args, enqueue, **options):
        if enqueue:
            result = tasks.send_vacancy_digest.enqueue()
            self.stdout.write(f"Enqueued job {result.id}.")
            return
        sent = tasks.send_vacancy_digest.call()
        self.stdout.write(f"Sent the vacancy digest to {sent} workers.")
