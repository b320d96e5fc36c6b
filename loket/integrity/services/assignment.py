"""The system's draw (issue 15 item 1): a new case goes to one of the qualified officers of
its team, drawn at random with weights from their current workload, never to whoever opened
it, to an absent officer or to one with a declared relation that touches the case.

The draw is reproducible: the seed, the candidates in order and their integer weights are
stored; :func:`pick` is a pure function of them (an HMAC of the seed, no floating point), so
:func:`replay` gives the same officer on any machine, years later.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from loket.cases import selectors as case_selectors, services as case_services
from loket.cases.access import author_role
from loket.cases.choices import RoleInCase
from loket.core import audit
from loket.core.roles import Role

from ..access_models import Absence, AssignmentDraw, DrawPurpose
from .conflicts import MOVERS, touching

ALGORITHM = "hmac-sha256-cumulative-v1"
#: An officer with no open case weighs this much; one with n open cases SCALE // (n + 1).
SCALE = 1_000_000


def pick(seed: str, candidates: list[dict]) -> int | None:
    """The user id drawn from ``candidates`` ([{"user": id, "weight": int}, ...], in order)."""
    weights = [int(c["weight"]) for c in candidates]
    total = sum(weights)
    if not candidates or total <= 0:
        return None
    number = int.from_bytes(hmac.new(bytes.fromhex(seed), b"loket-draw", hashlib.sha256).digest()[:8], "big")
    point = number % total
    for candidate, weight in zip(candidates, weights, strict=True):
        if point < weight:
            return int(candidate["user"])
        point -= weight
    raise AssertionError("unreachable: the point lies below the total")


def replay(draw: AssignmentDraw) -> dict:
    """Draw again from what was stored: the officer it gives and whether that is who was drawn."""
    again = pick(draw.seed, draw.candidates) if draw.algorithm == ALGORITHM else None
    return {"drawn": draw.chosen_id, "replayed": again, "same": again == draw.chosen_id}


def _team_members(case, role: str):
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=str(role), employee__unit_id=case.team_id)
        .filter(api_token__isnull=True)  # a partner system's service user is never drawn
        .distinct()
    )
    return list(users.order_by("pk"))


def _absent(user_ids, day) -> set[int]:
    rows = Absence.objects.filter(officer_id__in=user_ids, starts_on__lte=day, ends_on__gte=day)
    return set(rows.values_list("officer_id", flat=True))


def candidates_for(case, *, purpose: str, actor=None, exclude: set[int] = frozenset(), day=None):
    """(candidates with weights, left out with their reason) for a draw on ``case``."""
    day = day or timezone.localdate()
    role = author_role(case.kind) if purpose == DrawPurpose.OFFICER else Role.SECOND_READER
    members = _team_members(case, role)
    ids = [u.pk for u in members]
    absent = _absent(ids, day)
    conflicted = touching(case, ids, day)
    contested = case.contested_people() if case.kind == "objection" else set()
    kept, left_out = [], []
    for user in members:
        why = (
            "opened the case"
            if purpose == DrawPurpose.OFFICER and actor is not None and user.pk == actor.pk
            else "excluded"
            if user.pk in exclude
            else "absent"
            if user.pk in absent
            else "declared relation"
            if user.pk in conflicted
            else "took the contested decision"
            if user.get_username() in contested
            else ""
        )
        if why:
            left_out.append({"user": user.pk, "username": user.get_username(), "why": why})
        else:
            kept.append(user)
    load = case_selectors.open_workload([u.pk for u in kept])
    candidates = [
        {"user": u.pk, "username": u.get_username(), "open_cases": load[u.pk], "weight": SCALE // (load[u.pk] + 1)}
        for u in kept
    ]
    return candidates, left_out


def draw(case, *, purpose: str = DrawPurpose.OFFICER, cause: str, actor=None, exclude=frozenset()) -> AssignmentDraw:
    """Draw an officer (or second reader) for ``case``, store the draw and apply it."""
    with transaction.atomic():
        candidates, left_out = candidates_for(case, purpose=purpose, actor=actor, exclude=set(exclude))
        seed = secrets.token_hex(16)
        chosen_id = pick(seed, candidates)
        chosen = get_user_model().objects.get(pk=chosen_id) if chosen_id is not None else None
        row = AssignmentDraw.objects.create(
            case=case,
            purpose=purpose,
            cause=cause,
            seed=seed,
            algorithm=ALGORITHM,
            candidates=candidates,
            excluded=left_out,
            chosen=chosen,
            triggered_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        data = {"draw": row.pk, "cause": cause, "candidates": len(candidates)}
        if purpose == DrawPurpose.OFFICER:
            case_services.assign(case=case, officer=chosen, actor=None, via="draw", data=data)
        elif chosen is not None:
            case_services.add_role(case=case, role=RoleInCase.SECOND_READER, user=chosen)
            audit.record(
                actor=None,
                action="cases.second_reader.drawn",
                obj=case,
                data={**data, "reference": case.reference, "second_reader": chosen.get_username()},
            )
    return row


def on_case_opened(case, *, actor) -> None:
    """The cases app's CASE_OPENED hook: every new case is drawn for."""
    draw(case, cause="opened", actor=actor)


def on_second_reader_needed(case, *, actor, exclude) -> None:
    """The cases app's SECOND_READER_NEEDED hook."""
    draw(case, purpose=DrawPurpose.SECOND_READER, cause="four eyes", actor=actor, exclude={*exclude, actor.pk})


def _move(case, *, exclude) -> None:
    draw(case, cause="conflict declared", exclude=exclude)


MOVERS.append(_move)
