"""``loket integrity``: the integrity officer's tools.

- ``signals --input ACTIVITY.jsonl --output SIGNALS.jsonl``: every signal over another system's
  export, streaming, with progress on stderr; bad lines are reported with their number and
  reason and skipped. ``SIGNALS.html`` is written beside the output.
- ``signals`` without ``--input``: every signal over Loket's own data, stored for the
  integrity officer's dashboard (what the daily task does).
- ``signals --enqueue``: put that run on the task queue for ``loket worker`` (the daily cron
  line ``0 6 * * * loket integrity signals --enqueue``).
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from loket.integrity.signals import config, engine, report


class Command(BaseCommand):
    help = (
        "Integrity tools. 'signals --input ACTIVITY.jsonl --output SIGNALS.jsonl' computes every signal over an "
        "activity export (SIGNALS.html beside it); 'signals' alone runs them over Loket's own data and stores them."
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["signals"])
        parser.add_argument("--input", metavar="ACTIVITY.jsonl", help="an activity export, one JSON object a line")
        parser.add_argument("--output", metavar="SIGNALS.jsonl", help="where to write one JSON line per signal")
        parser.add_argument("--quiet", action="store_true", help="no progress lines")
        parser.add_argument(
            "--enqueue", action="store_true", help="put a run over Loket's own data on the task queue (daily cron line)"
        )

    def handle(self, *args, action, input, output, quiet, enqueue, **options):
        cfg = config.from_settings()
        if enqueue:
            from loket.integrity.signals.tasks import run_signals_task

            result = run_signals_task.enqueue()
            self.stdout.write(f"queued: {result.id}")
            return
        if input is None:
            from loket.integrity.signals import services

            run = services.run_signals(actor="loket integrity signals")
            self.stdout.write(f"{run.count} signals stored (run {run.pk})")
            return
        if not output:
            raise CommandError("--output is needed with --input")
        source, target = Path(input), Path(output)
        if not source.is_file():
            raise CommandError(f"{source}: no such file")
        started = time.monotonic()

        def progress(stats):
            if not quiet:
                elapsed = time.monotonic() - started
                self.stderr.write(
                    f"{stats.lines:,} lines, {stats.bad_count:,} bad, {elapsed:.0f} s ({stats.lines / max(elapsed, 1e-9):,.0f}/s)"
                )

        def bad(line):
            if not quiet:
                self.stderr.write(f"line {line.number}: {line.reason}")

        with open(source, "rb") as fh:
            try:
                signals, stats = engine.run_lines(fh, cfg, progress=progress, on_bad=bad)
            except engine.OrderError as exc:
                raise CommandError(str(exc)) from None
        report.write_jsonl(signals, target)
        report.write_html(signals, stats, source.name, report.html_path(target), cfg)
        counts = {sid: sum(1 for s in signals if s.signal == sid) for sid in config.SIGNAL_IDS}
        self.stdout.write(
            f"{stats.lines} lines, {stats.records} records, {stats.bad_count} bad lines; "
            + ", ".join(f"{k} {v}" for k, v in counts.items())
            + f"; {time.monotonic() - started:.1f} s"
        )
        sys.stdout.flush()
