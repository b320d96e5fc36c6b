from django.apps import AppConfig


class DecisionsConfig(AppConfig):
    name = "loket.decisions"
    label = "decisions"
    verbose_name = "Decisions: drafts, four eyes, issuing, re-audit"
