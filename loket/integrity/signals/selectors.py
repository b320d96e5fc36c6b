"""Reads for the integrity officer's pages. A signal about the reader is never among them."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from loket.core.audit_models import AuditEntry

from ..signal_models import IntegritySignal, SignalRun
from .config import SIGNAL_IDS

BREAK_GLASS_SUFFIX = ".break_glass"


def visible_signals(user):
    """Every signal except those about ``user`` (by account or by id in an export)."""
    return IntegritySignal.objects.exclude(Q(officer_id=user.pk) | Q(officer_ref=user.get_username()))


def signal_for(user, pk: int) -> IntegritySignal:
    """One signal, or IntegritySignal.DoesNotExist, also when it is about ``user``."""
    return visible_signals(user).select_related("decided_by").get(pk=pk)


def dashboard(user, *, weeks: int = 12) -> dict:
    signals = visible_signals(user)
    open_ = signals.filter(status=IntegritySignal.Status.OPEN)
    by_code = dict(open_.values_list("code").annotate(n=Count("id")))
    by_team = list(open_.exclude(team="").values("team").annotate(n=Count("id")).order_by("-n", "team")[:20])
    today = timezone.localdate()
    since = today - timedelta(weeks=weeks)
    week_rows = (
        signals.filter(first_seen__date__gte=since)
        .annotate(week=TruncWeek("first_seen"))
        .values("week", "code")
        .annotate(n=Count("id"))
    )
    start = since - timedelta(days=since.weekday())
    week_starts = [start + timedelta(weeks=i) for i in range(weeks + 1)]
    trend = {w: dict.fromkeys(SIGNAL_IDS, 0) for w in week_starts}
    for row in week_rows:
        week = timezone.localtime(row["week"]).date() if hasattr(row["week"], "tzinfo") else row["week"]
        if week in trend and row["code"] in trend[week]:
            trend[week][row["code"]] += row["n"]
    by_status = dict(signals.values_list("status").annotate(n=Count("id")))
    return {
        "by_code": [(code, by_code.get(code, 0)) for code in SIGNAL_IDS],
        "by_team": [(r["team"], r["n"]) for r in by_team],
        "trend": [(w, [trend[w][c] for c in SIGNAL_IDS]) for w in week_starts],
        "open": open_.count(),
        "dismissed": by_status.get(IntegritySignal.Status.DISMISSED, 0),
        "investigating": by_status.get(IntegritySignal.Status.INVESTIGATING, 0),
        "latest_run": SignalRun.objects.first(),
        "rows": list(open_.order_by("-score")[:50]),
    }


def break_glass(*, days: int = 30) -> list[AuditEntry]:
    """Break-glass accesses from the audit log (written by the need-to-know module, issue 15
    item 3, with an action ending in ``.break_glass``), newest first."""
    since = timezone.now() - timedelta(days=days)
    return list(AuditEntry.objects.filter(action__endswith=BREAK_GLASS_SUFFIX, at__gte=since).order_by("-seq")[:200])
