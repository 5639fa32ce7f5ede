"""Signed checkpoints: the count and the head of the log, signed with Ed25519, kept outside the database.

Whoever can write to the database can rewrite the whole chain and recompute every hash, or cut
off its tail; a checkpoint kept elsewhere catches both, because the log must still hold the
entry it names, with the hash it names, and only the holder of the signing key can make one.

The signing key is a PEM file (``settings.AUDIT_SIGNING_KEY_FILE``) generated on first use,
readable by its owner only. Checkpoints are verified with the trusted public key: the public
part of that key, or a public key file given by whoever checks.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import dataclasses
import hashlib
import itertools
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.utils.translation import gettext as _

from adalat.core import canonical_json, clock

from . import mirror
from .models import GENESIS_HASH, AuditEntry, AuditHead

FORMAT = "adalat-audit-checkpoint/1"
SUFFIX = ".json"
_HEX = frozenset("0123456789abcdef")


class CheckpointError(Exception):
    """A checkpoint that cannot be read, or a key that cannot be used; the message says why."""


@dataclass(frozen=True)
class Checkpoint:
    count: int
    head_seq: int
    head_hash: str
    created_at: str
    key_id: str
    signature: str = ""

    def payload(self) -> bytes:
        """The signed bytes: canonical JSON of every field but the signature."""
        fields = {
            "format": FORMAT,
            "count": self.count,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "created_at": self.created_at,
            "key_id": self.key_id,
        }
        return canonical_json.dumps(fields).encode()

    def to_json(self) -> str:
        document = json.loads(self.payload())
        document["signature"] = self.signature
        return json.dumps(document, indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        try:
            document = json.loads(text)
        except ValueError as exc:
            raise CheckpointError(_("it is not JSON.")) from exc
        expected = {"format", "count", "head_seq", "head_hash", "created_at", "key_id", "signature"}
        if not isinstance(document, dict) or set(document) != expected or document["format"] != FORMAT:
            raise CheckpointError(_("it is not an audit checkpoint."))
        numbers = (document["count"], document["head_seq"])
        texts = (document["head_hash"], document["created_at"], document["key_id"], document["signature"])
        if not all(type(n) is int and n >= 0 for n in numbers) or not all(isinstance(t, str) for t in texts):
            raise CheckpointError(_("a field of the checkpoint has the wrong type."))
        if not (_is_hex(document["head_hash"]) and _is_hex(document["key_id"])):
            raise CheckpointError(_("its head hash or key id is not a SHA-256 in hex."))
        return cls(
            count=document["count"],
            head_seq=document["head_seq"],
            head_hash=document["head_hash"],
            created_at=document["created_at"],
            key_id=document["key_id"],
            signature=document["signature"],
        )


# --- Keys ---------------------------------------------------------------------------------------


def key_id(public_key: Ed25519PublicKey) -> str:
    """The SHA-256 of the raw public key, in hex: how a checkpoint names the key that signed it."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()


def public_key_pem(public_key: Ed25519PublicKey) -> str:
    pem = public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem.decode()


def _read_private_key(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except (ValueError, TypeError) as exc:
        raise CheckpointError(_("%(path)s is not an unencrypted PEM private key.") % {"path": path}) from exc
    if not isinstance(key, Ed25519PrivateKey):
        raise CheckpointError(_("%(path)s is not an Ed25519 key.") % {"path": path})
    return key


def _create_private_key(path: Path) -> None:
    """Write a new key next to ``path`` with mode 0600, then link it into place: if another
    process made one first, theirs is kept and ours is dropped."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.chmod(0o700)
    pem = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".audit-key-")  # mkstemp creates it with mode 0600
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(pem)
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        os.unlink(temporary)


def signing_key(path: Path | None = None) -> Ed25519PrivateKey:
    """The audit signing key, generated on first use."""
    path = Path(path or settings.AUDIT_SIGNING_KEY_FILE)
    if not path.exists():
        _create_private_key(path)
    return _read_private_key(path)


def load_public_key(path: Path) -> Ed25519PublicKey:
    """A trusted public key from a PEM file (a private key file gives its public part)."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise CheckpointError(_("cannot read %(path)s: %(error)s") % {"path": path, "error": exc.strerror}) from exc
    if b"PRIVATE KEY" in data:
        return _read_private_key(Path(path)).public_key()
    try:
        key = serialization.load_pem_public_key(data)
    except ValueError as exc:
        raise CheckpointError(_("%(path)s is not a PEM public key.") % {"path": path}) from exc
    if not isinstance(key, Ed25519PublicKey):
        raise CheckpointError(_("%(path)s is not an Ed25519 key.") % {"path": path})
    return key


def trusted_public_key(path: Path | None = None) -> Ed25519PublicKey | None:
    """The key checkpoints are checked with: ``path`` if given, else the configured signing key's
    public part, or None when there is no key yet (checking never creates one)."""
    if path is not None:
        return load_public_key(path)
    configured = Path(settings.AUDIT_SIGNING_KEY_FILE)
    return _read_private_key(configured).public_key() if configured.exists() else None


# --- Writing and checking checkpoints -----------------------------------------------------------


def checkpoint_create(*, using: str = "default", key: Ed25519PrivateKey | None = None) -> Checkpoint:
    """A signed checkpoint of the log as it stands now."""
    key = key or signing_key()
    head = AuditHead.objects.using(using).filter(pk=1).values_list("seq", "hash").first()
    head_seq, head_hash = head if head is not None else (0, GENESIS_HASH)
    count = AuditEntry.objects.using(using).filter(seq__lte=head_seq).count()
    unsigned = Checkpoint(
        count=count,
        head_seq=head_seq,
        head_hash=head_hash,
        created_at=clock.iso_utc(clock.now()),
        key_id=key_id(key.public_key()),
    )
    signature = base64.b64encode(key.sign(unsigned.payload())).decode()
    return dataclasses.replace(unsigned, signature=signature)


def _file_name(checkpoint: Checkpoint, attempt: int) -> str:
    stamp = "".join(c for c in checkpoint.created_at if c.isdigit())
    extra = f"-{attempt}" if attempt else ""
    return f"audit-checkpoint-{checkpoint.head_seq:012d}-{stamp}{extra}{SUFFIX}"


def _place(temporary: str, checkpoint: Checkpoint, out: Path | None) -> Path:
    """Move the written file to ``out``, or to a new name in the checkpoint folder (never over another)."""
    if out is not None:
        os.replace(temporary, out)
        return out
    directory = Path(settings.AUDIT_CHECKPOINT_DIR)
    for attempt in itertools.count():
        path = directory / _file_name(checkpoint, attempt)
        try:
            os.link(temporary, path)
        except FileExistsError:
            continue
        os.unlink(temporary)
        return path
    raise AssertionError("unreachable")


def checkpoint_write(*, out: Path | None = None, using: str = "default") -> tuple[Checkpoint, Path]:
    """Create a checkpoint and write it to ``out``, or into ``settings.AUDIT_CHECKPOINT_DIR`` and
    then to the mirror (``mirror.copy``: a failure there is logged and leaves this copy as it is)."""
    checkpoint = checkpoint_create(using=using)
    out = None if out is None else Path(out)
    directory = Path(settings.AUDIT_CHECKPOINT_DIR) if out is None else out.parent
    directory.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=directory, prefix=".audit-checkpoint-")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(checkpoint.to_json())
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o644)  # public by design: it holds no secret
        path = _place(temporary, checkpoint, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    mirror.fsync_folder(directory)
    if out is None:
        mirror.copy(path)
    return checkpoint, path


def checkpoint_read(path: Path) -> Checkpoint:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CheckpointError(_("cannot read it: %(error)s") % {"error": exc}) from exc
    return Checkpoint.from_json(text)


def checkpoint_files(directory: Path | None = None) -> list[Path]:
    """The checkpoints kept in ``directory`` (default: the configured one), oldest head first."""
    directory = Path(directory or settings.AUDIT_CHECKPOINT_DIR)
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if p.is_file() and p.suffix == SUFFIX and not p.name.startswith("."))


