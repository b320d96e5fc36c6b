"""The team lead's dashboard: decisions stopped per rule, warnings acknowledged, late
decisions and penalties per team. Every chart has a table with the same numbers."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from loket.cases import access, selectors as case_selectors
from loket.core import audit
from loket.core.roles import Role, roles_required

from . import stats
from .forms import DashboardFilterForm


@login_required
@roles_required(Role.TEAM_LEAD, Role.ADMINISTRATOR)
def dashboard(request):
    today = timezone.localdate()
    units = access.visible_units(request.user)
    form = DashboardFilterForm(request.GET or None, teams=case_selectors.visible_teams(request.user))
    filters = form.cleaned_data if form.is_valid() else {}
    scope = {"units": units, "team": filters.get("team"), "since": filters.get("since")}
    stopped = stats.stopped_per_rule(**scope)
    acknowledged = stats.acknowledged_per_rule(**scope)
    totals = stats.attempt_totals(**scope)
    teams = stats.decisions_per_team(**scope, today=today)
    audit.record(
        actor=request.user,
        action="decisions.dashboard.viewed",
        object_type="decisions.dashboard",
        data={"team": scope["team"].code if scope["team"] else "", "since": scope["since"]},
    )
    chart = {
        "stopped": {"labels": [r["rule"] for r in stopped], "data": [r["attempts"] for r in stopped]},
        "acknowledged": {"labels": [r["rule"] for r in acknowledged], "data": [r["count"] for r in acknowledged]},
        "teams": {
            "labels": [str(r["team"]) for r in teams],
            "late": [r["late"] for r in teams],
            "open_late": [r["open_late"] for r in teams],
            "owed": [float(r["owed"]) for r in teams],
            "fixed": [float(r["fixed"]) for r in teams],
        },
        "names": {
            "stopped": _("attempts stopped"),
            "acknowledged": _("warnings acknowledged"),
            "late": _("decisions issued late"),
            "open_late": _("open cases past their deadline"),
            "owed": _("penalty owed on open cases (EUR)"),
            "fixed": _("penalties fixed (EUR)"),
        },
    }
    return render(
        request,
        "decisions/dashboard.html",
        {
            "form": form,
            "stopped": stopped,
            "acknowledged": acknowledged,
            "totals": totals,
            "teams": teams,
            "chart": chart,
            "today": today,
        },
    )
