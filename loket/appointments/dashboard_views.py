"""The capacity dashboard: charts and, below each, a table with the same numbers."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from ..core.roles import Role, roles_required
from . import stats


@login_required
@roles_required(Role.TEAM_LEAD, Role.ADMINISTRATOR)
def dashboard(request):
    table = stats.rows()
    data = stats.chart(table)
    data["text"] = {
        "first_free": _("Days to the first free slot"),
        "utilisation": _("Utilisation, coming four weeks (%)"),
        "no_show": _("No-show rate, past four weeks (%)"),
        "waiting": _("On the waiting list"),
    }
    return render(request, "appointments/staff/dashboard.html", {"table": table, "chart": data})
