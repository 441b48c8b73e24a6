from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "lokaalwerk.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from .indicators import publish_all

        publish_all()
