"""Who may read and work on which case: need to know (DESIGN.md; issue 15 item 3).

The one place every page, API view and service asks. A case, its client's file and its
decision are readable by

- the officer it is assigned to (by the system's draw, :mod:`loket.integrity`),
- whoever holds a role in it (author, signatory, hearer, the drawn second reader),
- the team leads of its team (and of the units above it),
- the roles its procedure needs: the officer of an objection reads the client's decided
  cases, where the contested decision is,
- and anyone who broke the glass for it today (a reason, logged, reported the same day).

Nobody else: not the other officers of the unit, not an administrator. Every answer of
:func:`open_case_for` is written to the audit log with its result (allowed or refused) and,
through :mod:`loket.core.access_context`, the page or API operation and the purpose.
"""

from __future__ import annotations

import contextlib

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core import audit
from loket.core.models import OrgUnit
from loket.core.roles import Role, has_role, require_role

from .hooks import ACCESS_GRANTS
from .models import Case, CaseRole

#: Everyone who works on or oversees cases (and may ask for the queue).
CASE_READERS = (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.SECOND_READER, Role.TEAM_LEAD, Role.ADMINISTRATOR)
#: Who opens cases and records what happens in them.
CASE_WORKERS = (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.TEAM_LEAD)
#: Who may break the glass: staff who work on cases, and the integrity officer.
GLASS_BREAKERS = (*CASE_WORKERS, Role.SECOND_READER, Role.INTEGRITY_OFFICER)

ASSIGNED, IN_CASE, TEAM_LEAD, PROCEDURE, BROKEN_GLASS = (
    "assigned",
    "role_in_case",
    "team_lead",
    "procedure",
    "break_glass",
)


def author_role(kind: str) -> str:
    """Objections are decided by objection officers (bezwaarbehandelaars), the rest by
    decision officers (beslismedewerkers)."""
    return Role.OBJECTION_OFFICER if kind == "objection" else Role.DECISION_OFFICER


