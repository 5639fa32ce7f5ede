"""Private keys at rest: AES-256-GCM with a key derived (HKDF-SHA256) from ``ADALAT_SIGNING_KEY``,
each sealed value bound to what it is the key of (its label), so that one cannot be swapped for
another. Outside production, without ``ADALAT_SIGNING_KEY``, the key is derived from Django's
``SECRET_KEY`` instead (docs/operations.md)."""

from __future__ import annotations

import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from adalat.core.errors import ApplicationError

PREFIX = b"AG1"
NONCE = 12


class KeyUnreadable(ApplicationError):
    status = 503

    def __init__(self) -> None:
        super().__init__(
            _("A signing key cannot be decrypted: ADALAT_SIGNING_KEY is not the key it was sealed with."),
            code="signing_key",
        )


@functools.lru_cache(maxsize=4)
def _derive(material: str) -> AESGCM:
    key = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"adalat signing keys").derive(material.encode())
    return AESGCM(key)


def _cipher() -> AESGCM:
    material = settings.SIGNING_KEY
    if not material:
        if settings.PRODUCTION:
            raise ImproperlyConfigured("ADALAT_SIGNING_KEY must be set when ADALAT_ENV=production.")
        material = f"secret-key:{settings.SECRET_KEY}"
    return _derive(material)


def seal(plain: bytes, *, label: str) -> bytes:
    nonce = os.urandom(NONCE)
    return PREFIX + nonce + _cipher().encrypt(nonce, plain, label.encode())


def unseal(sealed: bytes | memoryview, *, label: str) -> bytes:
    sealed = bytes(sealed)
    if not sealed.startswith(PREFIX):
        raise KeyUnreadable()
    nonce, body = sealed[len(PREFIX) : len(PREFIX) + NONCE], sealed[len(PREFIX) + NONCE :]
    try:
        return _cipher().decrypt(nonce, body, label.encode())
    except InvalidTag:
        raise KeyUnreadable() from None
