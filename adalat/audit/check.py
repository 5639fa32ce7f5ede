"""The whole check of the log that people run: the chain from the first entry to the head, and
every kept checkpoint against it. The command, the API and the admin page all call this."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import checkpoints
from .checkpoints import CheckpointResult
from .verify import VerifyResult, audit_verify


@dataclass(frozen=True)
class AuditCheck:
    chain: VerifyResult
    checkpoints: list[CheckpointResult]

    @property
    def failed_checkpoints(self) -> list[CheckpointResult]:
        return [c for c in self.checkpoints if not c.ok]

    @property
    def whole(self) -> bool:
        return self.chain.ok and not self.failed_checkpoints


def audit_check(
    *, checkpoint_files: Sequence[Path] = (), public_key_file: Path | None = None, workers: int | None = None
) -> AuditCheck:
    """Verify the chain, then each checkpoint (by default every one kept in AUDIT_CHECKPOINT_DIR)
    with the trusted public key (by default the signing key's own)."""
    chain = audit_verify(workers=workers)
    paths = list(checkpoint_files) or checkpoints.checkpoint_files()
    trusted = checkpoints.trusted_public_key(public_key_file) if paths else None
    return AuditCheck(chain=chain, checkpoints=checkpoints.checkpoints_verify(paths, public_key=trusted))
