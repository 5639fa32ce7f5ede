"""The in-process adapter of the signing port: keys held by Adalat (encrypted at rest by the key
store that hands them over), signatures made with pyHanko, time stamps issued in process by the
authority's time-stamping certificate (real RFC 3161 tokens), and verification against the
authority's root and revocation list with nothing fetched from the network.

PDFs are signed at PAdES B-LTA: the signature carries a time stamp, the chain and the revocation
list go into the document security store, and a document time stamp closes it. Other files get a
detached CMS signature with a signature time stamp.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import hashlib
import io
import logging
import threading
import uuid
from collections.abc import Callable
from typing import Any, Protocol

from asn1crypto import cms, core, keys, tsp
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.padding import PKCS1v15
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import general, signers
from pyhanko.sign.ades.report import AdESIndeterminate, AdESStatus
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.fields import SigSeedSubFilter
from pyhanko.sign.general import simple_cms_attribute
from pyhanko.sign.timestamps.dummy_client import DummyTimeStamper
from pyhanko.sign.validation import ades
from pyhanko.sign.validation.policy_decl import (
    LocalKnowledge,
    PdfSignatureValidationSpec,
    RevinfoOnlineFetchingRule,
    RevocationInfoGatheringSpec,
    SignatureValidationSpec,
)
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator import errors as certvalidator_errors
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule
from pyhanko_certvalidator.registry import SimpleCertificateStore, SimpleTrustManager
from pyhanko_certvalidator.revinfo.archival import CRLContainer
from pyhanko_certvalidator.util import get_pyca_cryptography_hash

from .port import Credentials, Outcome, SigningFailed, Trust, Unreadable, Verdict

# pyHanko warns on every signature that it may not fetch revocation data: it is given it instead.
logger = logging.getLogger(__name__)
logging.getLogger("pyhanko.sign.signers.pdf_signer").addFilter(
    lambda record: "fetching is not allowed" not in record.getMessage()
)

_attribute: Callable[[str, Any], Any] = simple_cms_attribute  # pyHanko's, untyped
CHANGED = "CHANGED_AFTER_SIGNING"  # Adalat's own indication: a later revision alters the signed content
REVOKED = frozenset({AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE})
FIELD = "Signature"


class KeyStore(Protocol):
    """Where the in-process adapter gets keys, certificates and the time."""

    def credentials(self, signer: int) -> Credentials: ...

    def timestamping(self) -> Credentials: ...

    def trust(self) -> Trust: ...


@functools.lru_cache(maxsize=8)
def _rsa_key(der: bytes) -> RSAPrivateKey:
    """The time-stamping key, loaded (and checked) once per process: checking an RSA key costs
    tens of milliseconds, more than the signature."""
    key = serialization.load_der_private_key(der, password=None)
    if not isinstance(key, RSAPrivateKey):
        raise ValueError("the time-stamping key is not an RSA key")
    return key


@functools.lru_cache(maxsize=256)
def _certificate(der: bytes) -> asn1_x509.Certificate:
    """A certificate parsed once per process (asn1crypto parses lazily and keeps what it parsed)."""
    return asn1_x509.Certificate.load(der)


@functools.lru_cache(maxsize=64)
def _registry(chain: tuple[bytes, ...]) -> SimpleCertificateStore:
    store: SimpleCertificateStore = SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
        [_certificate(c) for c in chain]
    )
    return store


class _TimeStamper(DummyTimeStamper):
    """An RFC 3161 authority in process, stamping with Adalat's clock."""

    def __init__(self, credentials: Credentials, now: Callable[[], dt.datetime]) -> None:
        super().__init__(
            tsa_cert=_certificate(credentials.chain[0]),
            tsa_key=keys.PrivateKeyInfo.load(credentials.private_key),
            certs_to_embed=_registry(credentials.chain[1:]),
        )
        self._key = _rsa_key(credentials.private_key)
        self._now = now
        self._lock = threading.Lock()

    def request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        with self._lock:  # one stamper serves every thread of the process
            self.fixed_dt = self._now()
            return super().request_tsa_response(req)

    def _sign_tst_info(self, tst_info_data: bytes, md_algorithm: str, at: dt.datetime) -> tuple[bytes, Any]:
        """As pyHanko's, with the key loaded once."""
        digest = hashes.Hash(get_pyca_cryptography_hash(md_algorithm))
        digest.update(tst_info_data)
        signed_attrs = cms.CMSAttributes(
            [
                _attribute("content_type", "tst_info"),
                _attribute("signing_time", cms.Time({"utc_time": core.UTCTime(at)})),
                _attribute("signing_certificate", general.as_signing_certificate(self.tsa_cert)),
                _attribute("message_digest", digest.finalize()),
            ]
        )
        signature = self._key.sign(signed_attrs.dump(), PKCS1v15(), get_pyca_cryptography_hash(md_algorithm.upper()))
        return signature, signed_attrs


