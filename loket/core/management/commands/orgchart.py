"""``loket orgchart import FILE.csv``: load the organisation chart."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.core.orgchart import OrgChartError, import_csv


class Command(BaseCommand):
    help = "Import the organisation chart from CSV (see loket/core/orgchart.py for the columns)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["import"])
        parser.add_argument("file")

    def handle(self, *args, action, file, **options):
        path = Path(file)
        if not path.exists():
            raise CommandError(f"no such file: {file}")
        try:
            result = import_csv(path.read_text(encoding="utf-8-sig"), actor="orgchart-import")
        except OrgChartError as exc:
            for line in exc.errors:
                self.stderr.write(line)
            raise CommandError("nothing was imported") from exc
        for warning in result.warnings:
            self.stderr.write(warning)
        self.stdout.write(self.style.SUCCESS(f"{result.units} units, {result.employees} employees"))
