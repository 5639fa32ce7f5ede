from importlib import import_module

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "adalat.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        import_module(f"{self.name}.plugin").register()
