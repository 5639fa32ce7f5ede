from importlib import import_module

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "adalat.documents"
    label = "documents"
    verbose_name = "Documents"

    def ready(self) -> None:
        import_module(f"{self.name}.plugin").register()
