"""Loket's own data as activity records (issue 15 item 8's format), so that the same signals
run over it daily. Read from the real tables, not from what a view happened to log:

- officers: active staff users with a role, their team (their Employee's unit) and their
  absences (:class:`~loket.integrity.access_models.Absence`);
- mandates: the mandate register (``decisions.Mandate``), with the kinds of case each covers;
- cases: the officer a case is assigned to now, and whether the system's draw
  (:class:`~loket.integrity.access_models.AssignmentDraw`) chose them; if not, the team lead
  who approved the manual reassignment (``assigned_by``), so that ASG-01 can count those;
- reads: every audit entry of reading a case, or something of it (its decision, a document
  of one of its contacts), that need to know allowed (``result`` "allowed"); breaking the
  glass; other ``cases.*`` entries on a case are changes;
- approvals: ``decisions.draft.approved`` entries, with the time the approval was asked
  (``requested_at``, stored on the draft when it is saved for a second reader);
- signatures: the issued decisions themselves: who issued it, its recorded signatory and the
  superior it was signed for (under mandate), and its outcome.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone

from loket.cases.models import Case
from loket.clients.models import ClientEmail, ClientPhone
from loket.core.audit_models import AuditEntry

from ..access_models import Absence, AssignmentDraw, DrawPurpose, Reassignment, ReassignmentStatus
from .reader import OUTCOMES

#: Reads logged before need to know wrote ``<thing>.read`` with a result (kept for old logs).
LEGACY_READS = frozenset({"cases.case.viewed", "decisions.decision.viewed"})
BREAK_GLASS = "integrity.glass.broken"
APPROVE = "decisions.draft.approved"
#: Assigned to someone the draw did not choose, with no approved reassignment on record.
UNRECORDED = "unrecorded"


def _iso(day) -> str | None:
    return day.isoformat() if day is not None else None


def _officers() -> Iterator[dict]:
    absent: dict[int, list] = {}
    for officer, start, end in Absence.objects.order_by("starts_on").values_list("officer_id", "starts_on", "ends_on"):
        absent.setdefault(officer, []).append([start.isoformat(), end.isoformat()])
    User = get_user_model()
    users = User.objects.filter(is_active=True, groups__isnull=False).distinct()
    for user in users.select_related("employee__unit").prefetch_related("groups"):
        employee = getattr(user, "employee", None)
        unit = employee.unit.code if employee is not None and employee.unit_id else None
        yield {
            "type": "officer",
            "id": user.get_username(),
            "team": unit or "",
            "roles": sorted(g.name for g in user.groups.all()),
            "absent": absent.get(user.pk, []),
        }


def _mandates() -> Iterator[dict]:
    """The mandate register: who may sign for whom, for which kinds of case, from when to when."""
    Mandate = apps.get_model("decisions", "Mandate")
    rows = Mandate.objects.values_list(
        "signatory__username", "principal__username", "kinds", "valid_from", "valid_until"
    )
    for signatory, principal, kinds, start, until in rows:
        yield {
            "type": "mandate",
            "signatory": signatory,
            "for": principal,
            "from": start.isoformat(),
            "until": _iso(until),
            "kinds": list(kinds or []),
        }


def _first(model, field) -> dict:
    out: dict = {}
    for client_id, value in model.objects.order_by("created_at").values_list("client_id", field):
        out.setdefault(client_id, value)
    return out


def _assigners() -> tuple[dict, dict]:
    """(case -> officer the latest draw chose, case -> (officer, team lead) of the latest
    approved reassignment to a named officer)."""
    drawn = dict(
        AssignmentDraw.objects.filter(purpose=DrawPurpose.OFFICER)
        .order_by("drawn_at", "pk")
        .values_list("case_id", "chosen__username")
    )
    moved: dict[int, tuple[str, str]] = {}
    approved = Reassignment.objects.filter(status=ReassignmentStatus.APPROVED, to_officer__isnull=False)
    for case, to, by in approved.order_by("decided_at", "pk").values_list(
        "case_id", "to_officer__username", "decided_by__username"
    ):
        moved[case] = (to, by)
    return drawn, moved


def _cases() -> Iterator[dict]:
    drawn, moved = _assigners()
    phones, emails = _first(ClientPhone, "number"), _first(ClientEmail, "address")
    rows = Case.objects.filter(assigned_to__isnull=False).values_list(
        "pk", "kind", "team__code", "client_id", "representative_id", "assigned_to__username", "opened_on"
    )
    for pk, kind, team, client, rep, assignee, opened in rows.iterator(chunk_size=2000):
        if drawn.get(pk) == assignee:
            by = "system"
        elif moved.get(pk, ("",))[0] == assignee:
            by = moved[pk][1]
        else:
            by = UNRECORDED
        contact = {k: v for k, v in (("phone", phones.get(client)), ("email", emails.get(client))) if v}
        yield {
            "type": "case",
            "id": str(pk),
            "kind": kind,
            "team": team,
            "client": str(client) if client else f"case-{pk}",
            "representative": str(rep) if rep else None,
            "contact": contact,
            "assigned_to": assignee,
            "assigned_by": by,
            "opened_on": _iso(opened) or "",
        }


def _audit_events(since, by_reference: dict) -> Iterator[dict]:
    wanted = (
        Q(object_type="cases.case")
        | Q(action__endswith=".read")
        | Q(action__in=sorted(LEGACY_READS | {BREAK_GLASS, APPROVE}))
    )
    entries = AuditEntry.objects.filter(wanted)
    if since is not None:
        entries = entries.filter(at__gte=since)
    rows = entries.values_list("at", "actor", "action", "object_type", "object_id", "data")
    for at, actor, action, otype, oid, data in rows.iterator(chunk_size=5000):
        data = data or {}
        case = oid if otype == "cases.case" else by_reference.get(data.get("case"))
        if not case or not actor:
            continue
        when = timezone.localtime(at).isoformat()
        event = {"type": "event", "at": when, "actor": actor, "case": str(case)}
        if action == BREAK_GLASS:
            event["action"] = "break_glass"
        elif action == APPROVE:
            event["action"] = "approve"
            if data.get("requested_at"):
                event["requested_at"] = data["requested_at"]
        elif action.endswith(".read") or action in LEGACY_READS:
            if data.get("result", "allowed") != "allowed":
                continue
            event["action"] = "read"
        elif otype == "cases.case" and not action.endswith(".refused"):
            event["action"] = "change"
        else:
            continue
        yield event


def _signatures(since) -> Iterator[dict]:
    """Each issued decision: signed by ``issued_by``; in the name of its recorded signatory when
    someone else issued it, or of the superior it was signed for under mandate."""
    Decision = apps.get_model("decisions", "Decision")
    rows = Decision.objects.all()
    if since is not None:
        rows = rows.filter(issued_at__gte=since)
    values = rows.values_list(
        "case_id", "issued_at", "issued_by__username", "signatory__username", "on_behalf_of__username", "outcome"
    )
    for case, at, actor, signatory, principal, outcome in values.iterator(chunk_size=2000):
        event = {"type": "event", "at": timezone.localtime(at).isoformat(), "actor": actor, "action": "sign"}
        event["case"] = str(case)
        if outcome in OUTCOMES:
            event["outcome"] = outcome
        if signatory and signatory != actor:
            event["on_behalf_of"] = signatory
        elif principal:
            event["on_behalf_of"] = principal
        yield event


def records(since=None) -> Iterator[dict]:
    """Every record, officers, mandates and cases first, as the engine expects them."""
    yield from _officers()
    yield from _mandates()
    yield from _cases()
    by_reference = dict(Case.objects.values_list("reference", "pk"))
    yield from _audit_events(since, by_reference)
    yield from _signatures(since)
