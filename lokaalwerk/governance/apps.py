from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "lokaalwerk.governance"
    label = "governance"
