from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    """Integrity of the decision process (issue 15): who gets a case, who may read it, who
    read it, and signals from the audit log. Plugs into the cases app through its hooks."""

    name = "loket.integrity"
    label = "integrity"
    verbose_name = _("Integrity: assignment, need to know, conflicts of interest, signals")
    desk_nav = [  # roles: from the views
        (_("Access and assignment"), "desk:integrity_access:overview", "integrity"),
        (_("My declarations"), "desk:integrity_access:declarations", "integrity"),
        (_("Integrity signals"), "desk:signals:dashboard", "integrity"),
    ]

    def ready(self):
        from . import wiring

        wiring.connect()
