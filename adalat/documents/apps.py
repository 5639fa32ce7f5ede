from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "adalat.documents"
    label = "documents"
    verbose_name = "Documents"
