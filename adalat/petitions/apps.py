from importlib import import_module

from django.apps import AppConfig


class PetitionsConfig(AppConfig):
    name = "adalat.petitions"
    label = "petitions"
    verbose_name = "Motions and complaints"

    def ready(self) -> None:
        import_module(f"{self.name}.plugin").register()
