"""``loket restore FILE``: put a backup back (stop the web and worker processes first)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.core import audit, backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by 'loket backup' over this installation's database and stored files, "
        "then check the audit log against its checkpoints. Stop the web and worker processes first."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--accept-loss",
            action="store_true",
            help="restore a backup older than the last audit checkpoint; the loss is recorded",
        )

    def handle(self, *args, file, accept_loss, **options):
        try:
            restored = backup.restore(file, accept_loss=accept_loss)
        except backup.BackupError as exc:
            raise CommandError(str(exc), returncode=1) from None
        m = restored.manifest
        self.stdout.write(f"restored {file} of {m['made_at']} ({m['engine']}, {restored.files} stored files)")
        if restored.lost:
            self.stdout.write(
                self.style.WARNING(
                    f"audit entries {restored.lost[0]} to {restored.lost[1]} were lost and the loss is recorded; "
                    "report it to the integrity officer"
                )
            )
        self.stdout.write("run 'loket migrate' if this code is newer than the backup")
        findings = audit.check()
        if findings.problems:
            raise CommandError(f"restored, but the audit log is broken at {findings.problems[0]}", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"audit log intact: {findings.entries} entries"))
