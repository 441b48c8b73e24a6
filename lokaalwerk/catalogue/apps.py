from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "lokaalwerk.catalogue"
    label = "catalogue"

    def ready(self) -> None:
        from lokaalwerk.indicators.registry import publish

        from .indicators import REGISTRATION

        publish(REGISTRATION)
