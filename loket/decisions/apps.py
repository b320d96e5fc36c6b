from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from ..core.roles import Role


class DecisionsConfig(AppConfig):
    name = "loket.decisions"
    label = "decisions"
    verbose_name = _("Decisions: drafts, four eyes, issuing, re-audit")
    desk_nav = [
        (_("Decisions dashboard"), "desk:decisions:dashboard", (Role.TEAM_LEAD,)),
    ]
