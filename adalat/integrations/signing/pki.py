"""The certificates and revocation lists of a jurisdiction's own authority, made with
``cryptography``: a self-signed root (EC P-256) that issues the time-stamping authority's
certificate (RSA, as RFC 3161 tokens are commonly checked) and one certificate per signer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.asymmetric.types import CertificateIssuerPrivateKeyTypes
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

ROOT_YEARS = 50
TSA_YEARS = 40
SIGNER_YEARS = 3
CRL_DAYS = 7
BACKDATE = dt.timedelta(minutes=5)  # a little slack for clocks that lag


@dataclass(frozen=True)
class Issued:
    """A private key (PKCS#8, DER, unencrypted: the caller encrypts it before storing) and its
    certificate (DER)."""

    private_key: bytes
    certificate: bytes


def _name(common_name: str, organization: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name[:64]),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization[:64]),
        ]
    )


def _pkcs8(key: CertificateIssuerPrivateKeyTypes) -> bytes:
    return key.private_bytes(
        serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def _usage(*, sign: bool = False, ca: bool = False) -> x509.KeyUsage:
    return x509.KeyUsage(
        digital_signature=sign,
        content_commitment=sign,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=ca,
        crl_sign=ca,
        encipher_only=False,
        decipher_only=False,
    )


def _years(start: dt.datetime, years: int) -> dt.datetime:
    return start + dt.timedelta(days=365 * years + years // 4)


def _ca(issued: Issued) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = serialization.load_der_private_key(issued.private_key, password=None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise ValueError("the authority's key is not an EC key")
    return key, x509.load_der_x509_certificate(issued.certificate)


def root_make(*, name: str, organization: str, now: dt.datetime) -> Issued:
    """A new self-signed root certificate and its key."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = _name(name, organization)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(_years(now, ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_usage(ca=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(_pkcs8(key), certificate.public_bytes(serialization.Encoding.DER))


def certificate_make(
    *,
    authority: Issued,
    common_name: str,
    organization: str,
    now: dt.datetime,
    years: int = SIGNER_YEARS,
    timestamping: bool = False,
) -> Issued:
    """A new key and its certificate issued by ``authority``: a signer's (EC P-256), or with
    ``timestamping`` the time-stamping authority's (RSA 3072, for time stamps only)."""
    ca_key, ca_certificate = _ca(authority)
    key: ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey
    key = rsa.generate_private_key(65537, 3072) if timestamping else ec.generate_private_key(ec.SECP256R1())
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organization))
        .issuer_name(ca_certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - BACKDATE)
        .not_valid_after(min(_years(now, years), ca_certificate.not_valid_after_utc))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_usage(sign=True), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
    )
    if timestamping:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
    certificate = builder.sign(ca_key, hashes.SHA256())
    return Issued(_pkcs8(key), certificate.public_bytes(serialization.Encoding.DER))


def crl_make(*, authority: Issued, revoked: Iterable[tuple[int, dt.datetime]], number: int, now: dt.datetime) -> bytes:
    """The authority's revocation list (DER) listing the ``(serial, revoked at)`` pairs."""
    ca_key, ca_certificate = _ca(authority)
    builder = (
        x509.CertificateRevocationListBuilder()
        .issuer_name(ca_certificate.subject)
        .last_update(now - BACKDATE)
        .next_update(now + dt.timedelta(days=CRL_DAYS))
        .add_extension(x509.CRLNumber(number), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
    )
    for serial, at in revoked:
        builder = builder.add_revoked_certificate(
            x509.RevokedCertificateBuilder().serial_number(serial).revocation_date(at).build()
        )
    return builder.sign(ca_key, hashes.SHA256()).public_bytes(serialization.Encoding.DER)
