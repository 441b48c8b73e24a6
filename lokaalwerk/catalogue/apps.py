from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "lokaalwerk.catalogue"
    label = "catalogue"
