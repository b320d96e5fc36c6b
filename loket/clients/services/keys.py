"""Keys that cannot go stale: every client's blocking keys and folded names carry the version
of the recipe that made them (``Client.keys_recipe``, ``blocking.RECIPE``).

After a change of the recipe the stored keys no longer find what matching asks for, so
matching refuses to run on them (``ensure_fresh``, and the system check ``clients.E001``)
until ``rebuild`` has made them anew: streaming over the stale clients in batches of one
transaction each, which mark their clients done, so a run that is stopped resumes where it
stopped. ``recomputed`` says what the keys of a client must be; a test holds the stored
ones to it, and ``verify`` (``loket clients check-keys``) holds a register to it: keys
edited or lost in the database carry the current version and only a comparison finds them.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _

from ...core import audit, fastsql
from .. import blocking
from ..models import Client, ClientBlockingKey, ClientName
from ..names import forms

BATCH = 1000


class StaleKeys(RuntimeError):
    """Matching on keys made by an older recipe would miss clients: rebuild them first."""


def stale_count() -> int:
    """How many clients carry keys of another recipe (merged clients included: their
    keys are none, but their folded names are searched too)."""
    return Client.objects.exclude(keys_recipe=blocking.RECIPE).count()


_fresh = False  # once fresh, keys stay fresh: this code makes them with the current recipe


def ensure_fresh() -> None:
    """Raise StaleKeys when any client's keys were made by another recipe (asked once per
    process until the answer is yes)."""
    global _fresh
    if _fresh:
        return
    if Client.objects.exclude(keys_recipe=blocking.RECIPE).exists():
        raise StaleKeys(
            _(
                "The blocking keys of %(n)d clients were made by another version of the recipe "
                "(%(version)d now): run “loket clients rebuild-keys” before matching."
            )
            % {"n": stale_count(), "version": blocking.RECIPE}
        )
    _fresh = True


def forget_freshness() -> None:
    """For tests and the rebuild: ask the database again next time."""
    global _fresh
    _fresh = False


def recomputed(client_ids) -> tuple[dict[int, set[int]], dict[int, str]]:
    """(keys per client, folded form per name id) as the current recipe makes them."""
    ids = list(client_ids)
    names: dict[int, list[str]] = defaultdict(list)
    folded: dict[int, str] = {}
    for name_id, client_id, full_name in (
        ClientName.objects.filter(client_id__in=ids).order_by("id").values_list("id", "client_id", "full_name")
    ):
        names[client_id].append(full_name)
        folded[name_id] = forms(full_name).folded
    keys = {}
    for client_id, year, merged in Client.objects.filter(pk__in=ids).values_list("pk", "birth_year", "merged_into_id"):
        keys[client_id] = set() if merged is not None else blocking.keys_of_names(names[client_id], year)
    return keys, folded


@dataclass
class RebuildReport:
    clients: int = 0
    total: int = 0
    keys: int = 0
    names_changed: int = 0


def rebuild(
    *, actor, everything: bool = False, batch_size: int = BATCH, progress: Callable[[RebuildReport], None] | None = None
) -> RebuildReport:
    """Make the keys and folded names of every stale client anew (``everything``: of every
    client), ``batch_size`` clients per transaction, and mark them done."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    if everything:  # marked stale first: a stopped run resumes with those not yet done
        Client.objects.exclude(keys_recipe=0).update(keys_recipe=0)
    forget_freshness()
    report = RebuildReport(total=stale_count())
    last = 0
    while True:
        ids = list(
            Client.objects.filter(pk__gt=last)
            .exclude(keys_recipe=blocking.RECIPE)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        with transaction.atomic():
            keys, folded = recomputed(ids)
            stored = dict(ClientName.objects.filter(pk__in=list(folded)).values_list("pk", "folded"))
            changed = [ClientName(pk=pk, folded=value) for pk, value in folded.items() if stored.get(pk) != value]
            fastsql.update(ClientName, changed, ["folded"])
            ClientBlockingKey.objects.filter(client_id__in=ids).delete()
            rows = [(cid, key) for cid, client_keys in keys.items() for key in client_keys]
            fastsql.insert_values(ClientBlockingKey, ["client", "key"], rows)
            Client.objects.filter(pk__in=ids).update(keys_recipe=blocking.RECIPE)
            audit.record(
                actor=actor,
                action="clients.keys.rebuilt",
                object_type="clients.client",
                data={"recipe": blocking.RECIPE, "first": ids[0], "last": ids[-1], "clients": len(ids)},
            )
        report.clients += len(ids)
        report.keys += len(rows)
        report.names_changed += len(changed)
        last = ids[-1]
        if progress:
            progress(report)
    forget_freshness()
    return report


@dataclass
class CheckReport:
    clients: int = 0
    wrong: list[int] = field(default_factory=list)  # clients whose stored keys or folded names differ


def verify(
    *,
    batch_size: int = BATCH,
    repair: bool = False,
    actor="check-keys",
    progress: Callable[[CheckReport], None] | None = None,
) -> CheckReport:
    """Hold every client's stored keys and folded names (of the current recipe) to what the
    recipe makes of its names now, ``batch_size`` clients at a time. ``repair``: the clients
    whose differ are marked stale and made anew (``rebuild``)."""
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    report, last = CheckReport(), 0
    while ids := list(
        Client.objects.filter(pk__gt=last, keys_recipe=blocking.RECIPE)
        .order_by("pk")
        .values_list("pk", flat=True)[:batch_size]
    ):
        want_keys, want_folded = recomputed(ids)
        have_keys: dict[int, set[int]] = defaultdict(set)
        for client_id, key in ClientBlockingKey.objects.filter(client_id__in=ids).values_list("client_id", "key"):
            have_keys[client_id].add(key)
        wrong = {cid for cid in ids if have_keys.get(cid, set()) != want_keys[cid]}
        names = ClientName.objects.filter(client_id__in=ids).values_list("pk", "client_id", "folded")
        wrong |= {client_id for pk, client_id, folded in names if want_folded.get(pk) != folded}
        report.clients += len(ids)
        report.wrong.extend(sorted(wrong))
        last = ids[-1]
        if progress:
            progress(report)
    if repair and report.wrong:
        Client.objects.filter(pk__in=report.wrong).update(keys_recipe=0)
        audit.record(
            actor=actor,
            action="clients.keys.found_wrong",
            object_type="clients.client",
            data={"recipe": blocking.RECIPE, "clients": report.wrong[:1000], "count": len(report.wrong)},
        )
        rebuild(actor=actor, batch_size=batch_size)
    return report
