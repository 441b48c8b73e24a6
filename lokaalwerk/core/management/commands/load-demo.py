from django.core.management.base import BaseCommand

from lokaalwerk.core.demo import demo_load


class Command(BaseCommand):
    help = "Load (or refresh) the Mechelen demo: agreement, organisations, users for each role."

    def handle(self, *args, **options):
        summary = demo_load()
        self.stdout.write(
            f"Demo loaded: {summary['agreement_changes']} changes to the agreement, "
            f"{summary['users']} demo users."
        )
