"""``loket clients``: upkeep of the client register.

loket clients rebuild-keys [--all] [--batch N]   blocking keys and folded names made anew
"""

from django.core.management.base import BaseCommand
from django.utils.formats import number_format
from django.utils.translation import gettext as _, gettext_lazy

from loket.clients import blocking
from loket.clients.services import keys


def _number(value) -> str:
    return number_format(value, force_grouping=True)


class Command(BaseCommand):
    help = gettext_lazy("Clients: upkeep of the register (rebuild the blocking keys after a change of their recipe).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        rebuild = sub.add_parser(
            "rebuild-keys",
            help=_("Make the blocking keys and folded names of every client with stale keys anew."),
        )
        rebuild.add_argument(
            "--all", action="store_true", dest="everything", help=_("Rebuild every client's, not only the stale ones.")
        )
        rebuild.add_argument("--batch", type=int, default=keys.BATCH, help=_("Clients per transaction."))

    def handle(self, *args, action, **options):
        if action == "rebuild-keys":
            self.rebuild(options["everything"], options["batch"])

    def rebuild(self, everything: bool, batch: int):
        def progress(report):
            self.stderr.write(
                _("%(done)s of %(total)s clients, %(keys)s keys")
                % {"done": _number(report.clients), "total": _number(report.total), "keys": _number(report.keys)}
            )
            self.stderr.flush()

        report = keys.rebuild(actor="rebuild-keys", everything=everything, batch_size=max(1, batch), progress=progress)
        self.stdout.write(
            _("Keys of %(clients)s clients rebuilt with recipe %(recipe)d (%(names)s folded names changed).")
            % {"clients": _number(report.clients), "recipe": blocking.RECIPE, "names": _number(report.names_changed)}
        )
