"""``loket rules audit``: re-audit decisions against the rules in force on their dates.

With ``--input FILE.jsonl`` the cases come from another system (the format of issue 4);
without it, every decision issued in Loket is audited, when the decisions app provides
them (``loket.rules.hooks.ISSUED_DECISIONS``). The report goes to ``--output``
(JSONL, one line per case, bad lines as ``{"ref", "error", "line"}``) and beside it an HTML
page. Progress and each bad line go to stderr. Exit status 0 when the audit ran (whatever
it found), 1 when it could not run.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from loket.rules.audit import Progress, audit_facts, audit_stream, default_workers
from loket.rules.hooks import ISSUED_DECISIONS
from loket.rules.report import HtmlReport, html_path_for


def issued_case_facts():
    """The issued decisions as facts, from the app that provides them, or None when none does (yet)."""
    source = ISSUED_DECISIONS.first()
    return None if source is None else source()


class Command(BaseCommand):
    help = "Rule catalogue tools. 'audit' re-audits decisions (from --input JSONL, or those issued in Loket)."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["audit"])
        parser.add_argument(
            "--input", type=Path, help="JSONL file of cases (issue 4 format); default: issued decisions"
        )
        parser.add_argument(
            "--output",
            type=Path,
            default=None,
            help="JSONL report; the HTML report is written beside it (default var/rules-audit.jsonl)",
        )
        parser.add_argument("--workers", type=int, default=None, help="worker processes (default: up to 2)")
        parser.add_argument(
            "--language",
            choices=[code for code, _ in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="language of the messages and the HTML",
        )

    def handle(self, *args, action, input, output, workers, language, **options):
        output = output or Path(settings.BASE_DIR) / "var" / "rules-audit.jsonl"
        if input is not None and not input.is_file():
            raise CommandError(f"input file not found: {input}")
        if not output.parent.is_dir():
            raise CommandError(f"output folder does not exist: {output.parent}")
        if input is not None and output.exists() and output.resolve() == input.resolve():
            raise CommandError("the output would overwrite the input")
        cases = None
        if input is None:
            cases = issued_case_facts()
            if cases is None:
                self.stdout.write(
                    "Nothing to audit: no decisions are issued in Loket yet "
                    "(use --input FILE.jsonl for decisions from another system)."
                )
                return
        html = HtmlReport(html_path_for(output), language)
        with translation.override(language), open(output, "w", encoding="utf-8") as out:
            if input is not None:
                with open(input, "rb") as stream:
                    totals = audit_stream(
                        stream,
                        out,
                        language=language,
                        workers=workers or default_workers(),
                        progress=Progress(self.stderr),
                        on_blocked=html.blocked,
                    )
            else:
                totals = audit_facts(
                    cases, out, language=language, progress=Progress(self.stderr), on_blocked=html.blocked
                )
            html.finish(totals, source_name=input.name if input else "Loket")
        self.stdout.write(
            f"{totals.cases} cases audited, {totals.blocked_cases} break a blocking rule, "
            f"{totals.bad} bad lines; report: {output} and {html.path}"
        )
