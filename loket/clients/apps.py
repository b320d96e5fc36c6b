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
        # Who sees each link is read from its view (loket/desk/navigation.py).
        return [
            (_("Clients"), "desk:clients:search", "clients"),
            (_("Who sent this? (review queue)"), "desk:clients:review", "clients"),
        ]
