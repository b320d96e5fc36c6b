from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ..core.roles import Role

_OFFICERS = (Role.DECISION_OFFICER, Role.OBJECTION_OFFICER)


class CasesConfig(AppConfig):
    name = "loket.cases"
    label = "cases"
    verbose_name = _("Cases: applications, objections, revocations")
    desk_nav = [
        (_("Cases"), "desk:cases:queue", (*_OFFICERS, Role.SECOND_READER, Role.TEAM_LEAD)),
        (_("Open a case"), "desk:cases:new", (*_OFFICERS, Role.TEAM_LEAD)),
        (_("Late cases and penalties"), "desk:cases:late", (*_OFFICERS, Role.TEAM_LEAD)),
    ]

    def ready(self):
        from loket.clients.hooks import CLIENT_READ

        from .access import client_read

        CLIENT_READ.provide(client_read)
