"""``loket draws replay CASE``: replay every assignment draw of a case from its stored seed,
candidates and weights, and say whether it gives the same officer (exit 1 if not)."""

from django.core.management.base import BaseCommand, CommandError

from loket.cases.models import Case
from loket.core import access_context, audit
from loket.integrity import selectors, services


class Command(BaseCommand):
    help = "Replay the assignment draws of a case (by its reference) and check they give the same officer."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        replay = sub.add_parser("replay", help="replay the draws of one case")
        replay.add_argument("case", help="the case reference, e.g. A-2026-000001")

    def handle(self, *args, action, case, **options):
        found = Case.objects.filter(reference=case.strip()).first()
        if found is None:
            raise CommandError(f"No case has the reference {case!r}.")
        rows = list(selectors.draws_of(found))
        different = 0
        with access_context.origin("command:draws replay", "audit of the assignment"):
            for row in rows:
                result = services.replay(row)
                different += not result["same"]
                drawn = row.chosen.get_username() if row.chosen else "nobody"
                verdict = "the same officer" if result["same"] else f"a DIFFERENT result (user {result['replayed']})"
                self.stdout.write(
                    f"{found.reference} draw {row.pk} at {row.drawn_at:%Y-%m-%d %H:%M} for {row.purpose} "
                    f"({row.cause}): drawn {drawn}; seed {row.seed}; "
                    f"{len(row.candidates)} candidates; replayed: {verdict}"
                )
            audit.record(
                actor=None,
                action="integrity.draw.replayed",
                obj=found,
                data={"draws": [r.pk for r in rows], "different": different},
            )
        if not rows:
            self.stdout.write(f"{found.reference}: no draw (opened before the system's draw)")
        if different:
            raise CommandError(f"{different} draw(s) of {found.reference} do not replay to the officer drawn.")
