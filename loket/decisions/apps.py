from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "loket.decisions"
    label = "decisions"
    verbose_name = _("Decisions: drafts, four eyes, issuing, re-audit")
    desk_nav = [
        (_("Decisions dashboard"), "desk:decisions:dashboard", "oversight"),  # roles: from the view
        (_("Mandate register"), "desk:decisions:mandates", "integrity"),  # roles: from the view
    ]

    def ready(self):
        from loket.cases.hooks import CASE_PAGE_PANELS
        from loket.rules.hooks import ISSUED_DECISIONS

        from .panel import panel_context
        from .selectors import issued_case_facts

        CASE_PAGE_PANELS.provide(panel_context)
        ISSUED_DECISIONS.provide(issued_case_facts)
