from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "lokaalwerk.referrals"
    label = "referrals"
