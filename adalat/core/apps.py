from django.apps import AppConfig
from django.urls import register_converter

from .converters import IdConverter


class CoreConfig(AppConfig):
    name = "adalat.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        # Before any URLconf is read: every app's urls.py writes ids as <id:...>.
        register_converter(IdConverter, "id")
