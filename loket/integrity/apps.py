from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrityConfig(AppConfig):
    name = "loket.integrity"
    label = "integrity"
    verbose_name = _("Integrity: access, assignment, signing and signals")
    desk_nav = [(_("Integrity signals"), "desk:signals:dashboard", ("integrity_officer",))]
