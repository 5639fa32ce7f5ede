from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "adalat.api"
    label = "api"
    verbose_name = "API"
