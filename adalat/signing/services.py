"""Creating the authority, issuing certificates and revoking them. Each change is audited; the
caller owns the transaction."""

from __future__ import annotations

import datetime as dt

from cryptography import x509
from django.utils.translation import gettext as _

from adalat.accounts.models import User
from adalat.audit.services import audit_record
from adalat.core import clock
from adalat.core.errors import ApplicationError, Conflict, ValidationFailed
from adalat.integrations.signing import pki

from .models import Authority, Certificate
from .sealing import seal, unseal
from .selectors import authority_current

DEFAULT_NAME = "Adalat Root CA"


class NoAuthority(ApplicationError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            _("There is no signing authority yet: create it first with “adalat signing init-ca”."),
            code="no_authority",
        )


def authority_key(authority: Authority) -> pki.Issued:
    return pki.Issued(unseal(authority.private_key, label=f"root:{authority.pk}"), bytes(authority.certificate))


def authority_crl(authority: Authority, *, now: dt.datetime) -> bytes:
    """The authority's revocation list as of ``now``, listing every certificate it revoked."""
    revoked = Certificate.objects.filter(authority=authority, revoked_at__isnull=False).values_list(
        "serial", "revoked_at"
    )
    return pki.crl_make(
        authority=authority_key(authority),
        revoked=[(int(serial, 16), at) for serial, at in revoked if at is not None],
        number=authority.crl_number,
        now=now,
    )


def authority_create(
    *, actor: User | None, name: str = DEFAULT_NAME, organization: str = "Adalat", force: bool = False
) -> Authority:
    """The jurisdiction's authority: a root, its time-stamping authority and an empty revocation
    list. An existing authority is replaced only with ``force``; it stays trusted for what it signed."""
    name = " ".join(name.split())
    if not name or len(name) > 64:
        raise ValidationFailed({"name": _("Give the authority a name of at most 64 characters.")})
    current = authority_current()
    if current is not None and not force:
        raise Conflict(
            _("A signing authority exists already (%(name)s, created %(at)s); replacing it needs --force.")
            % {"name": current.name, "at": current.created_at.date().isoformat()},
            code="authority_exists",
        )
    if current is not None:
        Authority.objects.filter(pk=current.pk).update(is_current=False)
    now = clock.now()
    root = pki.root_make(name=name, organization=organization, now=now)
    tsa = pki.certificate_make(
        authority=root,
        common_name=f"{name} TSA",
        organization=organization,
        now=now,
        years=pki.TSA_YEARS,
        timestamping=True,
    )
    authority = Authority.objects.create(
        name=name, certificate=root.certificate, private_key=b"", tsa_certificate=tsa.certificate,
        tsa_private_key=b"", crl=b"", crl_number=1, created_at=now, is_current=True,
    )  # fmt: skip
    authority.private_key = seal(root.private_key, label=f"root:{authority.pk}")
    authority.tsa_private_key = seal(tsa.private_key, label=f"tsa:{authority.pk}")
    authority.crl = pki.crl_make(authority=root, revoked=[], number=1, now=now)
    authority.save(update_fields=["private_key", "tsa_private_key", "crl"])
    audit_record(
        actor=actor,
        action="signing.authority_created",
        object_type="signing_authority",
        object_id=authority.pk,
        data={"replaced": current.pk if current is not None else None},
    )
    return authority


def certificate_issue(*, actor: User | None, user: User) -> Certificate:
    """A new key and certificate for ``user`` from the current authority. Earlier certificates
    stay valid for what they signed; the newest is the one signed with."""
    authority = authority_current()
    if authority is None:
        raise NoAuthority()
    if user.kind != User.Kind.PERSON or not user.is_active:
        raise ValidationFailed({"user": _("Certificates are issued to people with an active account only.")})
    now = clock.now()
    issued = pki.certificate_make(
        authority=authority_key(authority),
        common_name=user.display_name,
        organization=authority.name,
        now=now,
    )
    parsed = x509.load_der_x509_certificate(issued.certificate)
    serial = format(parsed.serial_number, "x")
    certificate = Certificate.objects.create(
        user=user,
        authority=authority,
        serial=serial,
        subject=parsed.subject.rfc4514_string()[:300],
        certificate=issued.certificate,
        private_key=seal(issued.private_key, label=f"signer:{serial}"),
        not_before=parsed.not_valid_before_utc,
        not_after=parsed.not_valid_after_utc,
        issued_at=now,
    )
    audit_record(
        actor=actor,
        action="signing.certificate_issued",
        object_type="signing_certificate",
        object_id=certificate.pk,
        data={"user": user.pk, "serial": serial, "authority": authority.pk},
    )
    return certificate


def certificate_revoke(*, actor: User | None, user: User) -> list[Certificate]:
    """Revoke every certificate of ``user`` that is not revoked yet, and re-issue the revocation
    lists: what they signed no longer passes verification."""
    certificates = list(Certificate.objects.select_related("authority").filter(user=user, revoked_at__isnull=True))
    if not certificates:
        raise Conflict(_("%(user)s has no certificate to revoke.") % {"user": user.username}, code="no_certificate")
    now = clock.now()
    Certificate.objects.filter(pk__in=[c.pk for c in certificates]).update(revoked_at=now)
    for authority_id in sorted({c.authority_id for c in certificates}):
        authority = Authority.objects.select_for_update().get(pk=authority_id)
        authority.crl_number += 1
        authority.crl = authority_crl(authority, now=now)
        authority.save(update_fields=["crl_number", "crl"])
    for certificate in certificates:
        certificate.revoked_at = now
        audit_record(
            actor=actor,
            action="signing.certificate_revoked",
            object_type="signing_certificate",
            object_id=certificate.pk,
            data={"user": user.pk, "serial": certificate.serial, "authority": certificate.authority_id},
        )
    return certificates
