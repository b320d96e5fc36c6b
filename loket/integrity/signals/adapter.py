"""Loket's own data as activity records, so that the same signals run over it daily.

Written against what ``main`` holds today: officers are staff users (team from their
Employee's unit), cases name their author (CaseRole "author") as the assignee, reads and
changes come from the audit log (``cases.case.viewed`` is a read; other ``cases.*``
actions on a case are changes), ``decisions.draft.approved`` is an approval and
``decisions.decision.issued`` a signature, by the user who issued it, in the name of the
case's recorded signatory (both found by the case reference in the entry's data). Absences, mandates, the time an approval was asked and
break-glass entries come from the assignment and signing work of issue 15 items 1-5: the
hooks below (``BREAK_GLASS_SUFFIX``, ``_absences``, ``_mandates``) are where they plug in.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.utils import timezone

from loket.cases.choices import RoleInCase
from loket.cases.models import Case, CaseRole
from loket.clients.models import ClientEmail, ClientPhone
from loket.core.audit_models import AuditEntry

from .reader import OUTCOMES

READ_ACTIONS = frozenset({"cases.case.viewed", "decisions.decision.viewed"})
BREAK_GLASS_SUFFIX = ".break_glass"  # e.g. "integrity.access.break_glass", object a case
APPROVE = "decisions.draft.approved"
SIGN = "decisions.decision.issued"


def _officers() -> Iterator[dict]:
    User = get_user_model()
    for user in User.objects.filter(is_active=True, groups__isnull=False).distinct().prefetch_related("groups"):
        employee = getattr(user, "employee", None)
        unit = employee.unit.code if employee is not None and employee.unit_id else None
        yield {
            "type": "officer",
            "id": user.get_username(),
            "team": unit or "",
            "roles": sorted(g.name for g in user.groups.all()),
            "absent": _absences(user),
        }


def _absences(user) -> list:
    """Hook: periods of absence, once Loket records them (issue 15 item 1 excludes absences)."""
    return []


def _mandates() -> Iterator[dict]:
    """Hook: the mandate register of issue 15 item 5 (signatory, for, from, until)."""
    return iter(())


def _first(model, field) -> dict:
    out: dict = {}
    for client_id, value in model.objects.order_by("created_at").values_list("client_id", field):
        out.setdefault(client_id, value)
    return out


def _cases() -> Iterator[dict]:
    author = dict(CaseRole.objects.filter(role=RoleInCase.AUTHOR).values_list("case_id", "user__username"))
    phones, emails = _first(ClientPhone, "number"), _first(ClientEmail, "address")
    rows = Case.objects.values_list(
        "pk", "kind", "team__code", "client_id", "representative_id", "created_by__username", "opened_on"
    )
    for pk, kind, team, client, rep, created_by, opened in rows.iterator(chunk_size=2000):
        if pk not in author:
            continue
        contact = {k: v for k, v in (("phone", phones.get(client)), ("email", emails.get(client))) if v}
        yield {
            "type": "case",
            "id": str(pk),
            "kind": kind,
            "team": team,
            "client": str(client),
            "representative": str(rep) if rep else None,
            "contact": contact,
            "assigned_to": author[pk],
            "assigned_by": created_by or "system",
            "opened_on": opened.isoformat(),
        }


def _events(since=None) -> Iterator[dict]:
    # Decisions are read from their audit entries (case reference, outcome) and the case's
    # recorded signatory (CaseRole), so that integrity needs nothing of the decisions app.
    by_reference = dict(Case.objects.values_list("reference", "pk"))
    signatory = dict(CaseRole.objects.filter(role=RoleInCase.SIGNATORY).values_list("case_id", "user__username"))
    entries = AuditEntry.objects.filter(object_type__in=("cases.case", "decisions.decisiondraft", "decisions.decision"))
    if since is not None:
        entries = entries.filter(at__gte=since)
    rows = entries.values_list("at", "actor", "action", "object_type", "object_id", "data")
    for at, actor, action, otype, oid, data in rows.iterator(chunk_size=5000):
        when = timezone.localtime(at).isoformat()
        if otype == "cases.case":
            kind = (
                "break_glass" if action.endswith(BREAK_GLASS_SUFFIX) else "read" if action in READ_ACTIONS else "change"
            )
            yield {"type": "event", "at": when, "actor": actor, "action": kind, "case": oid}
            continue
        case = by_reference.get((data or {}).get("case"))
        if case is None:
            continue
        if action == APPROVE:
            yield {"type": "event", "at": when, "actor": actor, "action": "approve", "case": str(case)}
        elif action == SIGN:
            event = {"type": "event", "at": when, "actor": actor, "action": "sign", "case": str(case)}
            if data.get("outcome") in OUTCOMES:
                event["outcome"] = data["outcome"]
            if signatory.get(case) and signatory[case] != actor:
                event["on_behalf_of"] = signatory[case]
            yield event
        elif action in READ_ACTIONS:
            yield {"type": "event", "at": when, "actor": actor, "action": "read", "case": str(case)}


def records(since=None) -> Iterator[dict]:
    """Every record, officers and cases first, as the engine expects them."""
    yield from _officers()
    yield from _mandates()
    yield from _cases()
    yield from _events(since)
