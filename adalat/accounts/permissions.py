"""Django's permission checks, answered by the access policy where the policy decides.

The Django admin asks ``user.has_perm("audit.view_auditentry")`` before it shows the audit log.
The audit module cannot ask ``accounts.access`` itself (it sits below accounts), so this
backend answers for it: whoever the policy lets read the audit log (``Action.AUDIT_READ``, the
administrators) may view it in the admin, superuser or not. Every other permission is left to
Django's own backend.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import BaseBackend

from . import access
from .access import Action

# Django permission -> the policy's action that grants it (system-wide actions only).
POLICY_PERMISSIONS = {"audit.view_auditentry": Action.AUDIT_READ}


class PolicyPermissionBackend(BaseBackend):
    """Grants the permissions of ``POLICY_PERMISSIONS`` to whoever the access policy allows."""

    def get_user(self, user_id: int) -> None:
        return None  # it never logs anyone in: ModelBackend does

    def has_perm(self, user_obj: Any, perm: str, obj: Any = None) -> bool:
        action = POLICY_PERMISSIONS.get(perm)
        return action is not None and obj is None and access.can(user_obj, action)

    def has_module_perms(self, user_obj: Any, app_label: str) -> bool:
        return any(
            perm.startswith(f"{app_label}.") and access.can(user_obj, action)
            for perm, action in POLICY_PERMISSIONS.items()
        )
