from django.apps import AppConfig


class WhistleConfig(AppConfig):
    name = "loket.whistle"
    label = "whistle"
    verbose_name = "Reporting channel (meldpunt)"

    @property
    def desk_nav(self):
        from django.utils.translation import gettext_lazy as _

        # Who sees each link is read from its view (loket/desk/navigation.py).
        return [
            (_("Reports"), "desk:reports:list", "integrity"),
            (_("Integrity dashboard"), "desk:integrity:dashboard", "integrity"),
            (_("Personnel measures"), "desk:integrity:measures", "integrity"),
        ]

    def ready(self):
        from ..core.signals import password_verified
        from .keyring import unlock_for_session

        password_verified.connect(unlock_for_session, dispatch_uid="whistle-unlock-key")
        # Connects the hook that flags measures already waiting when someone becomes protected.
        from .services import retaliation  # noqa: F401
