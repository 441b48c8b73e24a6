from django.apps import AppConfig


class ResultsConfig(AppConfig):
    name = "lokaalwerk.results"
    label = "results"
