from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "adalat.accounts"
    label = "accounts"
    verbose_name = "Accounts"
