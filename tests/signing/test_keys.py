"""The authority, certificates, sealed keys, revocation and the ``adalat signing`` command."""

from __future__ import annotations

import pytest
from cryptography import x509
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from adalat.audit.models import AuditEntry
from adalat.integrations.signing.port import Outcome
from adalat.signing import sealing
from adalat.signing.models import Authority, Certificate
from adalat.signing.store import NoCertificate, signing_port
from tests.conftest import World
from tests.signing.factories import issue

pytestmark = pytest.mark.django_db


def test_the_authority_issues_certificates_that_chain_to_its_root(world: World, authority: Authority) -> None:
    certificate = issue(world.judge)

    root = x509.load_der_x509_certificate(bytes(authority.certificate))
    issued = x509.load_der_x509_certificate(bytes(certificate.certificate))
    issued.verify_directly_issued_by(root)
    tsa = x509.load_der_x509_certificate(bytes(authority.tsa_certificate))
    tsa.verify_directly_issued_by(root)
    assert world.judge.display_name in certificate.subject
    assert list(AuditEntry.objects.values_list("action", flat=True)) == [
        "signing.authority_created",
        "signing.certificate_issued",
    ]


def test_private_keys_are_stored_sealed_and_open_only_with_their_key(world: World, authority: Authority) -> None:
    certificate = issue(world.judge)
    for sealed in (bytes(certificate.private_key), bytes(authority.private_key), bytes(authority.tsa_private_key)):
        assert sealed.startswith(sealing.PREFIX)
        assert b"PRIVATE" not in sealed
    plain = sealing.unseal(certificate.private_key, label=f"signer:{certificate.serial}")
    assert plain not in bytes(certificate.private_key)
    # Bound to what it is the key of: another row's label does not open it.
    with pytest.raises(sealing.KeyUnreadable):
        sealing.unseal(certificate.private_key, label=f"root:{authority.pk}")
    with override_settings(SIGNING_KEY="another key"), pytest.raises(sealing.KeyUnreadable):
        sealing.unseal(certificate.private_key, label=f"signer:{certificate.serial}")


def test_without_a_certificate_nobody_signs(world: World, authority: Authority) -> None:
    with pytest.raises(NoCertificate):
        signing_port().sign_detached(signer=world.clerk.pk, data=b"text")


def test_a_detached_signature_verifies_and_a_change_fails_it(world: World, authority: Authority) -> None:
    issue(world.judge)
    port = signing_port()
    signature = port.sign_detached(signer=world.judge.pk, data=b"The order.\n")

    verdict = port.verify_detached(data=b"The order.\n", signature=signature)
    assert (verdict.outcome, verdict.timestamped) == (Outcome.PASSED, True)
    assert world.judge.display_name in verdict.subject
    assert port.verify_detached(data=b"The order!\n", signature=signature).outcome == Outcome.FAILED
    assert port.verify_detached(data=b"The order.\n", signature=b"garbage").outcome == Outcome.FAILED


def test_init_ca_refuses_to_replace_an_authority_without_force(db: None) -> None:
    call_command("signing", "init-ca")
    with pytest.raises(CommandError, match="--force") as refused:
        call_command("signing", "init-ca")
    assert refused.value.returncode == 1
    call_command("signing", "init-ca", "--force")
    assert Authority.objects.count() == 2
    assert Authority.objects.filter(is_current=True).count() == 1


def test_issue_and_revoke_name_what_is_wrong(world: World) -> None:
    with pytest.raises(CommandError, match="init-ca"):
        call_command("signing", "issue", "judge1")
    call_command("signing", "init-ca")
    with pytest.raises(CommandError, match="nobody"):
        call_command("signing", "issue", "nobody")
    with pytest.raises(CommandError, match="no certificate"):
        call_command("signing", "revoke", "judge1")
    call_command("signing", "issue", "judge1")
    assert Certificate.objects.filter(user=world.judge).count() == 1
    call_command("signing", "revoke", "judge1")
    assert Certificate.objects.get(user=world.judge).revoked_at is not None
    assert Authority.objects.get().crl_number == 2
