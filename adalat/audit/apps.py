from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "adalat.audit"
    label = "audit"
    verbose_name = "Audit log"
