"""Reads of the core's own tables for other apps: who opened a file, from the audit log.

A client's right of access (AVG art. 15) includes who at the service looked at their data.
The audit log names the member of staff; the client is told the role and team, not the name.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from .audit_models import AuditEntry
from .roles import Role

#: Actions that record a read, whatever app wrote them (``cases.case.viewed``,
#: ``contact.attachment.read``, ``clients.client.timeline_viewed``, ...).
READ_SUFFIXES = (".viewed", ".read", "_viewed", ".printed")
#: Roles a client may see named, most telling first (a user may hold several).
STAFF_ROLES = [r for r in Role if r not in (Role.CLIENT, Role.REPRESENTATIVE)]


@dataclass(frozen=True)
class FileRead:
    at: datetime
    object_type: str  # "cases.case", "contact.question", ...
    roles: list[str]  # codes of the reader's staff roles (``Role``)
    team: str  # the reader's unit, or "" when none is recorded


def file_reads(objects: dict[str, list], *, limit: int = 200) -> list[FileRead]:
    """The reads by staff of these objects (``{"cases.case": [ids], ...}``), newest first,
    at most ``limit``. Entries by an actor who is not a member of staff (the client on the
    client site, a background job) are left out. Two queries however many objects."""
    which = Q()
    for object_type, ids in objects.items():
        if ids:
            which |= Q(object_type=object_type, object_id__any_of=[str(i) for i in ids])
    if not which:
        return []
    reads = Q()
    for suffix in READ_SUFFIXES:
        reads |= Q(action__endswith=suffix)
    entries = list(
        AuditEntry.objects.filter(which & reads).order_by("-seq").values_list("at", "actor", "object_type")[: limit * 2]
    )
    # the readers' roles and teams in one flat query (a row per group), not model instances
    staff: dict[str, tuple[set[str], str]] = {}
    for username, group, team in (
        get_user_model()
        .objects.filter(username__in={actor for _at, actor, _type in entries})
        .values_list("username", "groups__name", "employee__unit__name")
    ):
        names, _team = staff.setdefault(username, (set(), team or ""))
        if group:
            names.add(group)
    found = []
    for at, actor, object_type in entries:
        reader = staff.get(actor)
        if reader is None:
            continue
        names, team = reader
        roles = [str(r.value) for r in STAFF_ROLES if r in names]
        found.append(FileRead(at=at, object_type=object_type, roles=roles, team=team))
        if len(found) == limit:
            break
    return found
