from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ..core.roles import Role

COUNTER = (Role.COUNTER_AGENT, Role.TEAM_LEAD)


class AppointmentsConfig(AppConfig):
    name = "loket.appointments"
    label = "appointments"
    verbose_name = _("Appointments at the counter")
    desk_nav = [
        (_("Counter's day"), "appointments:agenda", COUNTER),
        (_("Book for a caller"), "appointments:agent_book", (Role.CONTACT_AGENT, Role.COUNTER_AGENT, Role.TEAM_LEAD)),
        (_("Capacity dashboard"), "appointments:dashboard", (Role.TEAM_LEAD, Role.ADMINISTRATOR)),
        (_("Appointment settings"), "appointments:admin_home", (Role.ADMINISTRATOR,)),
        (_("Resale signals"), "appointments:signals", (Role.INTEGRITY_OFFICER,)),
    ]
