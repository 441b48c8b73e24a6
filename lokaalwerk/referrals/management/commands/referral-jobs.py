from django.core.management.base import BaseCommand

from lokaalwerk.referrals.services import popup_reminders_send, referrals_expire


class Command(BaseCommand):
    help = "Daily referral jobs: expire unanswered referrals and send pop-up reminders."

    def handle(self, *args, **options):
        expired = referrals_expire()
        reminders = popup_reminders_send()
        self.stdout.write(f"Expired {expired} referrals; sent {reminders} pop-up reminders.")
