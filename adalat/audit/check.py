"""The whole check of the log that people run: the chain from the first entry to the head, every
kept checkpoint against it, and the head against the latest signed checkpoint. The command, the
API and the admin page all call this.

The chain alone cannot show that its newest entries were cut off, or rewritten with every hash
after them recomputed: the latest signed checkpoint can, up to the entry it records. Checkpoints
are read from the checkpoint folder and from the mirror when that is a folder, so that a
checkpoint removed from one place still counts from the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

from . import checkpoints, mirror
from .checkpoints import Checkpoint, CheckpointResult
from .models import AuditEntry
from .verify import Break, BreakKind, VerifyResult, audit_verify, describe


@dataclass(frozen=True)
class MirrorState:
    """Whether the newest checkpoint of the checkpoint folder has its second copy."""

    target: str | None  # the mirror as shown to people; None when none is configured
    latest: Path | None  # the newest checkpoint file of the checkpoint folder
    copied: bool
    error: str | None = None  # the mirror is not configured right

    @property
    def problem(self) -> str | None:
        if self.error is not None:
            return self.error
        if self.target is None:
            return _(
                "No mirror is configured (ADALAT_AUDIT_CHECKPOINT_MIRROR): the checkpoints are kept in one place only."
            )
        if self.latest is not None and not self.copied:
            return _("The latest checkpoint, %(name)s, has no copy in the mirror %(mirror)s.") % {
                "name": self.latest.name,
                "mirror": self.target,
            }
        return None


@dataclass(frozen=True)
class AuditCheck:
    chain: VerifyResult
    checkpoints: list[CheckpointResult]
    latest: CheckpointResult | None  # the signed checkpoint that records the newest entry
    behind_latest: Break | None  # how the log falls short of it
    mirror: MirrorState

    @property
    def failed_checkpoints(self) -> list[CheckpointResult]:
        return [c for c in self.checkpoints if not c.ok]

    @property
    def broken(self) -> Break | None:
        """The first place the log is not whole: from the chain, or else from the latest checkpoint."""
        return self.chain.broken or self.behind_latest

    @property
    def whole(self) -> bool:
        return self.broken is None and not self.failed_checkpoints

    @property
    def summary(self) -> str:
        if self.chain.broken is None and self.behind_latest is not None:
            return _("The audit log is broken at entry #%(seq)s (%(kind)s): %(reason)s") % {
                "seq": self.behind_latest.seq,
                "kind": self.behind_latest.kind.value,
                "reason": self.behind_latest.reason,
            }
        return describe(self.chain)


def audit_check(
    *, checkpoint_files: Sequence[Path] = (), public_key_file: Path | None = None, workers: int | None = None
) -> AuditCheck:
    """Verify the chain, then each checkpoint (by default every one in AUDIT_CHECKPOINT_DIR and in
    a mirror folder) with the trusted public key (by default the signing key's own), then the log
    against the latest signed one.

    The checkpoints are listed before the chain is read, so that one written meanwhile, of a
    head this check has not seen, is not taken for a log cut short."""
    local = checkpoints.checkpoint_files()
    paths = list(checkpoint_files) or _without_copies(local, checkpoints.mirror_files())
    chain = audit_verify(workers=workers)
    trusted = checkpoints.trusted_public_key(public_key_file) if paths else None
    results = checkpoints.checkpoints_verify(paths, public_key=trusted)
    signed = [r for r in results if r.signed and r.checkpoint is not None]
    latest = max(signed, key=_recency, default=None)
    behind = _behind(chain, latest.path, latest.checkpoint) if latest and latest.checkpoint else None
    return AuditCheck(chain, results, latest, behind, _mirror_state(local, results))


def _recency(result: CheckpointResult) -> tuple[int, str]:
    checkpoint = result.checkpoint
    return (checkpoint.head_seq, checkpoint.created_at) if checkpoint is not None else (-1, "")


def _without_copies(local: list[Path], mirrored: list[Path]) -> list[Path]:
    """The local checkpoints and those of the mirror that are not the same file as a local one."""
    by_name = {path.name: path for path in local}
    extra = []
    for path in mirrored:
        twin = by_name.get(path.name)
        if twin is None or not _same_bytes(twin, path):
            extra.append(path)
    return [*local, *extra]


def _same_bytes(first: Path, second: Path) -> bool:
    try:
        return first.read_bytes() == second.read_bytes()
    except OSError:
        return False


def _behind(chain: VerifyResult, path: Path, checkpoint: Checkpoint) -> Break | None:
    """How the log falls short of the signed ``checkpoint`` (of file ``path``): shorter than it,
    or another entry at the place it records."""
    if checkpoint.head_seq == 0:
        return None
    which = {"file": path.name, "at": checkpoint.created_at, "seq": checkpoint.head_seq}
    if chain.head_seq < checkpoint.head_seq:
        first = chain.head_seq + 1
        if first == checkpoint.head_seq:
            reason = _(
                "the log ends at #%(head)s, but the checkpoint %(file)s, signed at %(at)s, records entry #%(seq)s: "
                "entry #%(seq)s was removed."
            )
        else:
            reason = _(
                "the log ends at #%(head)s, but the checkpoint %(file)s, signed at %(at)s, records entry #%(seq)s: "
                "entries #%(first)s to #%(seq)s were removed."
            )
        return Break(first, BreakKind.REMOVED, reason % {**which, "head": chain.head_seq, "first": first})
    stored = AuditEntry.objects.filter(seq=checkpoint.head_seq).values_list("hash", flat=True).first()
    if stored is None:
        reason = _("entry #%(seq)s, recorded by the checkpoint %(file)s signed at %(at)s, is missing: it was removed.")
        return Break(checkpoint.head_seq, BreakKind.REMOVED, reason % which)
    if stored != checkpoint.head_hash:
        reason = _(
            "entry #%(seq)s is not the entry that the checkpoint %(file)s, signed at %(at)s, records: "
            "the log was rewritten up to there."
        )
        return Break(checkpoint.head_seq, BreakKind.CHANGED, reason % which)
    return None


def _mirror_state(local: list[Path], results: list[CheckpointResult]) -> MirrorState:
    """Whether the newest local checkpoint has its copy in the mirror."""
    try:
        configured = mirror.configured()
    except mirror.MirrorError as exc:
        return MirrorState(target=None, latest=None, copied=False, error=str(exc))
    if configured is None:
        return MirrorState(target=None, latest=None, copied=False)
    newest = _newest(local, results)
    copied = newest is not None and mirror.has_copy(newest, mirror=configured)
    return MirrorState(target=configured.label, latest=newest, copied=copied)


def _newest(local: list[Path], results: list[CheckpointResult]) -> Path | None:
    """The local checkpoint file of the highest head (then the latest signing)."""
    read = {r.path: r.checkpoint for r in results}
    best: tuple[int, str] | None = None
    newest = None
    for path in local:
        checkpoint = read[path] if path in read else _read_or_none(path)
        if checkpoint is not None and (best is None or (checkpoint.head_seq, checkpoint.created_at) > best):
            best, newest = (checkpoint.head_seq, checkpoint.created_at), path
    return newest


def _read_or_none(path: Path) -> Checkpoint | None:
    try:
        return checkpoints.checkpoint_read(path)
    except checkpoints.CheckpointError:
        return None
