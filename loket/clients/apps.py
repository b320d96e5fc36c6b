from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientsConfig(AppConfig):
    name = "loket.clients"
    label = "clients"
    verbose_name = "Clients: identity, matching, merging"

    def ready(self):
        from . import checks  # noqa: F401  (registers the stale-keys check)

    @property
    def desk_nav(self):
        from ..core.roles import Role

        staff = (Role.CONTACT_AGENT, Role.COUNTER_AGENT, Role.TEAM_LEAD, Role.ADMINISTRATOR)
        return [
            (_("Clients"), "desk:clients:search", staff),
            (_("Who sent this? (review queue)"), "desk:clients:review", staff),
        ]
