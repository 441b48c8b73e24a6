from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "lokaalwerk.geography"
    label = "geography"
