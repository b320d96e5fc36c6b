"""``loket whistle check-deadlines [--today YYYY-MM-DD]`` and ``loket whistle retention``:
the daily jobs of the reporting channel, by hand or from cron."""

from __future__ import annotations

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from loket.whistle.services import carry_out_retention, check_deadlines


def _parse_day(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(_("--today needs a date as YYYY-MM-DD, not %(value)r.") % {"value": text}) from None


class Command(BaseCommand):
    help = _(
        "Reporting channel jobs: 'check-deadlines' reminds and escalates (termijnbewaking); "
        "'retention' carries out the retention decisions that have come due."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="job", required=True, metavar="{check-deadlines,retention}")
        watch = sub.add_parser("check-deadlines", help=_("remind before a deadline, escalate one that passed"))
        watch.add_argument("--today", help=_("run as if it were this day (YYYY-MM-DD); default: today"))
        retention = sub.add_parser("retention", help=_("delete the files whose retention decision has come due"))
        retention.add_argument("--today", help=_("run as if it were this day (YYYY-MM-DD); default: today"))

    def handle(self, *args, job, today=None, verbosity=1, **options):
        day = _parse_day(today)
        progress = self._progress if verbosity >= 1 else None
        if job == "check-deadlines":
            result = check_deadlines(today=day, progress=progress)
            self._end_progress(result.checked)
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Deadline watch: %(checked)d reports with a deadline near or past, %(reminders)d reminders sent, "
                        "%(breaches)d new breaches escalated."
                    )
                    % {"checked": result.checked, "reminders": result.reminders, "breaches": result.breaches}
                )
            )
            if result.escalated_to:
                self.stdout.write(_("Escalated to: %s") % ", ".join(sorted(set(result.escalated_to))))
        else:
            done = carry_out_retention(today=day, progress=progress)
            self._end_progress(len(done))
            self.stdout.write(
                self.style.SUCCESS(
                    _(
                        "Retention: %(n)d report files deleted by their decision; the reports' shells, the decisions, "
                        "the breaches and the audit log stay."
                    )
                    % {"n": len(done)}
                )
            )
            for reference in done:
                self.stdout.write(f"  {reference}")

    def _progress(self, done: int, total: int) -> None:
        if done == total or done % 100 == 0:
            self.stdout.write(f"\r  {done}/{total}", ending="")
            self.stdout.flush()

    def _end_progress(self, total: int) -> None:
        if total:
            self.stdout.write("")
