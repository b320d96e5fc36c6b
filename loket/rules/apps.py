from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "loket.rules"
    label = "rules"
    verbose_name = "The catalogue of procedural rules as code"
