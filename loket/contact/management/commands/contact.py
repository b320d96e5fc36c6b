"""``loket contact``: bulk import and export, e-mail from files, and the live mail listener.

loket contact import FILE.jsonl        one contact per line (issue 3 format)
loket contact export FILE.jsonl        ref, client_id, question_id per contact, after merges
loket contact mail FILE.eml ...        take in .eml files (--mbox: mbox files)
loket contact listen --port 8025       SMTP listener for live mail (--lmtp for LMTP)
loket contact estimate-window          learn the question window from the replies on file
"""

import json
import mailbox
import os
import signal
import sys
import time
from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand, CommandError
from django.utils.formats import number_format
from django.utils.translation import gettext as _, gettext_lazy

from loket.contact.services.bulk import BATCH


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ArgumentTypeError(_("not a whole number: %(value)r") % {"value": text}) from None
    if value < 1:
        raise ArgumentTypeError(_("must be at least 1"))
    return value


class Command(BaseCommand):
    help = gettext_lazy("Contacts: import/export JSONL, take in e-mail files, listen for live mail (SMTP/LMTP).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=_("Import contacts from a JSONL file (one contact per line)."))
        imp.add_argument("file")
        imp.add_argument("--json", action="store_true", help=_("End with one line of JSON figures."))
        imp.add_argument(
            "--workers",
            type=int,
            default=1 if (os.cpu_count() or 1) > 1 else 0,
            help=_(
                "Processes that read and check lines ahead of the storing (0: none; "
                "default 1 on a machine with more than one core)."
            ),
        )
        imp.add_argument(
            "--batch-size",
            type=_positive,
            default=None,
            help=_(
                "Lines per transaction (default %(batch)s); smaller holds the database's "
                "write lock for less time while the web site is in use."
            )
            % {"batch": _number(BATCH)},
        )
        exp = sub.add_parser("export", help=_("Write ref, client_id and question_id of every contact."))
        exp.add_argument("file")
        mail = sub.add_parser("mail", help=_("Take in .eml files, or mbox files with --mbox."))
        mail.add_argument("files", nargs="+")
        mail.add_argument("--mbox", action="store_true")
        listen = sub.add_parser("listen", help=_("Listen for live mail."))
        listen.add_argument("--host", default="127.0.0.1")
        listen.add_argument("--port", type=int, default=8025)
        listen.add_argument("--lmtp", action="store_true", help=_("Speak LMTP instead of SMTP."))
        sub.add_parser(
            "estimate-window",
            help=_("Learn how long a question stays open from the e-mail replies on file (nightly)."),
        )

    def handle(self, *args, action, **options):
        return getattr(self, f"do_{action.replace('-', '_')}")(**options)

    def _err(self, text):
        self.stderr.write(text)

    def do_import(self, *, file, json: bool = False, workers: int = 0, batch_size: int | None = None, **_options):
        from loket.contact.services import import_jsonl

        shown = {"bad": 0}

        def progress(report):
            for number, reason in report.bad[shown["bad"] :]:
                self._err(_("line %(number)d: %(reason)s") % {"number": number, "reason": reason})
            shown["bad"] = len(report.bad)
            self._err(
                "… "
                + _(
                    "%(lines)s lines read, %(stored)s stored, %(duplicates)s already there, %(bad)s bad "
                    "(%(rate)s contacts/s)"
                )
                % _figures(report)
            )

        def learning(step):
            self._err(
                "… "
                + _("learning the matching weights from this file: %(compared)s of %(contacts)s contacts compared")
                % {"compared": _number(step.compared), "contacts": _number(step.contacts)}
            )

        def waiting():
            self._err("… " + _("another import is running: this one starts when it has finished"))

        try:
            handle = open(file, "rb")  # noqa: SIM115  (closed by the `with` below; open errors read apart)
        except OSError as exc:
            raise CommandError(_("cannot read %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}) from None
        from loket.contact.clientlink import StaleKeys

        with handle:
            try:
                report = import_jsonl(
                    handle,
                    actor="import",
                    source=str(file),
                    progress=progress,
                    workers=workers,
                    batch_size=batch_size,
                    learning=learning,
                    waiting=waiting,
                )
            except StaleKeys as exc:
                raise CommandError(str(exc)) from None
        self.stdout.write(
            _(
                "%(stored)s contacts stored in %(questions)s new questions, %(duplicates)s already "
                "there, %(bad)s bad lines, %(seconds)s s (%(rate)s contacts/s)"
            )
            % _figures(report)
        )
        if report.learned.contacts:
            self.stdout.write(
                _(
                    "No matching weights had been learned yet: learned from the first %(contacts)s contacts "
                    "of this file, among themselves, in %(seconds)s s."
                )
                % {"contacts": _number(report.learned.contacts), "seconds": _number(report.learned.seconds, 1)}
            )
        if report.learned.window_days is not None:
            self.stdout.write(
                _(
                    "No question window had been learned yet: learned from the pauses before %(replies)s "
                    "e-mail replies in this file: %(days)s days."
                )
                % {"replies": _number(report.learned.replies), "days": _number(report.learned.window_days, 0)}
            )
        if report.left_to_regroup:
            self.stdout.write(
                _("An interrupted import had left the questions of %(clients)s merged clients to regroup: done now.")
                % {"clients": _number(report.left_to_regroup)}
            )
        if json:
            self.stdout.write(
                _json(
                    {
                        "lines": report.lines,
                        "stored": report.stored,
                        "duplicates": report.duplicates,
                        "bad": len(report.bad),
                        "seconds": round(report.seconds, 3),
                        "contacts_per_second": round(report.rate, 1),
                        "weights_learned_from": report.learned.contacts,
                        "learning_seconds": round(report.learned.seconds, 3),
                        "question_window_learned_days": report.learned.window_days,
                    }
                )
            )
        if report.bad:
            sys.exit(1)

    def do_export(self, *, file, **_options):
        from loket.contact.services import export_jsonl

        try:
            with open(file, "w", encoding="utf-8") as out:
                count = export_jsonl(out)
        except OSError as exc:
            raise CommandError(
                _("cannot write %(file)s: %(reason)s") % {"file": file, "reason": exc.strerror}
            ) from None
        self.stdout.write(_("%(count)s contacts written to %(file)s") % {"count": _number(count), "file": file})

    def do_mail(self, *, files, mbox=False, **_options):
        from loket.contact.services import ingest_files

        try:
            report = ingest_files(files, mbox=mbox)
        except (OSError, mailbox.Error) as exc:
            raise CommandError(_("cannot read the mail: %(reason)s") % {"reason": exc}) from None
        for number, reason in report.errors:
            self._err(_("message %(number)d: %(reason)s") % {"number": number, "reason": reason})
        self.stdout.write(
            _("%(stored)s messages stored, %(duplicates)s already there, %(refused)s refused")
            % {
                "stored": _number(report.stored),
                "duplicates": _number(report.duplicates),
                "refused": _number(len(report.errors)),
            }
        )
        if report.errors:
            sys.exit(1)

    def do_estimate_window(self, **_options):
        from loket.contact.services.question_window import MIN_REPLIES, QUANTILE, current_window, estimate_window

        estimate = estimate_window()
        if estimate is None:
            self.stdout.write(
                _("fewer than %(count)s replies on file: the window stays %(days)s days")
                % {"count": MIN_REPLIES, "days": _number(current_window().days)}
            )
            return
        self.stdout.write(
            _("%(replies)s replies: %(share)s%% came within %(gap)s days; the window is now %(days)s days")
            % {
                "replies": _number(estimate.replies),
                "share": round(QUANTILE * 100),
                "gap": _number(estimate.quantile_days, 1),
                "days": _number(estimate.days, 1),
            }
        )

    def do_listen(self, *, host, port, lmtp=False, **_options):
        from loket.contact.listener import controller

        def stop(*_args):
            raise KeyboardInterrupt  # a service manager's SIGTERM stops it as Ctrl-C does

        signal.signal(signal.SIGTERM, stop)
        server = controller(host=host, port=port, lmtp=lmtp)
        server.start()
        self.stdout.write(
            _("listening for %(protocol)s on %(host)s:%(port)s (Ctrl-C stops)")
            % {"protocol": "LMTP" if lmtp else "SMTP", "host": host, "port": port}
        )
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()


def _number(value, decimals=None) -> str:
    """A figure as the user's language writes it (1.234 in Dutch, 1,234 in English)."""
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def _figures(report) -> dict[str, str]:
    return {
        "lines": _number(report.lines),
        "stored": _number(report.stored),
        "questions": _number(report.questions),
        "duplicates": _number(report.duplicates),
        "bad": _number(len(report.bad)),
        "seconds": _number(round(report.seconds, 1), 1),
        "rate": _number(round(report.rate)),
    }


def _json(data) -> str:
    return json.dumps(data)
