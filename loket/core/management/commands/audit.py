"""``loket audit``: check the audit log, write its signed checkpoints, manage its keys.

- ``verify``: walk the keyed chain and hold it against every signed checkpoint; exit 0 when
  intact, 1 naming each kind of tampering found.
- ``checkpoint``: sign and append a checkpoint, and mail it to the integrity officers (hourly).
- ``rechain``: key a log written before the chain was keyed, once, as a recorded event.
- ``rotate-key``: retire the chain key and make a new one; old entries keep verifying.
"""

from django.core.management.base import BaseCommand, CommandError

from loket.core import audit, audit_checkpoints, audit_keys


class Command(BaseCommand):
    help = (
        "Audit log tools. 'verify' exits 0 when the log is intact, 1 naming what was changed; 'checkpoint' "
        "signs the log's state outside the database (run hourly); 'rechain' keys an old log once; "
        "'rotate-key' makes a new chain key."
    )
    # An auditor must be able to check the log whatever else in the installation is amiss.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "checkpoint", "rechain", "rotate-key"])
        parser.add_argument(
            "--checkpoints",
            nargs="*",
            default=[],
            metavar="FILE",
            help="verify: more checkpoint files (e.g. the lines mailed to the integrity officer)",
        )
        parser.add_argument(
            "--verify-key",
            action="append",
            default=None,
            metavar="HEX",
            help="verify: trust only checkpoints signed with this public key (the officer's copy)",
        )
        parser.add_argument("--no-mail", action="store_true", help="checkpoint: write the file only")

    def handle(self, *args, action, checkpoints, verify_key, no_mail, **options):
        try:
            getattr(self, action.replace("-", "_"))(checkpoints=checkpoints, verify_keys=verify_key, mail=not no_mail)
        except (audit_keys.AuditKeyError, audit_checkpoints.CheckpointError, ValueError) as exc:
            raise CommandError(str(exc), returncode=1) from None

    def verify(self, *, checkpoints, verify_keys, **_):
        findings = audit.check(checkpoints, verify_keys)
        for notice in findings.notices:
            self.stdout.write(self.style.WARNING(f"note: {notice}"))
        if findings.problems:
            for problem in findings.problems[1:]:
                self.stderr.write(f"also: {problem}")
            raise CommandError(f"audit log broken at {findings.problems[0]}", returncode=1)
        self.stdout.write(
            self.style.SUCCESS(
                f"audit log intact: {findings.entries} entries, {findings.checkpoints} signed checkpoints agree"
            )
        )

    def checkpoint(self, *, mail, **_):
        cp = audit_checkpoints.write(mail=mail)
        self.stdout.write(self.style.SUCCESS(f"checkpoint written: entry {cp.seq}, {cp.count} entries"))

    def rechain(self, **_):
        count = audit.rechain(actor="loket audit rechain")
        self.stdout.write(self.style.SUCCESS(f"{count} entries keyed; write a checkpoint now: loket audit checkpoint"))

    def rotate_key(self, **_):
        old, new = audit_keys.rotate_chain_key()
        audit.record(actor="loket audit rotate-key", action="core.audit.key_rotated", data={"old": old, "new": new})
        self.stdout.write(self.style.SUCCESS(f"chain key {old} retired; new entries use {new}"))
