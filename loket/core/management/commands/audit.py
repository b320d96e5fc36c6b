"""``loket audit verify``: check the hash chain of the audit log."""
from django.core.management.base import BaseCommand, CommandError

from loket.core import audit


class Command(BaseCommand):
    help = "Audit log tools. 'verify' exits 0 when the chain is intact, 1 naming the first bad entry."
    # An auditor must be able to check the log whatever else in the installation is amiss.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])

    def handle(self, *args, action, **options):
        problem = audit.verify()
        if problem is None:
            from loket.core.audit_models import AuditEntry

            self.stdout.write(self.style.SUCCESS(f"audit log intact: {AuditEntry.objects.count()} entries"))
            return
        raise CommandError(f"audit log broken at {problem}", returncode=1)