def _authenticated(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def led_units(user) -> list[int]:
    """Ids of the units a team lead leads: their own unit and every unit below it."""
    if not has_role(user, Role.TEAM_LEAD):
        return []
    employee = getattr(user, "employee", None)
    if employee is None or employee.unit_id is None:
        return []
    return _below(employee.unit_id)


def home_units(user) -> list[int] | None:
    """The units ``user`` works in: their own and every unit below it (None: all, for an
    administrator). For choosing a team, not for reading cases."""
    if has_role(user, Role.ADMINISTRATOR):
        return None
    employee = getattr(user, "employee", None) if _authenticated(user) else None
    if employee is None or employee.unit_id is None:
        return []
    return _below(employee.unit_id)


def _below(unit_id: int) -> list[int]:
    children: dict[int | None, list[int]] = {}
    for pk, parent in OrgUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [unit_id]
    while todo:
        unit = todo.pop()
        if unit in found:
            continue
        found.append(unit)
        todo.extend(children.get(unit, ()))
    return found


def visible_units(user) -> list[int]:
    """Units whose every case ``user`` may read: those a team lead leads (nobody sees all)."""
    return led_units(user)


def granted_today(user) -> set[int]:
    """Cases ``user`` broke the glass for today."""
    if not _authenticated(user):
        return set()
    day = timezone.localdate()
    found: set[int] = set()
    for grants in ACCESS_GRANTS.functions:
        found.update(grants(user, day))
    return found


def _undecided():
    decision = Case._meta.get_field("decision").related_model
    return ~Exists(decision.objects.filter(case=OuterRef("pk")))


def _procedure(user):
    """Decided cases of the clients of the objections assigned to ``user``: the contested
    decision is among them (the objection officer reads it). None without the role."""
    if not has_role(user, Role.OBJECTION_OFFICER):
        return None
    clients = Case.objects.filter(assigned_to=user, kind="objection", client__isnull=False).values("client_id")
    return Case.objects.filter(client_id__in=clients).exclude(_undecided()).exclude(kind="objection")


def procedure_cases(user) -> set[int]:
    """The ids of :func:`_procedure`: every such case (the reads of :func:`extra_cases`)."""
    cases = _procedure(user)
    return set() if cases is None else set(cases.values_list("pk", flat=True))


def _reads_for_procedure(user, case) -> bool:
    """:func:`_procedure` asked of one case: found by its id first, not the set of every
    decided case of every client of the officer's objections."""
    cases = _procedure(user)
    return cases is not None and cases.filter(pk=case.pk).exists()


def extra_cases(user, *, open_only: bool = False) -> set[int]:
    """Cases ``user`` reads beyond assignment and team: roles held, procedure, broken glass.
    ``open_only``: only what an undecided list can show: of the roles held, undecided cases
    (an author's decided cases grow without end), and no procedure cases (decided, every one)."""
    if not _authenticated(user):
        return set()
    roles = CaseRole.objects.filter(user=user)
    if open_only:
        roles = roles.filter(case__in=Case.objects.filter(_undecided()).values("pk"))
    held = set(roles.values_list("case_id", flat=True))
    return held | (set() if open_only else procedure_cases(user)) | granted_today(user)


def reading_basis(user, case) -> str | None:
    """Why ``user`` may read ``case`` (one of the constants above), or None."""
    if not _authenticated(user):
        return None
    if case.assigned_to_id == user.pk:
        return ASSIGNED
    if CaseRole.objects.filter(case=case, user=user).exists():
        return IN_CASE
    if case.team_id in led_units(user):
        return TEAM_LEAD
    if _reads_for_procedure(user, case):
        return PROCEDURE
    if case.pk in granted_today(user):
        return BROKEN_GLASS
    return None


def visible(user, queryset, *, open_only: bool = False):
    """``queryset`` of cases narrowed to what ``user`` may read.

    Kept to indexed conditions: the assigned officer (``cases_assigned_due``), the led teams
    (``cases_team_due`` and the queue's order index) and a short list of ids computed first;
    an OR with a subquery would make the database test every case of the queue."""
    if not _authenticated(user):
        return queryset.none()
    units = led_units(user)
    extra = extra_cases(user, open_only=open_only)
    condition = Q(assigned_to=user)
    if units:
        condition = Q(team_id__in=units)
        extra = set(Case.objects.filter(pk__in=extra).exclude(team_id__in=units).values_list("pk", flat=True))
        if Case.objects.filter(assigned_to=user).exclude(team_id__in=units).exists():
            condition |= Q(assigned_to=user)
    if extra:
        condition |= Q(pk__in=sorted(extra))
    return queryset.filter(condition)


def may_read(user, case) -> bool:
    return reading_basis(user, case) is not None


def require_reader(user) -> None:
    require_role(user, *CASE_READERS)


def _refuse(case) -> PermissionDenied:
    return PermissionDenied(
        _("You may not open case %(ref)s: it is not assigned to you or your team. Break the glass if you must.")
        % {"ref": case.reference}
    )


def require_case_access(user, case) -> str:
    """Raise PermissionDenied unless ``user`` may read ``case``; returns the basis. For
    services that then write their own audit entry of the change."""
    basis = reading_basis(user, case)
    if basis is None:
        audit.record(
            actor=user, action="cases.case.refused", obj=case, data={"result": "refused", "reference": case.reference}
        )
        raise _refuse(case)
    return basis


def open_case_for(user, case, *, action: str = "cases.case.read", obj=None, data: dict | None = None) -> str:
    """Read ``case`` (or ``obj`` belonging to it: its decision, its client) as ``user``:
    checked by need to know and logged with its result, allowed or refused. Raises
    PermissionDenied when refused."""
    basis = reading_basis(user, case)
    result = "allowed" if basis else "refused"
    audit.record(
        actor=user,
        action=action if basis else action + ".refused",
        obj=obj if obj is not None else case,
        data={**(data or {}), "case": case.reference, "result": result, "basis": basis or ""},
    )
    if basis is None:
        raise _refuse(case)
    return basis


def refusal_context(user, case) -> dict:
    """What the refused page (cases/no_access.html) shows ``user``: the case, and the way to
    break the glass where the integrity app offers one and the user may take it."""
    glass = ""
    if has_role(user, *GLASS_BREAKERS):
        with contextlib.suppress(NoReverseMatch):
            glass = reverse("desk:integrity_access:break_glass", args=[case.pk])
    return {"case": case, "glass": glass}


def readable_clients(user):
    """Ids of the clients whose file ``user`` may open because of a case they may read."""
    return visible(user, Case.objects.filter(client__isnull=False)).values_list("client_id", flat=True)


def client_read(user, client) -> tuple[bool, str] | None:
    """The clients app's CLIENT_READ hook: need to know on a client's file. Contact and counter
    staff read files for their own work (no say here); case staff, team leads and
    administrators read a file only through a case of the client they may read."""
    if has_role(user, Role.CONTACT_AGENT, Role.COUNTER_AGENT):
        return None
    ids = [client.pk, *type(client).objects.filter(merged_into=client).values_list("pk", flat=True)]
    if client.merged_into_id:
        ids.append(client.merged_into_id)
    allowed = visible(user, Case.objects.filter(client_id__in=ids)).exists()
    return allowed, "case" if allowed else ""
