from django.apps import AppConfig


class WhistleConfig(AppConfig):
    name = "loket.whistle"
    label = "whistle"
    verbose_name = "Reporting channel (meldpunt)"

    def ready(self):
        from ..core.signals import password_verified
        from .keyring import unlock_for_session

        password_verified.connect(unlock_for_session, dispatch_uid="whistle-unlock-key")
