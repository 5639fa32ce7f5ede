"""The signing port Adalat uses (``signing_port``), chosen by ``SIGNING_PORT``; by default the
in-process adapter over the keys in the database. Private keys are unsealed here, for one
signature at a time, and never leave the process."""

from __future__ import annotations

import datetime as dt
import functools
import logging

from cryptography import x509
from django.conf import settings
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from adalat.core import clock
from adalat.core.errors import ApplicationError
from adalat.integrations.signing.port import Credentials, Signing, Trust

from .models import Authority
from .sealing import KeyUnreadable, unseal
from .selectors import certificate_of
from .services import NoAuthority, authority_crl

logger = logging.getLogger(__name__)
# A revocation list is re-issued in memory for verification when the stored one is this old.
CRL_FRESH = dt.timedelta(days=1)


class NoCertificate(ApplicationError):
    status = 409

    def __init__(self) -> None:
        super().__init__(
            _("You have no valid signing certificate. Ask an administrator to issue one."), code="no_certificate"
        )


@functools.lru_cache(maxsize=64)
def _fresh_crl(authority_id: int, crl_number: int, hour: dt.datetime, root: bytes) -> bytes:
    """``root`` keys the cache to this very authority."""
    return authority_crl(Authority.objects.get(pk=authority_id), now=hour)


@functools.lru_cache(maxsize=64)
def _issued(crl: bytes) -> dt.datetime:
    return x509.load_der_x509_crl(crl).last_update_utc


class DatabaseKeyStore:
    """The key store of the in-process adapter: sealed keys and certificates in the database."""

    def credentials(self, signer: int) -> Credentials:
        certificate = certificate_of(user_id=signer)
        if certificate is None:
            raise NoCertificate()
        key = unseal(certificate.private_key, label=f"signer:{certificate.serial}")
        return Credentials(key, (bytes(certificate.certificate), bytes(certificate.authority.certificate)))

    def timestamping(self) -> Credentials:
        authority = Authority.objects.filter(is_current=True).first()
        if authority is None:
            raise NoAuthority()
        key = unseal(authority.tsa_private_key, label=f"tsa:{authority.pk}")
        return Credentials(key, (bytes(authority.tsa_certificate), bytes(authority.certificate)))

    def trust(self) -> Trust:
        """Every authority's root (earlier ones too: what they signed stays verifiable) and its
        current revocation list."""
        roots, crls = [], []
        now = clock.now()
        for pk, certificate, crl, number in Authority.objects.order_by("pk").values_list(
            "pk", "certificate", "crl", "crl_number"
        ):
            roots.append(bytes(certificate))
            crls.append(self._crl(pk, bytes(crl), number, now, bytes(certificate)))
        return Trust(tuple(roots), tuple(crls))

    @staticmethod
    def _crl(pk: int, stored: bytes, number: int, now: dt.datetime, root: bytes) -> bytes:
        if now - _issued(stored) < CRL_FRESH:
            return stored
        try:
            return _fresh_crl(pk, number, now.replace(minute=0, second=0, microsecond=0), root)
        except KeyUnreadable:  # verification goes on with the list as it was (it may answer "cannot decide")
            logger.exception("The revocation list of signing authority %s cannot be re-issued", pk)
            return stored


def in_process() -> Signing:
    # pyHanko is loaded when something is first signed or verified, not when Django starts.
    from adalat.integrations.signing.inprocess import InProcessSigning  # noqa: PLC0415

    return InProcessSigning(DatabaseKeyStore(), clock.now)


def signing_port() -> Signing:
    """The configured signing port (``ADALAT_SIGNING_PORT``, a factory's dotted path)."""
    factory = import_string(settings.SIGNING_PORT)
    port: Signing = factory()
    return port
