from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScreeningConfig(AppConfig):
    name = "lokaalwerk.screening"
    label = "screening"
    verbose_name = _("Joint screening")

    def ready(self) -> None:
        from .indicators import publish_all

        publish_all()
