"""The team lead's dashboard: reachability per channel per week, backlog by age, contacts
per question; each chart has a table with the same numbers beside it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from ..core import audit
from ..core.roles import Role, roles_required
from . import stats


@login_required
@roles_required(Role.TEAM_LEAD)
def dashboard(request):
    today = timezone.localdate()
    reach = stats.reachability(today=today)
    backlog = stats.backlog_by_age(today=today)
    joined = stats.contacts_per_question()
    audit.record(actor=request.user, action="contact.dashboard.viewed", object_type="contact.dashboard")
    chart = {
        "weeks": [w.isoformat() for w in reach["weeks"]],
        "reach": [{"label": s["label"], "data": [p["share"] for p in s["points"]]} for s in reach["series"]],
        "backlog": {
            "labels": [r["age"] for r in backlog],
            "open": [r["open"] for r in backlog],
            "overdue": [r["overdue"] for r in backlog],
        },
        "labels": {
            "share": _("share within norm (%)"),
            "open": _("open"),
            "overdue": _("overdue"),
            "questions": _("questions"),
        },
        "joined": {"labels": [r["contacts"] for r in joined["rows"]], "data": [r["questions"] for r in joined["rows"]]},
    }
    return render(
        request, "contact/dashboard.html", {"reach": reach, "backlog": backlog, "joined": joined, "chart": chart}
    )
