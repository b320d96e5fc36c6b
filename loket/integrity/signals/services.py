"""Use cases of the signals: run them and store the result; dismiss one; open an investigation.

Only the integrity officer acts on a signal, and never on one about themselves.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.core import audit
from loket.core.roles import Role, require_role

from ..signal_models import IntegritySignal, Investigation, SignalRun
from . import adapter, config, engine


def _fingerprint(s) -> str:
    return hashlib.sha256(f"{s.signal}\0{s.officer or ''}\0{s.subject or ''}".encode()).hexdigest()


def run_signals(*, actor, records=None) -> SignalRun:
    """Compute every signal over Loket's own data (or ``records``) and store what is new.

    A signal seen before keeps its status (a dismissed one stays dismissed) and gets its
    latest figures; the run records how many there were and how many were new.
    """
    cfg = config.from_settings()
    now = timezone.now()
    signals = engine.run_records(records if records is not None else adapter.records(), cfg)
    users = {
        u.get_username(): u
        for u in get_user_model().objects.filter(username__in={s.officer for s in signals if s.officer})
    }
    with transaction.atomic():
        run = SignalRun.objects.create(started_at=now, actor=audit.actor_label(actor), thresholds=cfg)
        new = 0
        for s in signals:
            values = {
                "score": s.score,
                "explanation": s.explanation,
                "figures": _jsonable(s.figures),
                "evidence": [str(e) for e in s.evidence],
                "last_seen": now,
                "team": s.team or "",
            }
            row, created = IntegritySignal.objects.get_or_create(
                fingerprint=_fingerprint(s),
                defaults={
                    **values,
                    "code": s.signal,
                    "officer": users.get(s.officer),
                    "officer_ref": s.officer or "",
                    "subject": s.subject or "",
                    "first_run": run,
                    "first_seen": now,
                },
            )
            if created:
                new += 1
            else:
                IntegritySignal.objects.filter(pk=row.pk).update(**values)
        run.count, run.new, run.finished_at = len(signals), new, timezone.now()
        run.save(update_fields=["count", "new", "finished_at"])
        audit.record(actor=actor, action="integrity.signals.run", obj=run, data={"signals": len(signals), "new": new})
    return run


def _jsonable(figures: dict) -> dict:
    import json

    return json.loads(json.dumps(figures, default=str))


def _check_actor(user, signal: IntegritySignal) -> None:
    require_role(user, Role.INTEGRITY_OFFICER)
    if signal.officer_id == user.pk or (signal.officer_ref and signal.officer_ref == user.get_username()):
        raise PermissionDenied(_("This signal is about you; another integrity officer handles it."))
    if signal.status != IntegritySignal.Status.OPEN:
        raise ValidationError(_("This signal has already been handled."))


def dismiss(*, user, signal_id: int, reason: str) -> IntegritySignal:
    """Close a signal as explained; the reason is kept and logged."""
    reason = (reason or "").strip()
    with transaction.atomic():
        signal = IntegritySignal.objects.select_for_update().get(pk=signal_id)
        _check_actor(user, signal)
        if len(reason) < 10:
            raise ValidationError({"reason": _("Give the reason for dismissing this signal (at least 10 characters).")})
        signal.status, signal.decided_by, signal.decided_at, signal.reason = (
            IntegritySignal.Status.DISMISSED,
            user,
            timezone.now(),
            reason,
        )
        signal.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        audit.record(actor=user, action="integrity.signal.dismissed", obj=signal, reason=reason)
    return signal


def open_investigation(*, user, signal_id: int, reason: str) -> Investigation:
    """Open an investigation on a signal; the signal then shows as under investigation."""
    reason = (reason or "").strip()
    with transaction.atomic():
        signal = IntegritySignal.objects.select_for_update().get(pk=signal_id)
        _check_actor(user, signal)
        if len(reason) < 10:
            raise ValidationError({"reason": _("Say why you open an investigation (at least 10 characters).")})
        now = timezone.now()
        signal.status, signal.decided_by, signal.decided_at, signal.reason = (
            IntegritySignal.Status.INVESTIGATING,
            user,
            now,
            reason,
        )
        signal.save(update_fields=["status", "decided_by", "decided_at", "reason"])
        investigation = Investigation.objects.create(signal=signal, opened_by=user, opened_at=now, reason=reason)
        audit.record(actor=user, action="integrity.investigation.opened", obj=signal, reason=reason)
    return investigation
