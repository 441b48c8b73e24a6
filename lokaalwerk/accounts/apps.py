from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "lokaalwerk.accounts"
    label = "accounts"
