from django.apps import AppConfig


class OrganizationsConfig(AppConfig):
    name = "adalat.organizations"
    label = "organizations"
    verbose_name = "Organizations"
