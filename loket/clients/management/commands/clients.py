"""``loket clients``: upkeep of the client register.

loket clients rebuild-keys [--all] [--batch N]   blocking keys and folded names made anew
loket clients check-keys [--repair] [--batch N]  stored keys held to what the recipe makes
loket clients estimate-weights [--sample N]      the linkage weights learned again from the register
loket clients relink [--no-estimate]             the register re-clustered with all evidence so far
"""

import sys

from django.core.management.base import BaseCommand
from django.utils.formats import number_format
from django.utils.translation import gettext as _, gettext_lazy

from loket.clients import blocking
from loket.clients.services import keys
from loket.clients.services.estimation import estimate_weights
from loket.clients.services.relink import relink


def _number(value) -> str:
    return number_format(value, force_grouping=True)


class Command(BaseCommand):
    help = gettext_lazy(
        "Clients: upkeep of the register (blocking keys after a change of their recipe, linkage weights, relink)."
    )

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
        check = sub.add_parser(
            "check-keys",
            help=_("Hold every client's stored blocking keys and folded names to what the recipe makes of them."),
        )
        check.add_argument(
            "--repair", action="store_true", help=_("Make the keys of the clients whose keys differ anew.")
        )
        check.add_argument("--batch", type=int, default=keys.BATCH, help=_("Clients per transaction."))
        est = sub.add_parser("estimate-weights", help=_("Learn the linkage weights again from the register."))
        est.add_argument("--sample", type=int, default=20_000, help=_("Contacts to learn from (the newest)."))
        est.add_argument("--precision", type=float, default=0.99, help=_("Precision the link threshold is set for."))
        rel = sub.add_parser("relink", help=_("Re-cluster the register with all evidence so far."))
        rel.add_argument(
            "--no-estimate", action="store_true", help=_("Use the current weights; do not learn them again first.")
        )

    def handle(self, *args, action, **options):
        if action == "rebuild-keys":
            self.rebuild(options["everything"], options["batch"])
            return
        if action == "check-keys":
            self.check_keys(options["repair"], options["batch"])
            return
        if not options.get("no_estimate"):
            self.estimate(options.get("sample", 20_000), options.get("precision", 0.99))
        if action == "relink":
            self.relink()

    def _progress(self, text: str) -> None:
        self.stderr.write(text)
        self.stderr.flush()

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

    def check_keys(self, repair: bool, batch: int):
        def progress(report):
            self.stderr.write(_("%(done)s clients checked") % {"done": _number(report.clients)})
            self.stderr.flush()

        report = keys.verify(repair=repair, batch_size=max(1, batch), progress=progress)
        if not report.wrong:
            self.stdout.write(
                _("The keys of all %(clients)s clients are what recipe %(recipe)d makes.")
                % {"clients": _number(report.clients), "recipe": blocking.RECIPE}
            )
            return
        self.stdout.write(
            _(
                "%(wrong)s of %(clients)s clients carry keys or folded names that recipe %(recipe)d does not make: %(ids)s"
            )
            % {
                "wrong": _number(len(report.wrong)),
                "clients": _number(report.clients),
                "recipe": blocking.RECIPE,
                "ids": ", ".join(str(pk) for pk in report.wrong[:20]) + (" …" if len(report.wrong) > 20 else ""),
            }
        )
        if repair:
            self.stdout.write(_("Their keys were made anew."))
        else:
            self.stdout.write(_("Run “loket clients check-keys --repair” to make them anew."))
            sys.exit(1)

    def estimate(self, sample: int, precision: float):
        def progress(step):
            if step.random_pairs is not None:
                text = _("chance agreement learned from %(pairs)s random pairs (%(left)s left out as one person)") % {
                    "pairs": _number(step.random_pairs),
                    "left": _number(step.left_out),
                }
            elif step.compared:
                text = _("%(done)s of %(total)s contacts compared with their candidates") % {
                    "done": _number(step.compared),
                    "total": _number(step.contacts),
                }
            else:
                text = _("%(contacts)s contacts read") % {"contacts": _number(step.contacts)}
            self._progress(text)

        estimate = estimate_weights(sample=sample, precision=precision, progress=progress)
        if estimate is None:
            self.stdout.write(_("Too few contacts on file to learn from; the weights in use stay."))
            return
        self.stdout.write(
            _("Weights learned from %(contacts)s contacts and %(clients)s clients; link from probability %(p).4f.")
            % {
                "contacts": _number(estimate.contacts),
                "clients": _number(estimate.clients),
                "p": estimate.weights["link_threshold"],
            }
        )

    def relink(self):
        def progress(report):
            self._progress(
                _("%(done)s of %(total)s clients compared; %(merged)s merged, %(parted)s parted again so far")
                % {
                    "done": _number(report.compared),
                    "total": _number(report.clients),
                    "merged": _number(len(report.merged)),
                    "parted": _number(len(report.parted)),
                }
            )

        report = relink(progress=progress)
        self.stdout.write(
            _(
                "Relink: %(clients)s clients, %(pairs)s pairs scored; %(merged)s merged, %(parted)s parted again, "
                "%(ambiguous)s left to agents."
            )
            % {
                "clients": _number(report.clients),
                "pairs": _number(report.pairs_scored),
                "merged": _number(len(report.merged)),
                "parted": _number(len(report.parted)),
                "ambiguous": _number(report.ambiguous),
            }
        )