def mirror_files() -> list[Path]:
    """The checkpoints kept in the mirror, when the mirror is a folder (a URL cannot be listed)."""
    try:
        configured = mirror.configured()
    except mirror.MirrorError:
        return []  # said by the check of the mirror
    if configured is None or configured.directory is None:
        return []
    return checkpoint_files(configured.directory)


def signature_problem(checkpoint: Checkpoint, *, public_key: Ed25519PublicKey) -> str | None:
    """Why ``checkpoint`` was not signed by the trusted key, or None when it was."""
    trusted = key_id(public_key)
    if checkpoint.key_id != trusted:
        return _("it was signed by another key (%(other)s), not the trusted key (%(trusted)s).") % {
            "other": checkpoint.key_id[:16],
            "trusted": trusted[:16],
        }
    try:
        public_key.verify(base64.b64decode(checkpoint.signature, validate=True), checkpoint.payload())
    except (InvalidSignature, binascii.Error, ValueError):
        return _("its signature does not verify: the checkpoint was altered or forged.")
    return None


def log_problem(checkpoint: Checkpoint, *, using: str = "default") -> str | None:
    """Why the log no longer matches ``checkpoint`` (whose signature was checked), or None."""
    if checkpoint.count != checkpoint.head_seq:
        return _(
            "it was signed over a log of %(count)s entries whose head is #%(seq)s: entries were already missing."
        ) % {
            "count": checkpoint.count,
            "seq": checkpoint.head_seq,
        }
    if checkpoint.head_seq == 0:
        return None
    stored = AuditEntry.objects.using(using).filter(seq=checkpoint.head_seq).values_list("hash", flat=True).first()
    if stored is None:
        return _("the log no longer holds entry #%(seq)s: it was truncated or rewritten since.") % {
            "seq": checkpoint.head_seq
        }
    if stored != checkpoint.head_hash:
        return _("entry #%(seq)s is not the entry this checkpoint recorded: the log was rewritten since.") % {
            "seq": checkpoint.head_seq
        }
    return None


@dataclass(frozen=True)
class CheckpointResult:
    path: Path
    checkpoint: Checkpoint | None
    problem: str | None
    signed: bool = False  # signed by the trusted key, whether or not the log still matches it

    @property
    def ok(self) -> bool:
        return self.problem is None


def checkpoints_verify(
    paths: list[Path], *, public_key: Ed25519PublicKey | None, using: str = "default"
) -> list[CheckpointResult]:
    """Check each checkpoint file against the log with the trusted ``public_key``."""
    results = []
    for path in paths:
        try:
            checkpoint = checkpoint_read(path)
        except CheckpointError as exc:
            results.append(CheckpointResult(path, None, str(exc)))
            continue
        if public_key is None:
            problem: str | None = _("there is no trusted public key to check it with; give one.")
            signed = False
        else:
            unsigned = signature_problem(checkpoint, public_key=public_key)
            signed = unsigned is None
            problem = unsigned or log_problem(checkpoint, using=using)
        results.append(CheckpointResult(path, checkpoint, problem, signed))
    return results


def _is_hex(value: str) -> bool:
    return len(value) == 64 and set(value) <= _HEX
