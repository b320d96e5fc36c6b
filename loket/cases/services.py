"""Use cases that change a case: open it, record what happened, append a status, note who
worked on it. Each runs in one transaction, checks the actor's role and writes the audit log.

The statutory deadline is refreshed after every change through the rules' helpers
(:func:`loket.cases.facts.due_on`), so the work queue sorts on what the rules say.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core import audit
from loket.core.roles import require_role

from . import facts as case_facts_module
from .access import CASE_WORKERS, require_case_access
from .choices import RECORDABLE_EVENTS, REFERENCE_PREFIX, CaseKind, EventType, RoleInCase, Status, Track
from .hooks import CASE_OPENED, SECOND_READER_NEEDED
from .models import Case, CaseEvent, CaseRole, CaseStatus

#: Events that open a suspension of the decision period (opschorting) and the one that closes it.
SUSPENDING = frozenset({EventType.SUSPENDED, EventType.DEFECT_REPAIR_REQUESTED})


def _choice(value, choices, field: str, message: str) -> str:
    if value not in choices.values:
        raise ValidationError({field: message % {"value": value}})
    return value


def open_case(
    *,
    actor,
    kind: str,
    track: str,
    team,
    received_on: date | None = None,
    posted_on: date | None = None,
    accelerated: bool = False,
    subject: str = "",
    client=None,
    representative=None,
    contested_decided_on: date | None = None,
    contested_notified_on: date | None = None,
    contested_author=None,
    contested_author_ref: str = "",
    contested_signatory=None,
    contested_signatory_ref: str = "",
    reference: str = "",
) -> Case:
    """Register a new application, objection or revocation (zaak aanmaken)."""
    require_role(actor, *CASE_WORKERS)
    _choice(kind, CaseKind, "kind", _("Unknown kind of case %(value)r: application, objection or revocation."))
    _choice(track, Track, "track", _("Unknown procedure track %(value)r: regular, asylum or naturalisation."))
    if team is None:
        raise ValidationError({"team": _("Every case belongs to a team.")})
    today = timezone.localdate()
    if client is not None and representative is None:
        representative = client.representative
    case = Case(
        reference=reference.strip() or f"new-{uuid.uuid4().hex}",
        kind=kind,
        track=track,
        accelerated=bool(accelerated) and track == Track.ASYLUM,
        subject=subject.strip(),
        client=client,
        representative=representative,
        team=team,
        opened_on=today,
        received_on=received_on,
        posted_on=posted_on,
        contested_decided_on=contested_decided_on,
        contested_notified_on=contested_notified_on,
        contested_author=contested_author,
        contested_author_ref=(contested_author_ref or "").strip(),
        contested_signatory=contested_signatory,
        contested_signatory_ref=(contested_signatory_ref or "").strip(),
        created_by=actor,
    )
    if kind != CaseKind.OBJECTION and (contested_decided_on or contested_author or contested_author_ref):
        raise ValidationError({"kind": _("Only an objection has a contested decision.")})
    case.full_clean(exclude=["reference"] if not reference.strip() else None)
    with transaction.atomic():
        case.save()
        if not reference.strip():
            case.reference = f"{REFERENCE_PREFIX[kind]}-{today.year}-{case.pk:06d}"
            Case.objects.filter(pk=case.pk).update(reference=case.reference)
        if received_on is not None:
            CaseEvent.objects.create(case=case, type=EventType.RECEIVED, on=received_on, recorded_by=actor)
        CaseStatus.objects.create(case=case, status=Status.RECEIVED, by=actor)
        refresh_due(case, today=today)
        audit.record(
            actor=actor,
            action="cases.case.opened",
            obj=case,
            data={"reference": case.reference, "kind": kind, "track": track, "team": team.code},
        )
        for assign_case in CASE_OPENED.functions:  # the system's draw (loket.integrity)
            assign_case(case, actor=actor)
    return case


def assign(*, case: Case, officer, actor=None, via: str, reason: str = "", data: dict | None = None) -> Case:
    """Record the officer who handles ``case`` (None: nobody qualifies, a team lead decides).

    Only the integrity app's draw and an approved reassignment call this; ``actor`` is None
    for the system. Nobody assigns a case to themselves."""
    if officer is not None and actor is not None and officer.pk == actor.pk:
        raise PermissionDenied(_("Nobody assigns a case to themselves."))
    previous = case.assigned_to.get_username() if case.assigned_to_id else ""
    Case.objects.filter(pk=case.pk).update(assigned_to=officer)
    case.assigned_to = officer
    audit.record(
        actor=actor,
        action="cases.case.assigned",
        obj=case,
        reason=reason,
        data={
            **(data or {}),
            "reference": case.reference,
            "officer": officer.get_username() if officer is not None else "",
            "previous": previous,
            "via": via,
        },
    )
    return case


def request_second_reader(*, case: Case, actor, exclude: set[int]) -> None:
    """A draft needs four eyes: let the system draw a second reader (never one of ``exclude``)."""
    if CaseRole.objects.filter(case=case, role=RoleInCase.SECOND_READER).exclude(user_id__in=exclude).exists():
        return
    for draw in SECOND_READER_NEEDED.functions:
        draw(case, actor=actor, exclude=exclude)


def refresh_due(case: Case, *, today: date | None = None) -> date | None:
    """Store the deadline the rules compute for ``case`` now (inside the caller's transaction)."""
    today = today or timezone.localdate()
    due = case_facts_module.due_on(case_facts_module.case_facts(case), today)
    if due != case.due_on:
        case.due_on = due
        Case.objects.filter(pk=case.pk).update(due_on=due)
    return due


def current_status(case: Case) -> str:
    latest = CaseStatus.objects.filter(case=case).order_by("-id").values_list("status", flat=True).first()
    return latest or Status.RECEIVED


def append_status(*, case: Case, status: str, actor, reason: str = "") -> CaseStatus | None:
    """Add a status to the history unless it is the current one already (never edits one)."""
    if status not in Status.values:
        raise ValidationError({"status": _("Unknown status %(value)r.") % {"value": status}})
    if current_status(case) == status:
        return None
    row = CaseStatus.objects.create(case=case, status=status, by=actor, reason=reason[:500])
    audit.record(actor=actor, action="cases.status.appended", obj=case, reason=reason, data={"status": status})
    return row


def add_role(*, case: Case, role: str, user=None, external_ref: str = "") -> CaseRole:
    """Note that someone worked on ``case`` in ``role`` (once per person and role)."""
    if role not in RoleInCase.values:
        raise ValidationError({"role": _("Unknown role %(value)r.") % {"value": role}})
    if user is not None:
        found, _created = CaseRole.objects.get_or_create(case=case, role=role, user=user)
        return found
    found = CaseRole.objects.filter(case=case, role=role, user=None, external_ref=external_ref).first()
    return found or CaseRole.objects.create(case=case, role=role, external_ref=external_ref)


def is_decided(case: Case) -> bool:
    return hasattr(case, "decision") and case.decision is not None


def _open_suspension(case: Case) -> bool:
    opened = False
    for type_ in case.events.filter(type__in=[*SUSPENDING, EventType.RESUMED]).values_list("type", flat=True):
        opened = type_ in SUSPENDING
    return opened


def _check_event(case: Case, type_: str, on, by, by_ref: str, note: str, today: date) -> None:
    if not isinstance(on, date):
        raise ValidationError({"on": _("Give the day it happened (YYYY-MM-DD).")})
    if on > today:
        raise ValidationError({"on": _("An event cannot be recorded for a day in the future.")})
    start = case.received_on or case.contested_notified_on
    if start is not None and on < start and type_ != EventType.RECEIVED:
        raise ValidationError({"on": _("This happened before the case was received (%(day)s).") % {"day": start}})
    if type_ == EventType.HEARING_HELD:
        if by is None and not by_ref:
            raise ValidationError({"by": _("Say who held the hearing.")})
        hearer = by.get_username() if by is not None else by_ref
        if hearer in case.contested_people():
            raise ValidationError(
                {
                    "by": _(
                        "%(who)s took part in the contested decision and may not hold the hearing "
                        "(HEAR-03, Awb 7:5(1))."
                    )
                    % {"who": hearer}
                }
            )
    if type_ in SUSPENDING and _open_suspension(case):
        raise ValidationError({"type": _("The decision period is suspended already; record its resumption first.")})
    if type_ == EventType.RESUMED and not _open_suspension(case):
        raise ValidationError({"type": _("The decision period is not suspended, so it cannot be resumed.")})
    if type_ == EventType.EXCUSABILITY_ASSESSED and not note.strip():
        raise ValidationError({"note": _("Write down the assessment: why the lateness is or is not excusable.")})


def record_event(
    *,
    case: Case,
    actor,
    type: str,
    on: date,
    by=None,
    by_ref: str = "",
    note: str = "",
    amount: Decimal | None = None,
    _internal: bool = False,
) -> CaseEvent:
    """Record something that happened in the procedure (gebeurtenis vastleggen)."""
    require_role(actor, *CASE_WORKERS)
    require_case_access(actor, case)
    allowed = EventType.values if _internal else RECORDABLE_EVENTS
    if type not in allowed:
        raise ValidationError({"type": _("Unknown or not recordable event %(value)r.") % {"value": type}})
    by_ref, note = (by_ref or "").strip(), (note or "").strip()
    today = timezone.localdate()
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=case.pk)
        if is_decided(case):
            raise ValidationError(
                _("Case %(ref)s is decided; no more events can be recorded.") % {"ref": case.reference}
            )
        _check_event(case, type, on, by, by_ref, note, today)
        event = CaseEvent.objects.create(
            case=case, type=type, on=on, by=by, by_ref=by_ref, note=note, amount=amount, recorded_by=actor
        )
        if type == EventType.HEARING_HELD:
            add_role(case=case, role=RoleInCase.HEARER, user=by, external_ref="" if by else by_ref)
        if type in SUSPENDING:
            append_status(case=case, status=Status.SUSPENDED, actor=actor, reason=str(EventType(type).label))
        elif type == EventType.RESUMED:
            append_status(case=case, status=Status.IN_PROGRESS, actor=actor, reason=str(EventType(type).label))
        elif current_status(case) == Status.RECEIVED:
            append_status(case=case, status=Status.IN_PROGRESS, actor=actor)
        refresh_due(case, today=today)
        audit.record(
            actor=actor,
            action="cases.event.recorded",
            obj=case,
            reason=note,
            data={"event": event.pk, "type": type, "on": on, "by": event.person, "amount": amount},
        )
    return event
