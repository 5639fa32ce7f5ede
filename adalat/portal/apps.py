from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "adalat.portal"
    label = "portal"
    verbose_name = "Public portal"
