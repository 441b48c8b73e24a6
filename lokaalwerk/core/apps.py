from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lokaalwerk.core"
    label = "core"
