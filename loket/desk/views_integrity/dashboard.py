"""The integrity officer's dashboard: reports by stage, deadlines and their breaches,
flagged measures, and how quickly reports are acknowledged and answered. Nothing on it is
decrypted; the figures come from ``whistle.stats``."""

from __future__ import annotations

from django.shortcuts import render

from ...core.roles import Role
from ...whistle import stats
from .common import days_text, staff_page


@staff_page(Role.INTEGRITY_OFFICER)
def dashboard(request):
    figures = stats.dashboard(request.user)
    rows = [
        {"row": row, "days_text": days_text(row.days_left), "overdue": row.days_left < 0} for row in figures.open_rows
    ]
    return render(
        request,
        "desk/integrity/dashboard.html",
        {
            "d": figures,
            "rows": rows,
            "chart_data": figures.chart_data(),
            "soon_days": stats.SOON_DAYS,
        },
    )
