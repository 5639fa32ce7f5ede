from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_the_documented_production_settings_pass_the_deploy_check(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "ADALAT_ENV": "production",
        "SECRET_KEY": "k" * 20 + "Q3!v9#xZ-pL7@mN2$wR8^tY5&uI1*oP4(aS6)dF0",
        "ALLOWED_HOSTS": "adalat.example.org",
        "ADALAT_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "adalat.settings",
        "ADALAT_AUDIT_SIGNING_KEY_FILE": str(tmp_path.parent / "secrets" / "audit-ed25519.pem"),
        "ADALAT_AUDIT_CHECKPOINT_MIRROR": "https://audit-mirror.example.org/checkpoints/",
    }
    result = subprocess.run(
        [sys.executable, "-m", "adalat.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env.update(
        {"ADALAT_ENV": "production", "ADALAT_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "adalat.settings"}
    )
    result = subprocess.run(
        [sys.executable, "-m", "adalat.cli", "check"], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_the_deploy_check_wants_the_audit_key_and_checkpoints_away_from_the_data(tmp_path: Path) -> None:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("ADALAT_AUDIT_")},
        "ADALAT_ENV": "production",
        "SECRET_KEY": "k" * 20 + "Q3!v9#xZ-pL7@mN2$wR8^tY5&uI1*oP4(aS6)dF0",
        "ALLOWED_HOSTS": "adalat.example.org",
        "ADALAT_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "adalat.settings",
    }
    result = subprocess.run(
        [sys.executable, "-m", "adalat.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode != 0
    assert "(adalat.audit.W001) ADALAT_AUDIT_CHECKPOINT_MIRROR is not set" in result.stderr + result.stdout
    assert "(adalat.audit.W002) The audit signing key is inside ADALAT_DATA_DIR" in result.stderr + result.stdout
