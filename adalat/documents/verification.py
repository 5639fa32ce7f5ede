"""What a version's signatures say when verified: who signed, when (the time stamp's time), and
the outcome of ETSI EN 319 102-1 (passed, failed, indeterminate) with the problem in plain words.

Verifying a PDF costs tens of milliseconds, so verdicts are kept in memory per content, signature
and state of trust: a revocation (a new revocation list number) or a new authority changes the
state and so the verdicts asked for next; the day is part of it too, so that a certificate's
expiry is noticed within a day even by a process that never restarts."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from adalat.core import clock
from adalat.integrations.signing.port import Outcome, Signing, Unreadable, Verdict
from adalat.signing.selectors import certificates_by_serial, trust_state
from adalat.signing.store import signing_port

from .blobs import blob_open
from .models import DocumentVersion, Signature

logger = logging.getLogger(__name__)
CACHED = 4096
UNREADABLE = Verdict(Outcome.FAILED, "FORMAT_FAILURE", "", None, "", None, False)
# The validator itself failed (not the file): nothing can be said now, and nothing is remembered.
NOT_NOW = Verdict(Outcome.INDETERMINATE, "TRY_LATER", "", None, "", None, False)
_cache: OrderedDict[tuple[object, ...], tuple[Verdict, ...]] = OrderedDict()
_lock = threading.Lock()


@dataclass(frozen=True)
class SignatureView:
    signer: str
    certificate_subject: str
    signed_at: dt.datetime | None
    timestamped: bool
    status: str
    problem: str | None

    @property
    def outcome_text(self) -> str:
        return outcome_text(Outcome(self.status))


def outcome_text(outcome: Outcome) -> str:
    return {
        Outcome.PASSED: _("valid"),
        Outcome.FAILED: _("not valid"),
        Outcome.INDETERMINATE: _("cannot be confirmed"),
    }[outcome]


def problem_text(verdict: Verdict) -> str | None:
    """The problem in plain words; None for a signature that passed."""
    if verdict.outcome is Outcome.PASSED:
        return None
    indication = verdict.indication
    if indication in ("HASH_FAILURE", "SIG_CRYPTO_FAILURE", "CHANGED_AFTER_SIGNING"):
        return _("The file was changed after it was signed.")
    if indication == "REVOKED":
        return _("The signer's certificate was revoked.")
    if indication in ("NO_CERTIFICATE_CHAIN_FOUND", "CHAIN_CONSTRAINTS_FAILURE", "CERTIFICATE_CHAIN_GENERAL_FAILURE"):
        return _("The certificate was issued by an authority that Adalat does not trust.")
    if indication in ("EXPIRED", "OUT_OF_BOUNDS_NO_POE", "OUT_OF_BOUNDS_NOT_REVOKED", "NO_POE"):
        return _("The certificate has expired and nothing proves that the signature was made before.")
    if indication == "NOT_YET_VALID":
        return _("The certificate was not yet valid when the file was signed.")
    if indication in ("FORMAT_FAILURE", "SIGNED_DATA_NOT_FOUND"):
        return _("The signature cannot be read.")
    if indication == "TRY_LATER":
        return _("The signature could not be verified just now; reload the page in a moment.")
    return _("The signature could not be verified (%(indication)s).") % {"indication": indication}


def _trust_state() -> tuple[object, ...]:
    return (trust_state(), clock.now().date())


def _remember(key: tuple[object, ...], verdicts: tuple[Verdict, ...]) -> None:
    with _lock:
        _cache[key] = verdicts
        _cache.move_to_end(key)
        while len(_cache) > CACHED:
            _cache.popitem(last=False)


def _recalled(key: tuple[object, ...]) -> tuple[Verdict, ...] | None:
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
        return found


def verdicts_for(
    *,
    data: bytes | Callable[[], bytes],
    signature: bytes | None,
    port: Signing | None = None,
    trust: tuple[object, ...] | None = None,
    digest: str | None = None,
) -> tuple[Verdict, ...]:
    """The verdicts on a PDF's embedded signatures, or on a detached ``signature`` over ``data``.
    ``data`` may be a function that reads the file, with its SHA-256 as ``digest``: it is read only
    when the verdicts are not remembered."""
    trust = trust if trust is not None else _trust_state()
    if digest is None:
        content = data() if callable(data) else data
        digest = hashlib.sha256(content).hexdigest()
        data = content
    key = (digest, hashlib.sha256(signature).digest() if signature is not None else None, trust)
    found = _recalled(key)
    if found is not None:
        return found
    port = port or signing_port()
    try:
        content = data() if callable(data) else data
        if signature is None:
            verdicts = tuple(port.verify_pdf(data=content))
        else:
            verdicts = (port.verify_detached(data=content, signature=signature),)
    except Unreadable:
        verdicts = (UNREADABLE,)
    except Exception:  # the validator or the store failed, not the file: indeterminate, asked again next time
        logger.exception("Verifying a signature failed")
        return (NOT_NOW,)
    _remember(key, verdicts)
    return verdicts


def _views(verdicts: tuple[Verdict, ...]) -> list[SignatureView]:
    known = certificates_by_serial({v.serial for v in verdicts if v.serial is not None})
    views = []
    for verdict in verdicts:
        certificate = known.get(verdict.serial) if verdict.serial is not None else None
        # The very certificate Adalat issued, not one that merely shares its serial number.
        if (
            certificate is not None
            and hashlib.sha256(bytes(certificate.certificate)).hexdigest() != verdict.fingerprint
        ):
            certificate = None
        views.append(
            SignatureView(
                signer=certificate.user.display_name if certificate is not None else verdict.subject,
                certificate_subject=verdict.subject,
                signed_at=verdict.signed_at,
                timestamped=verdict.timestamped,
                status=verdict.outcome.value,
                problem=problem_text(verdict),
            )
        )
    return views


def signatures_of_file(*, data: bytes, signature: bytes | None) -> list[SignatureView]:
    """The signatures of a file from outside Adalat: a PDF's embedded ones, or ``signature``
    (detached CMS) over ``data``."""
    if signature is None and not data.startswith(b"%PDF-"):
        return []
    return _views(verdicts_for(data=data, signature=signature))


def version_signatures(version: DocumentVersion) -> list[SignatureView]:
    """The signatures of a version the caller may read, verified: those embedded in a PDF that was
    signed in Adalat, and the detached ones kept beside the version."""
    signatures: list[Signature] = list(version.signatures.all())
    if not signatures:
        return []
    read: list[bytes] = []

    def content() -> bytes:  # read once, and only if a verdict is not remembered
        if not read:
            with blob_open(version.blob) as handle:
                read.append(handle.read())
        return read[0]

    trust = _trust_state()
    digest = version.blob.sha256
    verdicts: list[Verdict] = []
    if any(s.kind == Signature.Kind.PADES for s in signatures):
        verdicts.extend(verdicts_for(data=content, signature=None, trust=trust, digest=digest))
    for signature in signatures:
        if signature.kind == Signature.Kind.CMS:
            verdicts.extend(
                verdicts_for(data=content, signature=bytes(signature.signature), trust=trust, digest=digest)
            )
    return _views(tuple(verdicts))
