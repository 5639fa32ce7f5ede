"""What Adalat asks of a signing system, whatever holds the keys."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol


class Outcome(StrEnum):
    """The three outcomes of a signature's validation (ETSI EN 319 102-1)."""

    PASSED = "passed"
    FAILED = "failed"
    INDETERMINATE = "indeterminate"


@dataclass(frozen=True)
class Verdict:
    """One signature's validation: who signed (the certificate's subject, serial number and the
    SHA-256 of the whole certificate, which alone identifies it), when (the time stamp's time, not
    the signer's clock) and the outcome. ``indication`` is the ETSI sub-indication
    (``HASH_FAILURE``, ``REVOKED``, ``NO_CERTIFICATE_CHAIN_FOUND``...) or ``OK``."""

    outcome: Outcome
    indication: str
    subject: str
    serial: int | None
    issuer: str
    signed_at: dt.datetime | None
    timestamped: bool
    fingerprint: str | None = None


@dataclass(frozen=True)
class Credentials:
    """A signer's private key (PKCS#8, DER, in memory only) and certificate chain (DER, the
    signer's first)."""

    private_key: bytes
    chain: tuple[bytes, ...]


@dataclass(frozen=True)
class Trust:
    """What verification trusts: the authorities' root certificates and their current revocation
    lists (DER). Nothing is fetched from the network."""

    roots: tuple[bytes, ...]
    crls: tuple[bytes, ...]


class Signing(Protocol):
    """A signing system. ``signer`` is the key holder's reference (an Adalat user's id for keys
    Adalat holds; a device session for a signer whose keys stay on the person's device)."""

    def sign_pdf(self, *, signer: int, data: bytes, reason: str) -> bytes:
        """The PDF with a PAdES signature (B-LT or better) added as an incremental update."""
        ...

    def sign_detached(self, *, signer: int, data: bytes) -> bytes:
        """A time-stamped detached CMS signature (DER) over ``data``."""
        ...

    def verify_pdf(self, *, data: bytes) -> list[Verdict]:
        """A verdict for each signature in the PDF, in signing order."""
        ...

    def verify_detached(self, *, data: bytes, signature: bytes) -> Verdict:
        """The verdict on a detached CMS signature over ``data``."""
        ...


class Unreadable(Exception):
    """The file or the signature cannot be read as one (or a PDF forbids being signed)."""


class SigningFailed(Exception):
    """The signing system could not make the signature (the signer's certificate path, the
    time-stamping authority, a device that did not answer): the file is not at fault."""
