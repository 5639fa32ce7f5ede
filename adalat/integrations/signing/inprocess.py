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
import hashlib
import io
import logging
from collections.abc import Callable
from typing import Any, Protocol

from asn1crypto import cms, keys, tsp
from asn1crypto import crl as asn1_crl
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.misc import PdfError
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.ades.report import AdESIndeterminate, AdESStatus
from pyhanko.sign.fields import SigSeedSubFilter
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
from pyhanko_certvalidator.context import CertValidationPolicySpec
from pyhanko_certvalidator.policy_decl import CertRevTrustPolicy, RevocationCheckingPolicy, RevocationCheckingRule
from pyhanko_certvalidator.registry import SimpleCertificateStore, SimpleTrustManager
from pyhanko_certvalidator.revinfo.archival import CRLContainer

from .port import Credentials, Outcome, Trust, Verdict

# pyHanko warns on every signature that it may not fetch revocation data: it is given it instead.
logging.getLogger("pyhanko.sign.signers.pdf_signer").setLevel(logging.ERROR)

REVOKED = frozenset({AdESIndeterminate.REVOKED_NO_POE, AdESIndeterminate.REVOKED_CA_NO_POE})
FIELD = "Signature"


class KeyStore(Protocol):
    """Where the in-process adapter gets keys, certificates and the time."""

    def credentials(self, signer: int) -> Credentials: ...

    def timestamping(self) -> Credentials: ...

    def trust(self) -> Trust: ...


class Unreadable(Exception):
    """The file or the signature cannot be read as one."""


class _TimeStamper(DummyTimeStamper):
    """An RFC 3161 authority in process, stamping with Adalat's clock."""

    def __init__(self, credentials: Credentials, now: Callable[[], dt.datetime]) -> None:
        chain = [asn1_x509.Certificate.load(c) for c in credentials.chain]
        super().__init__(
            tsa_cert=chain[0],
            tsa_key=keys.PrivateKeyInfo.load(credentials.private_key),
            certs_to_embed=SimpleCertificateStore.from_certs(chain[1:]),  # type: ignore[no-untyped-call]
        )
        self._now = now

    def request_tsa_response(self, req: tsp.TimeStampReq) -> tsp.TimeStampResp:
        self.fixed_dt = self._now()
        return super().request_tsa_response(req)


def _signer(credentials: Credentials) -> signers.SimpleSigner:
    chain = [asn1_x509.Certificate.load(c) for c in credentials.chain]
    return signers.SimpleSigner(
        signing_cert=chain[0],
        signing_key=keys.PrivateKeyInfo.load(credentials.private_key),
        cert_registry=SimpleCertificateStore.from_certs(chain[1:]),  # type: ignore[no-untyped-call]
    )


def _crls(trust: Trust) -> list[asn1_crl.CertificateList]:
    return [asn1_crl.CertificateList.load(c) for c in trust.crls]


def _roots(trust: Trust) -> list[asn1_x509.Certificate]:
    return [asn1_x509.Certificate.load(c) for c in trust.roots]


def _spec(trust: Trust) -> SignatureValidationSpec:
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


def _verdict(result: Any, signer_cert: asn1_x509.Certificate | None) -> Verdict:
    """Adalat's reading of pyHanko's AdES result: a revoked signer fails (a revoked key may have
    signed anything), whatever a time stamp proves."""
    indication = result.ades_subindic
    outcome = Outcome(indication.status.name.lower())
    name = indication.standard_name
    if indication in REVOKED:
        outcome, name = Outcome.FAILED, "REVOKED"
    status = result.api_status
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
    )


def _failed(indication: str) -> Verdict:
    return Verdict(Outcome.FAILED, indication, "", None, "", None, False)


class InProcessSigning:
    """The signing port over a ``KeyStore``; ``now`` is the clock time stamps are issued with."""

    def __init__(self, store: KeyStore, now: Callable[[], dt.datetime]) -> None:
        self.store = store
        self.now = now

    def _timestamper(self) -> _TimeStamper:
        return _TimeStamper(self.store.timestamping(), self.now)

    def sign_pdf(self, *, signer: int, data: bytes, reason: str) -> bytes:
        credentials, trust = self.store.credentials(signer), self.store.trust()
        context = ValidationContext(
            trust_roots=_roots(trust), crls=_crls(trust), allow_fetching=False, moment=self.now()
        )
        try:
            reader = PdfFileReader(io.BytesIO(data), strict=False)
            existing = len(reader.embedded_signatures)
            meta = signers.PdfSignatureMetadata(
                field_name=f"{FIELD}{existing + 1}",
                reason=reason or None,
                subfilter=SigSeedSubFilter.PADES,
                embed_validation_info=True,
                use_pades_lta=True,
                validation_context=context,
            )
            out = io.BytesIO()
            writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
            signers.PdfSigner(meta, signer=_signer(credentials), timestamper=self._timestamper()).sign_pdf(
                writer, output=out
            )
        except (PdfError, ValueError, KeyError) as error:
            raise Unreadable(str(error)) from error
        return out.getvalue()

    def sign_detached(self, *, signer: int, data: bytes) -> bytes:
        signer_ = _signer(self.store.credentials(signer))
        signed = asyncio.run(
            signer_.async_sign_general_data(data, "sha256", detached=True, timestamper=self._timestamper())
        )
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
            verdicts.append(_verdict(result, cert))
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
        result = asyncio.run(
            ades.ades_with_time_validation(
                signed_data, _spec(self.store.trust()), raw_digest=hashlib.sha256(data).digest()
            )
        )
        return _verdict(result, cert)


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


__all__ = ["InProcessSigning", "KeyStore", "Unreadable", "future_check"]
