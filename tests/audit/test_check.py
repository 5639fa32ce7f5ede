"""The whole check against the latest signed checkpoint: a log cut short, or rewritten with every
hash after the change recomputed, is named as broken, even when the checkpoint that shows it is
kept only in the mirror."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pytest_django.fixtures import Settings

from adalat.audit import checkpoints
from adalat.audit.check import audit_check
from adalat.audit.models import AuditEntry
from adalat.audit.services import audit_record
from adalat.audit.verify import BreakKind
from tests.audit import tampering

pytestmark = pytest.mark.django_db


@pytest.fixture
def mirror_folder(audit_files: Path, settings: Settings) -> Path:
    settings.AUDIT_CHECKPOINT_MIRROR = str(audit_files / "other-disk" / "checkpoints")
    return audit_files / "other-disk" / "checkpoints"


def cut_tail(log: list[AuditEntry], count: int) -> None:
    """Remove the newest ``count`` entries and move the head back, as an attacker would."""
    tampering.delete(*(entry.seq for entry in log[-count:]))
    tampering.set_head(log[-count - 1].seq, log[-count - 1].hash)


def rewrite_from(seq: int, **columns: str) -> None:
    """Change entry ``seq`` and recompute its hash and every one after it, the head too."""
    tampering.update(seq, **columns)
    last = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or seq
    previous = AuditEntry.objects.get(seq=seq - 1).hash if seq > 1 else "0" * 64
    for number in range(seq, last + 1):
        tampering.update(number, prev_hash=previous)
        previous = tampering.rehash(number)
    tampering.set_head(last, previous)


def test_a_log_cut_short_of_the_latest_checkpoint_is_broken(log: list[AuditEntry], audit_files: Path) -> None:
    checkpoints.checkpoint_write()
    cut_tail(log, 2)

    check = audit_check(workers=1)

    assert check.chain.ok  # the chain alone cannot tell
    assert not check.whole
    assert check.broken is not None and (check.broken.seq, check.broken.kind) == (len(log) - 1, BreakKind.REMOVED)
    assert f"the log ends at #{len(log) - 2}" in check.summary
    assert f"entries #{len(log) - 1} to #{len(log)} were removed." in check.summary


def test_a_log_rewritten_up_to_the_latest_checkpoint_is_broken(log: list[AuditEntry], audit_files: Path) -> None:
    checkpoint, path = checkpoints.checkpoint_write()
    rewrite_from(len(log) - 3, actor_name="nobody")

    check = audit_check(workers=1)

    assert check.chain.ok
    assert check.broken is not None and (check.broken.seq, check.broken.kind) == (len(log), BreakKind.CHANGED)
    assert check.summary == (
        f"The audit log is broken at entry #{len(log)} (changed): entry #{len(log)} is not the entry that the "
        f"checkpoint {path.name}, signed at {checkpoint.created_at}, records: the log was rewritten up to there."
    )


def test_the_latest_checkpoint_is_the_one_that_counts(log: list[AuditEntry], audit_files: Path) -> None:
    checkpoints.checkpoint_write()
    audit_record(actor=None, action="demo.load", object_type="jurisdiction", object_id="demo")
    _newer, path = checkpoints.checkpoint_write()
    check = audit_check(workers=1)
    assert check.whole and check.latest is not None and check.latest.path == path


def test_a_checkpoint_removed_from_the_data_folder_still_counts_from_the_mirror(
    log: list[AuditEntry], mirror_folder: Path
) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    assert (mirror_folder / path.name).read_bytes() == path.read_bytes()
    path.unlink()  # whoever cut the log cleared the checkpoints next to it too
    cut_tail(log, 1)

    check = audit_check(workers=1)

    assert check.broken is not None and check.broken.seq == len(log)
    assert f"records entry #{len(log)}: entry #{len(log)} was removed." in check.summary
    assert check.latest is not None and check.latest.path == mirror_folder / path.name


def test_a_copy_in_the_mirror_is_checked_once(log: list[AuditEntry], mirror_folder: Path) -> None:
    checkpoints.checkpoint_write()
    check = audit_check(workers=1)
    assert check.whole and len(check.checkpoints) == 1
    assert check.mirror.problem is None


def test_a_latest_checkpoint_without_a_copy_in_the_mirror_is_said(log: list[AuditEntry], mirror_folder: Path) -> None:
    checkpoints.checkpoint_write()
    shutil.rmtree(mirror_folder)
    audit_record(actor=None, action="demo.load", object_type="jurisdiction", object_id="demo")
    mirror_folder.write_text("not a folder")  # the mirror's disk is gone: the copy fails
    _checkpoint, path = checkpoints.checkpoint_write()

    check = audit_check(workers=1)

    assert check.whole  # the local checkpoints still hold
    assert check.mirror.problem == (f"The latest checkpoint, {path.name}, has no copy in the mirror {mirror_folder}.")


def test_without_a_mirror_the_check_says_so(log: list[AuditEntry], audit_files: Path) -> None:
    checkpoints.checkpoint_write()
    assert audit_check(workers=1).mirror.problem == (
        "No mirror is configured (ADALAT_AUDIT_CHECKPOINT_MIRROR): the checkpoints are kept in one place only."
    )


def test_a_checkpoint_of_another_key_does_not_count_as_the_latest(log: list[AuditEntry], audit_files: Path) -> None:
    checkpoints.checkpoint_write()
    audit_record(actor=None, action="demo.load", object_type="jurisdiction", object_id="demo")
    forged = checkpoints.checkpoint_create(key=Ed25519PrivateKey.generate())
    (audit_files / "checkpoints" / "audit-checkpoint-999999999999-0.json").write_text(forged.to_json())

    check = audit_check(workers=1)

    assert check.latest is not None and check.latest.checkpoint is not None
    assert check.latest.checkpoint.head_seq == len(log)
    assert not check.whole and len(check.failed_checkpoints) == 1
