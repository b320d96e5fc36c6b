from django.apps import AppConfig


class WhistleConfig(AppConfig):
    name = "loket.whistle"
    label = "whistle"
    verbose_name = "Reporting channel (meldpunt)"

    @property
    def desk_nav(self):
        from django.utils.translation import gettext_lazy as _

        from ..core.roles import Role

        return [
            (_("Reports"), "desk:reports:list", (Role.REPORT_HANDLER, Role.INTEGRITY_OFFICER, Role.INVESTIGATOR)),
            (_("Integrity dashboard"), "desk:integrity:dashboard", (Role.INTEGRITY_OFFICER,)),
            (
                _("Personnel measures"),
                "desk:integrity:measures",
                (Role.INTEGRITY_OFFICER, Role.TEAM_LEAD, Role.ADMINISTRATOR),
            ),
        ]

    def ready(self):
        from ..core.signals import password_verified
        from .keyring import unlock_for_session

        password_verified.connect(unlock_for_session, dispatch_uid="whistle-unlock-key")
        # Connects the hook that flags measures already waiting when someone becomes protected.
        from .services import retaliation  # noqa: F401
