from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "adalat.cases"
    label = "cases"
    verbose_name = "Cases"
