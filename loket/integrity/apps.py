from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ..core.roles import Role


class IntegrityConfig(AppConfig):
    """Integrity of the decision process (issue 15): who gets a case, who may read it, who
    read it, and signals from the audit log. Plugs into the cases app through its hooks."""

    name = "loket.integrity"
    label = "integrity"
    verbose_name = _("Integrity: assignment, need to know, conflicts of interest, signals")
    desk_nav = [
        (_("Access and assignment"), "desk:integrity_access:overview", (Role.INTEGRITY_OFFICER, Role.TEAM_LEAD)),
        (
            _("My declarations"),
            "desk:integrity_access:declarations",
            (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER, Role.SECOND_READER, Role.TEAM_LEAD),
        ),
    ]

    def ready(self):
        from . import wiring

        wiring.connect()
