from importlib import import_module

from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "adalat.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        import_module(f"{self.name}.plugin").register()
