"""``loket seed --demo``: demo data for every app, then the demo logins."""

from importlib import import_module

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction


class Command(BaseCommand):
    help = "Fill the database with demo data and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--demo", action="store_true", help="demo data: staff of every role, an organisation chart, reports"
        )

    def handle(self, *args, demo=False, **options):
        if not demo:
            raise CommandError("Say what to seed: --demo")
        from loket.core import demo as core_demo

        with transaction.atomic():
            logins = core_demo.seed(self.stdout)
        for config in apps.get_app_configs():
            if not config.name.startswith("loket.") or config.name == "loket.core":
                continue
            try:
                module = import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            self.stdout.write(f"  demo data: {config.verbose_name}")
            module.seed(self.stdout)
        self.stdout.write(self.style.SUCCESS(f"\nDemo logins (password for all: {core_demo.DEMO_PASSWORD})"))
        self.stdout.write(f"  {'username':<16} {'roles':<48} TOTP secret (add to an authenticator app)")
        for username, roles, secret in logins:
            self.stdout.write(f"  {username:<16} {roles:<48} {secret or '-'}")
        self.stdout.write("  The current six-digit code of any demo account: loket totp USERNAME")
