from importlib import import_module

from django.apps import AppConfig


class RestraintConfig(AppConfig):
    name = "adalat.restraint"
    label = "restraint"
    verbose_name = "Measures of restraint"

    def ready(self) -> None:
        import_module(f"{self.name}.plugin").register()
