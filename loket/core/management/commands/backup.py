"""``loket backup [--output FILE]``: the database and the stored files in one tar file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.core import backup
from loket.core.audit_checkpoints import CheckpointError
from loket.core.audit_keys import AuditKeyError


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump -Fc) and the stored files into one tar file "
        "(default var/backups/loket-TIME.tar). The audit log's keys and checkpoints are kept elsewhere."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="the backup file to write")
        parser.add_argument("--no-checkpoint", action="store_true", help="do not sign an audit checkpoint first")

    def handle(self, *args, output, no_checkpoint, **options):
        try:
            path = backup.make(output, checkpoint=not no_checkpoint)
        except (backup.BackupError, CheckpointError, AuditKeyError) as exc:
            raise CommandError(str(exc), returncode=1) from None
        manifest = backup.read_manifest(path)
        if manifest.get("audit_warning"):
            self.stderr.write(self.style.WARNING(f"{manifest['audit_warning']}; run 'loket audit verify'"))
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written: {path} ({manifest['engine']}, audit log to entry {manifest['audit']['seq']}, "
                f"{len(manifest['sha256']) - 1} stored files)"
            )
        )
