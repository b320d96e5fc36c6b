"""Links on a case's page (the cases app's CASE_PAGE_PANELS hook): ask to reassign the case,
and, for the integrity officer and the team lead, its assignment draws."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from loket.cases.access import CASE_WORKERS, led_units
from loket.core.roles import Role, has_role


def case_links(request, case, *, forms=None, stopped=None) -> dict:
    user, links = request.user, []
    if has_role(user, *CASE_WORKERS):
        links.append({"label": _("ask to reassign"), "url": reverse("desk:integrity_access:reassign", args=[case.pk])})
    if has_role(user, Role.INTEGRITY_OFFICER, Role.INVESTIGATOR) or case.team_id in led_units(user):
        links.append({"label": _("assignment draws"), "url": reverse("desk:integrity_access:draws", args=[case.pk])})
    return {"case_links": links}
