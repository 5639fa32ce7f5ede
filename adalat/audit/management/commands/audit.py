"""``adalat audit``: check the tamper-evident log, and sign checkpoints of it.

    adalat audit verify [--checkpoint FILE ...] [--public-key FILE] [--workers N]
    adalat audit checkpoint [--out FILE]
    adalat audit public-key
    adalat audit schedule

``verify`` exits 0 and prints one line when the chain is whole, every checkpoint holds (by
default every checkpoint in ``AUDIT_CHECKPOINT_DIR`` and in a mirror folder) and the log still
holds what the latest signed checkpoint records; otherwise it names the first entry that was
changed, removed or reordered, and each checkpoint that fails, and exits 1. It warns (on standard
error) when the latest checkpoint has no copy in the mirror, or no mirror is configured.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction
from django.utils.translation import gettext as _

from adalat.audit import checkpoints, mirror, tasks
from adalat.audit.check import audit_check


class Command(BaseCommand):
    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        self.help = _("Verify the audit log, or write and check signed checkpoints of it.")
        return super().create_parser(prog_name, subcommand, **kwargs)

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
        verify = actions.add_parser("verify", help=_("walk the chain and check the checkpoints"))
        verify.add_argument(
            "--checkpoint",
            action="append",
            type=Path,
            default=[],
            metavar="FILE",
            help=_("a checkpoint to check (repeatable; default: every one in AUDIT_CHECKPOINT_DIR)"),
        )
        verify.add_argument(
            "--public-key",
            type=Path,
            metavar="FILE",
            help=_("the trusted public key (default: the public part of the configured signing key)"),
        )
        verify.add_argument(
            "--workers", type=int, help=_("processes that share a long log (default: one per processor)")
        )
        checkpoint = actions.add_parser("checkpoint", help=_("write a signed checkpoint of the log"))
        checkpoint.add_argument(
            "--out", type=Path, metavar="FILE", help=_("where to write it (default: AUDIT_CHECKPOINT_DIR)")
        )
        actions.add_parser("public-key", help=_("print the public key that checkpoints are checked with"))
        actions.add_parser("schedule", help=_("make sure a checkpoint is written periodically"))

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        try:
            if action == "verify":
                self._verify(options["checkpoint"], options["public_key"], options["workers"])
            elif action == "checkpoint":
                _checkpoint, path = checkpoints.checkpoint_write(out=options["out"])
                self.stdout.write(str(path))
                configured = mirror.configured()
                if options["out"] is None and configured is not None and not mirror.has_copy(path, mirror=configured):
                    self.stderr.write(
                        _("The checkpoint has no copy in the mirror %(mirror)s (see the log for why).")
                        % {"mirror": configured.label}
                    )
            elif action == "public-key":
                key = checkpoints.signing_key().public_key()
                self.stdout.write(checkpoints.public_key_pem(key), ending="")
            elif action == "schedule":
                with transaction.atomic():
                    scheduled = tasks.checkpoint_schedule_ensure()
                if scheduled is not None:
                    self.stdout.write(_("A checkpoint of the audit log is scheduled."))
        except (checkpoints.CheckpointError, mirror.MirrorError) as exc:
            raise CommandError(str(exc), returncode=2) from exc

    def _verify(self, files: list[Path], public_key: Path | None, workers: int | None) -> None:
        if workers is not None and workers < 1:
            raise CommandError(_("Give at least one worker."), returncode=2)
        check = audit_check(checkpoint_files=files, public_key_file=public_key, workers=workers)
        checked, failed = check.checkpoints, check.failed_checkpoints
        for failure in failed:
            self.stderr.write(
                _("Checkpoint %(path)s fails: %(problem)s") % {"path": failure.path, "problem": failure.problem}
            )
        if check.mirror.problem and not files:
            self.stderr.write(check.mirror.problem)
        if check.broken is not None:
            raise CommandError(check.summary, returncode=1)
        if failed:
            raise CommandError(
                _("%(failed)s of %(total)s checkpoints fail.") % {"failed": len(failed), "total": len(checked)},
                returncode=1,
            )
        summary = check.summary
        if checked:
            summary += " " + _("%(count)s checkpoints hold.") % {"count": len(checked)}
        if check.latest is not None and check.latest.checkpoint is not None:
            summary += " " + _("The latest, %(name)s, records entry #%(seq)s.") % {
                "name": check.latest.path.name,
                "seq": check.latest.checkpoint.head_seq,
            }
        self.stdout.write(summary)
