from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "loket.appointments"
    label = "appointments"
    verbose_name = _("Appointments at the counter")
    desk_nav = [  # roles: from the views (roles_required)
        (_("Counter's day"), "appointments:agenda", "contact"),
        (_("Book for a caller"), "appointments:agent_book", "contact"),
        (_("Capacity dashboard"), "appointments:dashboard", "oversight"),
        (_("Appointment settings"), "appointments:admin_home", "other"),
        (_("Counter rosters"), "appointments:rosters", "other"),
        (_("Resale signals"), "appointments:signals", "integrity"),
    ]
