from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "loket.portal"
    label = "portal"

    def ready(self):
        from . import checks  # noqa: F401  (registers the deploy check)
