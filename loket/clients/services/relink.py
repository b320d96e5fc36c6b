"""Re-clustering the register with all evidence so far (``loket clients relink``).

Contacts are linked one at a time, each with what was known at that moment. Later contacts
add names, phone numbers and e-mail addresses to clients, and the weights are learned again
from a larger register. The relink looks at the whole register with both:

1. it parts again the clients an earlier relink merged that today's weights no longer hold
   to be one person (undoing a merge also parts the questions it joined: the contact app
   listens to ``merge_undone``);
2. it merges clients that the weights now hold to be one person: each pair of clients that
   share a blocking key is scored as a contact would be, and merged when the probability
   reaches the link threshold, one candidate stands out, and nothing forbids it (two
   V-numbers, conflicting birth dates).

Every change is an ordinary merge or undo: logged with its reasons, and reversible by an
agent on the client page. It runs nightly through the task queue and on demand.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from .. import blocking, selectors
from ..linkage import Weights, score_pair
from ..models import Client, ClientEmail, ClientMerge, ClientName, ClientPhone
from ..names import forms
from ..parsing import partial_date
from ..scoring import Profile
from .estimation import current_weights
from .merging import merge_clients, undo_merge

ACTOR = "relink"
REASON_PREFIX = "relink:"
CHUNK = 2000


@dataclass
class RelinkReport:
    clients: int = 0
    pairs_scored: int = 0
    merged: list[tuple[int, int]] = field(default_factory=list)  # (kept, merged)
    parted: list[int] = field(default_factory=list)  # ClientMerge ids undone
    ambiguous: int = 0
    refused: int = 0
    compared: int = 0  # clients compared so far (for progress)


def relink(*, weights: Weights | None = None, progress: Callable[[RelinkReport], None] | None = None) -> RelinkReport:
    """Re-cluster the register; ``progress(report)`` after the parting and after each chunk of
    clients compared (the caller words it, in its user's language)."""
    say = progress or (lambda _report: None)
    weights = weights or current_weights()
    report = RelinkReport()
    _part(weights, report)
    ids = list(Client.objects.filter(merged_into__isnull=True).order_by("pk").values_list("pk", flat=True))
    report.clients = len(ids)
    say(report)
    gone: set[int] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = [i for i in ids[start : start + CHUNK] if i not in gone]
        found = selectors.client_details(chunk)
        for cid in sorted(found):  # in id order on every database
            details = found[cid]
            if cid not in gone:
                _merge_one(cid, details, weights, report, gone)
        report.compared = min(start + CHUNK, len(ids))
        say(report)
    return report


def _merge_one(cid: int, details, weights: Weights, report: RelinkReport, gone: set[int]) -> None:
    profile = details.profile()
    if not profile.names:
        return
    candidates = set(blocking.candidate_ids(blocking.match_keys(profile.names, profile.birth.year))) - {cid} - gone
    scored = []
    # every candidate, not only the later ones: a client with two likely matches is left to an agent
    for other_id, other in selectors.client_details(sorted(candidates)).items():
        report.pairs_scored += 1
        linked = score_pair(weights, profile, other.profile())
        if linked is not None and linked.score >= 0.5:
            scored.append((linked.score, other_id, linked))
    if not scored:
        return
    scored.sort(reverse=True)
    best, other_id, linked = scored[0]
    if best < weights.link_threshold or not linked.can_link:
        return
    if sum(1 for _score, _id, one in scored if one.can_link) > 1:
        report.ambiguous += 1  # a family, or one person on file three times: an agent looks
        return
    keep, merge = Client.objects.get(pk=cid), Client.objects.get(pk=other_id)
    if merge.v_number and not keep.v_number:
        keep, merge = merge, keep
    try:
        merge_clients(
            keep=keep,
            merge=merge,
            actor=ACTOR,
            automatic=True,
            reason=f"{REASON_PREFIX} one person with probability {best:.4f}: " + "; ".join(linked.reasons),
        )
    except ValidationError:
        report.refused += 1
        return
    report.merged.append((keep.pk, merge.pk))
    gone.add(merge.pk)


def _part(weights: Weights, report: RelinkReport) -> None:
    merges = ClientMerge.objects.filter(undone_at__isnull=True, actor=ACTOR, reason__startswith=REASON_PREFIX)
    for merge in merges.order_by("-created_at", "-pk"):
        kept, merged = _profiles_before(merge)
        linked = score_pair(weights, kept, merged)
        p = linked.score if linked is not None else 0.0
        if p < weights.review_threshold:
            undo_merge(
                merge=merge,
                actor=ACTOR,
                automatic=True,
                reason=f"{REASON_PREFIX} no longer one person by today's weights (probability {p:.4f})",
            )
            report.parted.append(merge.pk)


def _profiles_before(merge: ClientMerge) -> tuple[Profile, Profile]:
    """The two clients as they were when merged: the merged one from what moved and its
    fields then, the kept one from what it holds now less what moved."""
    moved = merge.moved

    def rows(model, column, client_id, *, moved_ids, inside):
        qs = model.objects.filter(pk__in=moved_ids) if inside else model.objects.filter(client_id=client_id)
        if not inside:
            qs = qs.exclude(pk__in=moved_ids)
        return list(qs.values_list(column, flat=True))

    profiles = []
    for side, inside in (("keep", False), ("merged", True)):
        fields = merge.changed[side]
        names = rows(ClientName, "full_name", merge.keep_id, moved_ids=moved.get("names", []), inside=inside)
        if not names and fields.get("display_name"):
            names = [fields["display_name"]]
        profiles.append(
            Profile(
                [forms(n) for n in names],
                partial_date(
                    fields["birth_year"], fields["birth_month"], fields["birth_day"], fields["birth_placeholder"]
                ),
                (fields.get("nationality") or "").upper(),
                frozenset(rows(ClientPhone, "number", merge.keep_id, moved_ids=moved.get("phones", []), inside=inside)),
                frozenset(
                    rows(ClientEmail, "address", merge.keep_id, moved_ids=moved.get("emails", []), inside=inside)
                ),
            )
        )
    return profiles[0], profiles[1]
