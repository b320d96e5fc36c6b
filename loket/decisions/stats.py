"""Figures for the team lead's dashboard: decisions stopped per rule, warnings acknowledged,
late decisions and penalties per team. Each is one aggregate query (the penalty owed on
open cases comes from the cases app's late-case list, computed by the rules' helpers)."""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from loket.cases import selectors as case_selectors
from loket.core.models import OrgUnit

from .choices import AttemptResult
from .models import Decision, IssueAttempt, RuleFinding


def _attempts(units, team, since: date | None):
    queryset = IssueAttempt.objects.all()
    if units is not None:
        queryset = queryset.filter(team_id__in=units)
    if team is not None:
        queryset = queryset.filter(team=team)
    if since is not None:
        queryset = queryset.filter(at__gte=timezone.make_aware(datetime.combine(since, time.min)))
    return queryset


def stopped_per_rule(*, units, team=None, since=None) -> list[dict]:
    """Per rule: how many attempts it stopped (a block, or a warning left unacknowledged)."""
    attempts = _attempts(units, team, since).exclude(result=AttemptResult.ISSUED)
    rows = (
        RuleFinding.objects.filter(attempt__in=attempts)
        .filter(Q(outcome="block") | Q(outcome="warn", acknowledged=False))
        .values("rule")
        .annotate(attempts=Count("attempt", distinct=True), cases=Count("attempt__case", distinct=True))
        .order_by("-attempts", "rule")
    )
    return list(rows)


def acknowledged_per_rule(*, units, team=None, since=None) -> list[dict]:
    """Per rule: warnings acknowledged with a reason on decisions that went out."""
    attempts = _attempts(units, team, since).filter(result=AttemptResult.ISSUED)
    rows = (
        RuleFinding.objects.filter(attempt__in=attempts, outcome="warn", acknowledged=True)
        .values("rule")
        .annotate(count=Count("id"))
        .order_by("-count", "rule")
    )
    return list(rows)


def attempt_totals(*, units, team=None, since=None) -> dict:
    totals = _attempts(units, team, since).aggregate(
        attempts=Count("id"), issued=Count("id", filter=Q(result=AttemptResult.ISSUED))
    )
    totals["stopped"] = totals["attempts"] - totals["issued"]
    return totals


def decisions_per_team(*, units, team=None, since=None, today: date) -> list[dict]:
    """Per team: decisions issued, of which late, days late; penalties fixed; open late cases
    and the penalty owed on them today."""
    decisions = Decision.objects.all()
    if units is not None:
        decisions = decisions.filter(case__team_id__in=units)
    if team is not None:
        decisions = decisions.filter(case__team=team)
    if since is not None:
        decisions = decisions.filter(decided_on__gte=since)
    issued = {
        row["case__team"]: row
        for row in decisions.values("case__team").annotate(
            issued=Count("id"), late=Count("id", filter=Q(days_late__gt=0)), days_late=Sum("days_late")
        )
    }
    fixed = case_selectors.fixed_penalties_per_team(units if team is None else [team.pk])
    open_late = {e["team"].pk: e for e in case_selectors.late_totals_per_team(units, today=today, team=team)}
    team_ids = set(issued) | set(fixed) | set(open_late)
    rows = []
    for unit in OrgUnit.objects.filter(pk__in=team_ids).order_by("code"):
        done, late = issued.get(unit.pk, {}), open_late.get(unit.pk, {})
        rows.append(
            {
                "team": unit,
                "issued": done.get("issued", 0),
                "late": done.get("late", 0),
                "days_late": done.get("days_late") or 0,
                "fixed": fixed.get(unit.pk, Decimal(0)),
                "open_late": late.get("late", 0),
                "notices": late.get("notices", 0),
                "owed": late.get("owed", Decimal(0)),
            }
        )
    return rows
