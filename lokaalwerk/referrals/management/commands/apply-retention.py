from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lokaalwerk.referrals.services import retention_apply


class Command(BaseCommand):
    help = (
        "Pseudonymise referrals finished longer ago than LOKAALWERK_REFERRAL_RETENTION_DAYS "
        "(run daily from the scheduler)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help=f"Override the retention period (default {settings.REFERRAL_RETENTION_DAYS}).",
        )

    def handle(self, *args, days=None, **options):
        if days is not None and days < 0:
            raise CommandError("--days must be zero or more.")
        count = retention_apply(days=days)
        self.stdout.write(f"Pseudonymised {count} referrals.")
