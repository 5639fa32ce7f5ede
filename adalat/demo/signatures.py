"""The demo's signing authority and a certificate for each official, so that its criminal cases
carry signed acts and anyone trying the demo can sign a document."""

from __future__ import annotations

from adalat.accounts.models import Membership
from adalat.core.roles import Role
from adalat.signing.services import authority_create, certificate_issue

AUTHORITY = "Demo Republic Certification Authority"
SIGNERS = (Role.CLERK, Role.JUDGE, Role.CHAIR, Role.PROSECUTOR, Role.INVESTIGATOR)


def signers_certify() -> int:
    """Create the authority and issue a certificate to every official; returns how many. The
    caller owns the transaction."""
    authority_create(actor=None, name=AUTHORITY, organization="Demo Republic")
    officials = Membership.objects.filter(role__in=SIGNERS, is_active=True, user__is_active=True)
    users = {m.user_id: m.user for m in officials.select_related("user").order_by("user_id")}
    for user in users.values():
        certificate_issue(actor=None, user=user)
    return len(users)