@functools.lru_cache(maxsize=4)
def _stamper(credentials: Credentials, now: Callable[[], dt.datetime]) -> _TimeStamper:
    """One time stamper per authority and process: pyHanko sizes a PDF signature's room for the
    time stamp with a trial token, which a stamper makes once and keeps."""
    return _TimeStamper(credentials, now)


def _signer(credentials: Credentials) -> signers.SimpleSigner:
    return signers.SimpleSigner(
        signing_cert=_certificate(credentials.chain[0]),
        signing_key=keys.PrivateKeyInfo.load(credentials.private_key),
        cert_registry=_registry(credentials.chain[1:]),
    )


@functools.lru_cache(maxsize=16)
def _crl_list(crls: tuple[bytes, ...]) -> tuple[asn1_crl.CertificateList, ...]:
    return tuple(asn1_crl.CertificateList.load(c) for c in crls)


def _crls(trust: Trust) -> list[asn1_crl.CertificateList]:
    return list(_crl_list(trust.crls))


def _roots(trust: Trust) -> list[asn1_x509.Certificate]:
    return [_certificate(c) for c in trust.roots]


@functools.lru_cache(maxsize=16)
def _spec(trust: Trust) -> SignatureValidationSpec:
    """The validation settings for ``trust``, made once per state of trust (a revocation list
    re-issued is another state)."""
    crl_required = RevocationCheckingRule.CRL_REQUIRED
    return SignatureValidationSpec(
        cert_validation_policy=CertValidationPolicySpec(
            trust_manager=SimpleTrustManager.build(trust_roots=_roots(trust)),
            revinfo_policy=CertRevTrustPolicy(
                RevocationCheckingPolicy(ee_certificate_rule=crl_required, intermediate_ca_cert_rule=crl_required)
            ),
        ),
        revinfo_gathering_policy=RevocationInfoGatheringSpec(online_fetching_rule=RevinfoOnlineFetchingRule.LOCAL_ONLY),
        local_knowledge=LocalKnowledge(known_crls=[CRLContainer(c) for c in _crls(trust)]),
    )


@functools.lru_cache(maxsize=16)
def _revoked(crls: tuple[bytes, ...]) -> dict[bytes, frozenset[int]]:
    """The serial numbers each authority (by its name, DER) has revoked."""
    revoked: dict[bytes, frozenset[int]] = {}
    for crl in _crl_list(crls):
        tbs = crl["tbs_cert_list"]
        serials = frozenset(entry["user_certificate"].native for entry in tbs["revoked_certificates"])
        revoked[tbs["issuer"].dump()] = revoked.get(tbs["issuer"].dump(), frozenset()) | serials
    return revoked


def _is_revoked(cert: asn1_x509.Certificate | None, trust: Trust) -> bool:
    if cert is None:
        return False
    return cert.serial_number in _revoked(trust.crls).get(cert.issuer.dump(), frozenset())


def _changed_after(status: Any) -> bool:
    """Whether a PDF was changed after the signature in a way no signing, time stamp, form filling
    or annotation explains: AdES validation checks the signed revision, not what was added later."""
    level = getattr(status, "modification_level", None)
    return level is ModificationLevel.OTHER or getattr(status, "docmdp_ok", True) is False


def _verdict(result: Any, signer_cert: asn1_x509.Certificate | None, trust: Trust) -> Verdict:
    """Adalat's reading of pyHanko's AdES result: a signer whose certificate is revoked fails (a
    revoked key may have signed anything), even where a time stamp proves the signature older
    than the revocation, which ETSI EN 319 102-1 would let pass (decision 0050)."""
    indication = result.ades_subindic
    outcome = Outcome(indication.status.name.lower())
    name = indication.standard_name
    status = result.api_status
    if indication in REVOKED or (outcome is Outcome.PASSED and _is_revoked(signer_cert, trust)):
        outcome, name = Outcome.FAILED, "REVOKED"
    elif outcome is not Outcome.FAILED and _changed_after(status):
        outcome, name = Outcome.FAILED, CHANGED
    stamp = getattr(status, "timestamp_validity", None) if status is not None else None
    signed_at = stamp.timestamp if stamp is not None else None
    if signed_at is None and outcome is Outcome.PASSED:
        signed_at = result.best_signature_time
    return Verdict(
        outcome=outcome,
        indication=name,
        subject=signer_cert.subject.human_friendly if signer_cert is not None else "",
        serial=signer_cert.serial_number if signer_cert is not None else None,
        issuer=signer_cert.issuer.human_friendly if signer_cert is not None else "",
        signed_at=signed_at,
        timestamped=stamp is not None,
        fingerprint=hashlib.sha256(signer_cert.dump()).hexdigest() if signer_cert is not None else None,
    )


def _failed(indication: str) -> Verdict:
    return Verdict(Outcome.FAILED, indication, "", None, "", None, False)


