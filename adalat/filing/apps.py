from importlib import import_module

from django.apps import AppConfig


class FilingConfig(AppConfig):
    name = "adalat.filing"
    label = "filing"
    verbose_name = "Filing online"

    def ready(self) -> None:
        import_module(f"{self.name}.plugin").register()
