from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "lokaalwerk.agreements"
    label = "agreements"
