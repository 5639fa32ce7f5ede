"""Signed checkpoints: written outside the database, they catch what the chain alone cannot
(a cut-off tail, a rewritten log) and they cannot be forged without the signing key."""

from __future__ import annotations

import base64
import dataclasses
import json
import stat
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from adalat.audit import checkpoints
from adalat.audit.checkpoints import Checkpoint, CheckpointError
from adalat.audit.models import AuditEntry
from adalat.audit.services import audit_record
from tests.audit import tampering

pytestmark = pytest.mark.django_db


def problem(path: Path, public_key_file: Path | None = None) -> str | None:
    trusted = checkpoints.trusted_public_key(public_key_file)
    [result] = checkpoints.checkpoints_verify([path], public_key=trusted)
    return result.problem


def test_a_checkpoint_records_the_head_and_holds(log: list[AuditEntry], audit_files: Path) -> None:
    checkpoint, path = checkpoints.checkpoint_write()
    assert path.parent == audit_files / "checkpoints"
    assert path.name.startswith(f"audit-checkpoint-{len(log):012d}-")
    document = json.loads(path.read_text())
    assert set(document) == {"format", "count", "head_seq", "head_hash", "created_at", "key_id", "signature"}
    assert (document["count"], document["head_seq"], document["head_hash"]) == (len(log), len(log), log[-1].hash)
    assert document["key_id"] == checkpoints.key_id(checkpoints.signing_key().public_key())
    assert checkpoints.checkpoint_files() == [path]
    assert problem(path) is None
    assert checkpoint == checkpoints.checkpoint_read(path)


def test_the_signing_key_is_made_once_and_kept_private(db: None, audit_files: Path) -> None:
    key_file = audit_files / "keys" / "audit-ed25519.pem"
    first = checkpoints.signing_key()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(key_file.parent.stat().st_mode) == 0o700
    assert checkpoints.key_id(checkpoints.signing_key().public_key()) == checkpoints.key_id(first.public_key())
    assert [p.name for p in key_file.parent.iterdir()] == [key_file.name]


def test_checking_never_makes_a_key(db: None, audit_files: Path) -> None:
    assert checkpoints.trusted_public_key() is None
    assert not (audit_files / "keys").exists()


def test_a_checkpoint_still_holds_as_the_log_grows(log: list[AuditEntry], audit_files: Path) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    audit_record(actor=None, action="demo.loaded", object_type="pack", object_id="demo")
    assert problem(path) is None


def test_a_cut_off_tail_is_caught_by_a_checkpoint(log: list[AuditEntry], audit_files: Path) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    last = log[-1].seq
    tampering.delete(last)
    tampering.set_head(last - 1, log[-2].hash)
    assert problem(path) == f"the log no longer holds entry #{last}: it was truncated or rewritten since."


def test_a_rewritten_log_is_caught_by_a_checkpoint(log: list[AuditEntry], audit_files: Path) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    last = log[-1].seq
    tampering.update(last, object_id="999")
    tampering.set_head(last, tampering.rehash(last))
    assert problem(path) == f"entry #{last} is not the entry this checkpoint recorded: the log was rewritten since."


def test_a_forged_checkpoint_does_not_verify(log: list[AuditEntry], audit_files: Path) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    document = json.loads(path.read_text())
    document["head_seq"], document["count"], document["head_hash"] = 3, 3, log[2].hash
    path.write_text(json.dumps(document))
    assert problem(path) == "its signature does not verify: the checkpoint was altered or forged."


def test_a_checkpoint_signed_by_another_key_is_refused(log: list[AuditEntry], audit_files: Path) -> None:
    other = Ed25519PrivateKey.generate()
    path = audit_files / "other.json"
    path.write_text(checkpoints.checkpoint_create(key=other).to_json())
    checkpoints.signing_key()
    assert (problem(path) or "").startswith("it was signed by another key")
    # The same checkpoint holds for whoever trusts the other key.
    public_file = audit_files / "other.pem"
    public_file.write_text(checkpoints.public_key_pem(other.public_key()))
    assert problem(path, public_file) is None


def test_a_key_id_that_lies_about_the_signer_does_not_help(log: list[AuditEntry], audit_files: Path) -> None:
    trusted = checkpoints.signing_key()
    forger = Ed25519PrivateKey.generate()
    unsigned = Checkpoint(
        count=2,
        head_seq=2,
        head_hash=log[1].hash,
        created_at=log[1].at,
        key_id=checkpoints.key_id(trusted.public_key()),
    )
    forged = dataclasses.replace(unsigned, signature=base64.b64encode(forger.sign(unsigned.payload())).decode())
    path = audit_files / "forged.json"
    path.write_text(forged.to_json())
    assert problem(path) == "its signature does not verify: the checkpoint was altered or forged."


@pytest.mark.parametrize(
    "text,reason",
    [
        ("not json", "it is not JSON."),
        ('{"format": "something else"}', "it is not an audit checkpoint."),
        (
            '{"format": "adalat-audit-checkpoint/1", "count": "1", "head_seq": 1, "head_hash": "", '
            '"created_at": "", "key_id": "", "signature": ""}',
            "a field of the checkpoint has the wrong type.",
        ),
    ],
)
def test_a_file_that_is_not_a_checkpoint_is_named(db: None, audit_files: Path, text: str, reason: str) -> None:
    path = audit_files / "broken.json"
    path.write_text(text)
    with pytest.raises(CheckpointError, match=reason.rstrip(".")):
        checkpoints.checkpoint_read(path)
    checkpoints.signing_key()
    assert problem(path) == reason


def test_without_a_trusted_key_a_checkpoint_cannot_hold(log: list[AuditEntry], audit_files: Path) -> None:
    other = Ed25519PrivateKey.generate()
    path = audit_files / "other.json"
    path.write_text(checkpoints.checkpoint_create(key=other).to_json())
    assert problem(path) == "there is no trusted public key to check it with; give one."


def test_a_checkpoint_of_an_empty_log_holds(db: None, audit_files: Path) -> None:
    _checkpoint, path = checkpoints.checkpoint_write(out=audit_files / "elsewhere" / "empty.json")
    assert json.loads(path.read_text())["head_seq"] == 0
    assert problem(path) is None
