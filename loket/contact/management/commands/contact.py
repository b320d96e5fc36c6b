"""``loket contact``: bulk import and export, e-mail from files, and the live mail listener.

    loket contact import FILE.jsonl        one contact per line (issue 3 format)
    loket contact export FILE.jsonl        ref, client_id, question_id per contact, after merges
    loket contact mail FILE.eml ...        take in .eml files (--mbox: mbox files)
    loket contact listen --port 8025       SMTP listener for live mail (--lmtp for LMTP)
"""
import json
import mailbox
import os
import signal
import sys
import time
from argparse import ArgumentTypeError

from django.core.management.base import BaseCommand, CommandError

from loket.contact.services.bulk import BATCH


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise ArgumentTypeError("must be at least 1")
    return value


class Command(BaseCommand):
    help = "Contacts: import/export JSONL, take in e-mail files, listen for live mail (SMTP/LMTP)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help="Import contacts from a JSONL file (one contact per line).")
        imp.add_argument("file")
        imp.add_argument("--json", action="store_true", help="End with one line of JSON figures.")
        imp.add_argument("--workers", type=int, default=1 if (os.cpu_count() or 1) > 1 else 0,
                         help="Processes that read and check lines ahead of the storing (0: none; "
                              "default 1 on a machine with more than one core).")
        imp.add_argument("--batch-size", type=_positive, default=BATCH,
                         help=f"Lines per transaction (default {BATCH:,}); smaller holds the database's "
                              "write lock for less time while the web site is in use.")
        exp = sub.add_parser("export", help="Write ref, client_id and question_id of every contact.")
        exp.add_argument("file")
        mail = sub.add_parser("mail", help="Take in .eml files, or mbox files with --mbox.")
        mail.add_argument("files", nargs="+")
        mail.add_argument("--mbox", action="store_true")
        listen = sub.add_parser("listen", help="Listen for live mail.")
        listen.add_argument("--host", default="127.0.0.1")
        listen.add_argument("--port", type=int, default=8025)
        listen.add_argument("--lmtp", action="store_true", help="Speak LMTP instead of SMTP.")

    def handle(self, *args, action, **options):
        return getattr(self, f"do_{action}")(**options)

    def _err(self, text):
        self.stderr.write(text)

    def do_import(self, *, file, json: bool = False, workers: int = 0, batch_size: int = BATCH, **_):
        from loket.contact.services import import_jsonl

        shown = {"bad": 0}

        def progress(report):
            for number, reason in report.bad[shown["bad"]:]:
                self._err(f"line {number}: {reason}")
            shown["bad"] = len(report.bad)
            self._err(f"… {report.lines:,} lines read, {report.stored:,} stored, {report.duplicates:,} already there, "
                      f"{len(report.bad):,} bad ({report.rate:,.0f} contacts/s)")

        try:
            handle = open(file, "rb")
        except OSError as exc:
            raise CommandError(f"cannot read {file}: {exc.strerror}") from None
        with handle:
            report = import_jsonl(handle, actor="import", source=str(file), progress=progress, workers=workers,
                                  batch_size=batch_size)
        self.stdout.write(f"{report.stored} contacts stored in {report.questions} new questions, "
                          f"{report.duplicates} already there, {len(report.bad)} bad lines, "
                          f"{report.seconds:.1f} s ({report.rate:,.0f} contacts/s)")
        if json:
            self.stdout.write(_json({"lines": report.lines, "stored": report.stored, "duplicates": report.duplicates,
                                     "bad": len(report.bad), "seconds": round(report.seconds, 3),
                                     "contacts_per_second": round(report.rate, 1)}))
        if report.bad:
            sys.exit(1)

    def do_export(self, *, file, **_):
        from loket.contact.services import export_jsonl

        try:
            with open(file, "w", encoding="utf-8") as out:
                count = export_jsonl(out)
        except OSError as exc:
            raise CommandError(f"cannot write {file}: {exc.strerror}") from None
        self.stdout.write(f"{count} contacts written to {file}")

    def do_mail(self, *, files, mbox=False, **_):
        from loket.contact.services import ingest_files

        try:
            report = ingest_files(files, mbox=mbox)
        except (OSError, mailbox.Error) as exc:
            raise CommandError(f"cannot read the mail: {exc}") from None
        for number, reason in report.errors:
            self._err(f"message {number}: {reason}")
        self.stdout.write(f"{report.stored} messages stored, {report.duplicates} already there, "
                          f"{len(report.errors)} refused")
        if report.errors:
            sys.exit(1)

    def do_listen(self, *, host, port, lmtp=False, **_):
        from loket.contact.listener import controller

        def stop(*_args):
            raise KeyboardInterrupt  # a service manager's SIGTERM stops it as Ctrl-C does

        signal.signal(signal.SIGTERM, stop)
        server = controller(host=host, port=port, lmtp=lmtp)
        server.start()
        self.stdout.write(f"listening for {'LMTP' if lmtp else 'SMTP'} on {host}:{port} (Ctrl-C stops)")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
        finally:
            server.stop()


def _json(data) -> str:
    return json.dumps(data)
