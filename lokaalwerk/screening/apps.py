from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "lokaalwerk.screening"
    label = "screening"
