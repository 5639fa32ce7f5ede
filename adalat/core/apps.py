from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "adalat.core"
    label = "core"
    verbose_name = "Core"
