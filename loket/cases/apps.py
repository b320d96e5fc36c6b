from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "loket.cases"
    label = "cases"
    verbose_name = _("Cases: applications, objections, revocations")
    desk_nav = [
        # Who sees each link is read from its view (loket/desk/navigation.py).
        (_("Cases"), "desk:cases:queue", "cases"),
        (_("Open a case"), "desk:cases:new", "cases"),
        (_("Late cases and penalties"), "desk:cases:late", "cases"),
    ]

    def ready(self):
        from loket.clients.hooks import CLIENT_READ

        from .access import client_read

        CLIENT_READ.provide(client_read)
