from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "lokaalwerk.indicators"
    label = "indicators"