# What goes wrong with signing itself rather than with the file being signed.
NOT_THE_FILES_FAULT = (
    certvalidator_errors.ValidationError,
    certvalidator_errors.PathError,
    certvalidator_errors.CRLValidationError,
    certvalidator_errors.OCSPValidationError,
    OSError,  # a time-stamping authority that does not answer (TimestampRequestError), a key file
)


class InProcessSigning:
    """The signing port over a ``KeyStore``; ``now`` is the clock time stamps are issued with."""

    def __init__(self, store: KeyStore, now: Callable[[], dt.datetime]) -> None:
        self.store = store
        self.now = now

    def _timestamper(self) -> _TimeStamper:
        return _stamper(self.store.timestamping(), self.now)

    def sign_pdf(self, *, signer: int, data: bytes, reason: str) -> bytes:
        credentials, trust, stamper = self.store.credentials(signer), self.store.trust(), self._timestamper()
        context = ValidationContext(
            trust_roots=_roots(trust), crls=_crls(trust), allow_fetching=False, moment=self.now()
        )
        try:
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        except Exception as error:
            raise Unreadable(str(error)) from error
        meta = signers.PdfSignatureMetadata(
            field_name=f"{FIELD}-{uuid.uuid4().hex[:12]}",
            reason=reason or None,
            subfilter=SigSeedSubFilter.PADES,
            embed_validation_info=True,
            use_pades_lta=True,
            validation_context=context,
        )
        out = io.BytesIO()
        try:
            signers.PdfSigner(meta, signer=_signer(credentials), timestamper=stamper).sign_pdf(writer, output=out)
        except NOT_THE_FILES_FAULT as error:  # the certificate path, revocation data, the time stamp
            logger.warning("A PDF could not be signed: %r", error)
            raise SigningFailed(str(error)) from error
        except Exception as error:  # the PDF's own structure (encrypted, forbids changes, broken references)
            raise Unreadable(str(error)) from error
        return out.getvalue()

    def sign_detached(self, *, signer: int, data: bytes) -> bytes:
        signer_ = _signer(self.store.credentials(signer))
        try:
            signed = asyncio.run(
                signer_.async_sign_general_data(data, "sha256", detached=True, timestamper=self._timestamper())
            )
        except Exception as error:
            logger.warning("A detached signature could not be made: %r", error)
            raise SigningFailed(str(error)) from error
        return bytes(signed.dump())

    def verify_pdf(self, *, data: bytes) -> list[Verdict]:
        trust = self.store.trust()
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            embedded = list(reader.embedded_regular_signatures)
        except (PdfError, ValueError, KeyError) as error:
            raise Unreadable(str(error)) from error
        spec = PdfSignatureValidationSpec(_spec(trust))
        verdicts = []
        for signature in embedded:
            try:
                result = asyncio.run(ades.ades_lta_validation(signature, spec))
                cert = signature.signer_cert
            except (PdfError, ValueError, KeyError):
                verdicts.append(_failed("FORMAT_FAILURE"))
                continue
            verdicts.append(_verdict(result, cert, trust))
        return verdicts

    def verify_detached(self, *, data: bytes, signature: bytes) -> Verdict:
        try:
            info = cms.ContentInfo.load(signature)
            signed_data = info["content"]
            if info["content_type"].native != "signed_data":
                raise ValueError("not SignedData")
            signer_info = signed_data["signer_infos"][0]
            sid = signer_info["sid"].chosen
            cert = next(
                (
                    c.chosen
                    for c in signed_data["certificates"]
                    if isinstance(sid, cms.IssuerAndSerialNumber)
                    and c.chosen.serial_number == sid["serial_number"].native
                ),
                None,
            )
        except (ValueError, KeyError, IndexError, TypeError):
            return _failed("FORMAT_FAILURE")
        trust = self.store.trust()
        result = asyncio.run(
            ades.ades_with_time_validation(signed_data, _spec(trust), raw_digest=hashlib.sha256(data).digest())
        )
        return _verdict(result, cert, trust)


def future_check(data: bytes, trust: Trust, at: dt.datetime) -> tuple[AdESStatus, str]:
    """pyHanko's simulation of a PAdES B-LTA validation at a future time ``at`` (every embedded
    signature): the worst status and its sub-indication."""
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    spec = PdfSignatureValidationSpec(_spec(trust))
    worst: tuple[AdESStatus, str] = (AdESStatus.PASSED, "OK")
    for signature in reader.embedded_regular_signatures:
        result = asyncio.run(ades.simulate_future_ades_lta_validation(signature, spec, future_validation_time=at))
        if result.ades_subindic.status is not AdESStatus.PASSED:
            worst = (result.ades_subindic.status, result.ades_subindic.standard_name)
    return worst


__all__ = ["InProcessSigning", "KeyStore", "future_check"]
