from importlib import import_module

from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "adalat.supervision"
    label = "supervision"
    verbose_name = "Supervision"

    def ready(self) -> None:
        import_module(f"{self.name}.plugin").register()
