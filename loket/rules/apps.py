from django.apps import AppConfig


class RulesConfig(AppConfig):
    name = "loket.rules"
    label = "rules"
    verbose_name = "The catalogue of procedural rules as code"

    @property
    def desk_nav(self):
        from django.utils.translation import gettext_lazy as _

        return [(_("Rule catalogue"), "desk:rules:catalogue", "cases")]  # roles: from the view
