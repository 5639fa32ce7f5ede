from importlib import import_module

from django.apps import AppConfig


class ListenerConfig(AppConfig):
    name = "tests.cases.listener"
    label = "tests_listener"

    def ready(self) -> None:
        import_module(f"{self.name}.handler").install()
