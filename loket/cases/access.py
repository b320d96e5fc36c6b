"""Who may see and work on which cases (need-to-know, DESIGN.md).

Staff see the cases of their own unit and the units below it; an administrator sees all.
Writing is checked per use case in the services, with :func:`require_role`.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from loket.core.models import OrgUnit
from loket.core.roles import Role, has_role, require_role

#: Everyone who works on or oversees cases.
CASE_READERS = (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.SECOND_READER, Role.TEAM_LEAD, Role.ADMINISTRATOR)
#: Who opens cases and records what happens in them.
CASE_WORKERS = (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.TEAM_LEAD)


def author_role(kind: str) -> str:
    """Objections are decided by objection officers (bezwaarbehandelaars), the rest by
    decision officers (beslismedewerkers)."""
    return Role.OBJECTION_OFFICER if kind == "objection" else Role.DECISION_OFFICER


def visible_units(user) -> list[int] | None:
    """Ids of the units whose cases ``user`` may see; None means every unit."""
    if has_role(user, Role.ADMINISTRATOR):
        return None
    employee = getattr(user, "employee", None) if user is not None else None
    if employee is None or employee.unit_id is None:
        return []
    children: dict[int | None, list[int]] = {}
    for pk, parent in OrgUnit.objects.values_list("pk", "parent_id"):
        children.setdefault(parent, []).append(pk)
    found, todo = [], [employee.unit_id]
    while todo:
        unit = todo.pop()
        if unit in found:
            continue
        found.append(unit)
        todo.extend(children.get(unit, ()))
    return found


def visible(user, queryset):
    """``queryset`` of cases narrowed to what ``user`` may see."""
    units = visible_units(user)
    return queryset if units is None else queryset.filter(team_id__in=units)


def require_reader(user) -> None:
    require_role(user, *CASE_READERS)


def require_case_access(user, case) -> None:
    """Raise PermissionDenied unless ``user`` may see ``case``."""
    require_reader(user)
    units = visible_units(user)
    if units is not None and case.team_id not in units:
        raise PermissionDenied(_("This case belongs to another team."))
