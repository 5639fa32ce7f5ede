from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "adalat.demo"
    label = "demo"
    verbose_name = "Demo data"
