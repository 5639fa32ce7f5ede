from django.apps import AppConfig


class SigningConfig(AppConfig):
    name = "adalat.signing"
    label = "signing"
    verbose_name = "Signing"
