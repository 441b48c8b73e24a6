from django.core.management.base import BaseCommand

from lokaalwerk.core.demo import DEMO_PASSWORD, DEMO_USERS


class Command(BaseCommand):
    help = "Print the demo sign-ins."

    def handle(self, *args, **options):
        self.stdout.write(f"Demo sign-ins (password for all: {DEMO_PASSWORD}):")
        for spec in DEMO_USERS:
            self.stdout.write(f"  {spec.username:<18} {spec.role.label:<14} {spec.organisation}")
