from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "lokaalwerk.audit"
    label = "audit"
