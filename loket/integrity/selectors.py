"""Reads of the integrity pages: broken glass for the integrity officer, requests for team leads."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from loket.cases.access import led_units

from .access_models import AssignmentDraw, BreakGlass, Reassignment, ReassignmentStatus, Relation


def broken_glass(days: int = 14):
    """Every broken glass of the last ``days`` days, newest first (today's first of all)."""
    since = timezone.localdate() - timedelta(days=days - 1)
    return BreakGlass.objects.filter(on__gte=since).select_related("user", "case").order_by("-at", "-id")


def pending_reassignments(user):
    return (
        Reassignment.objects.filter(status=ReassignmentStatus.PENDING, case__team_id__in=led_units(user))
        .select_related("case", "from_officer", "to_officer", "requested_by")
        .order_by("requested_at")
    )


def draws_of(case):
    return AssignmentDraw.objects.filter(case=case).select_related("chosen", "triggered_by").order_by("drawn_at", "id")


def relations_of(user):
    return Relation.objects.filter(officer=user).select_related("client", "representative")
