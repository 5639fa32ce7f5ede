"""The audit module's app configuration; its deployment checks register as it loads."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from . import checks  # noqa: F401 (registers the deployment checks)


class AuditConfig(AppConfig):
    name = "adalat.audit"
    label = "audit"
    verbose_name = _("Audit log")
