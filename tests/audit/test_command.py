"""``adalat audit``: verify exits 0 with one line when the log is whole, and otherwise names
the entry or the checkpoint that fails and exits non-zero."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django_tasks_db.models import DBTaskResult
from pytest_django.fixtures import Settings

from adalat.audit import checkpoints
from adalat.audit.models import AuditEntry
from tests.audit import tampering

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_verify_a_whole_log_with_its_checkpoints(log: list[AuditEntry], audit_files: Path, settings: Settings) -> None:
    settings.AUDIT_CHECKPOINT_MIRROR = str(audit_files / "mirror")
    _checkpoint, path = checkpoints.checkpoint_write()
    out, err = run("verify")
    assert out.startswith(f"The audit log is whole: {len(log)} entries checked, head #{len(log)} (")
    assert out.rstrip().endswith(f"1 checkpoints hold. The latest, {path.name}, records entry #{len(log)}.")
    assert err == ""


def test_verify_warns_when_checkpoints_have_no_second_copy(log: list[AuditEntry], audit_files: Path) -> None:
    checkpoints.checkpoint_write()
    out, err = run("verify")
    assert out.startswith("The audit log is whole")
    assert err.strip() == (
        "No mirror is configured (ADALAT_AUDIT_CHECKPOINT_MIRROR): the checkpoints are kept in one place only."
    )


def test_verify_names_the_changed_entry(log: list[AuditEntry], audit_files: Path) -> None:
    tampering.update(3, actor_name="judge1")
    with pytest.raises(CommandError, match=r"broken at entry #3 \(changed\)") as caught:
        run("verify")
    assert caught.value.returncode == 1


def test_verify_names_the_failing_checkpoint(log: list[AuditEntry], audit_files: Path) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    last = log[-1].seq
    tampering.delete(last)
    tampering.set_head(last - 1, log[-2].hash)
    err = io.StringIO()
    with pytest.raises(
        CommandError, match=f"broken at entry #{last} \\(removed\\): the log ends at #{last - 1}"
    ) as caught:
        call_command("audit", "verify", stdout=io.StringIO(), stderr=err)
    assert caught.value.returncode == 1
    assert f"Checkpoint {path} fails: the log no longer holds entry #{last}" in err.getvalue()


def test_a_checkpoint_that_fails_by_itself_fails_verify(log: list[AuditEntry], audit_files: Path) -> None:
    _checkpoint, path = checkpoints.checkpoint_write()
    path.write_text(path.read_text().replace('"count": ', '"count": 1'))
    with pytest.raises(CommandError, match="1 of 1 checkpoints fail") as caught:
        run("verify")
    assert caught.value.returncode == 1


def test_verify_a_checkpoint_given_by_name_with_a_public_key(log: list[AuditEntry], audit_files: Path) -> None:
    out, _err = run("checkpoint", "--out", str(audit_files / "kept" / "cp.json"))
    assert out.strip() == str(audit_files / "kept" / "cp.json")
    public, _err = run("public-key")
    assert public.startswith("-----BEGIN PUBLIC KEY-----")
    (audit_files / "trusted.pem").write_text(public)
    out, _err = run("verify", "--checkpoint", out.strip(), "--public-key", str(audit_files / "trusted.pem"))
    assert "1 checkpoints hold." in out


def test_checkpoint_writes_into_the_checkpoint_folder(log: list[AuditEntry], audit_files: Path) -> None:
    out, _err = run("checkpoint")
    assert Path(out.strip()).parent == audit_files / "checkpoints"
    assert checkpoints.checkpoint_files() == [Path(out.strip())]


def test_a_public_key_file_that_cannot_be_read_is_a_clear_error(log: list[AuditEntry], audit_files: Path) -> None:
    checkpoints.checkpoint_write()
    with pytest.raises(CommandError, match="cannot read") as caught:
        run("verify", "--public-key", str(audit_files / "missing.pem"))
    assert caught.value.returncode == 2


def test_schedule_enqueues_one_checkpoint_run(db: None) -> None:
    out, _err = run("schedule")
    assert out.strip() == "A checkpoint of the audit log is scheduled."
    assert run("schedule") == ("", "")
    assert DBTaskResult.objects.count() == 1


def _adalat(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """``adalat`` in a process of its own, on the test database."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        url = f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    else:
        url = f"sqlite:///{settings['NAME']}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "adalat.settings",
        "ADALAT_DATA_DIR": str(data_dir),
        "ADALAT_AUDIT_CHECKPOINT_DIR": str(data_dir / "checkpoints"),
        "ADALAT_AUDIT_SIGNING_KEY_FILE": str(data_dir / "keys" / "audit-ed25519.pem"),
    }
    command = [sys.executable, "-m", "adalat.cli", "audit", *args]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, check=False)  # noqa: S603


@pytest.mark.django_db(transaction=True)
def test_the_adalat_command_exits_non_zero_on_a_broken_log(log: list[AuditEntry], tmp_path: Path) -> None:
    whole = _adalat("verify", data_dir=tmp_path)
    assert whole.returncode == 0, whole.stderr
    assert whole.stdout.startswith(f"The audit log is whole: {len(log)} entries checked")
    tampering.swap(4, 5)
    broken = _adalat("verify", data_dir=tmp_path)
    assert broken.returncode == 1
    assert "broken at entry #4 (reordered)" in broken.stderr
