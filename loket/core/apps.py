from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "loket.core"
    label = "core"
    verbose_name = "Loket core"

    def ready(self):
        from loket.core import checks  # noqa: F401  (registers the deploy checks)

        from . import (
            audit_checks,  # noqa: F401  (registers the deploy check of the audit keys)
            translations,
        )

        translations.connect()  # translators' corrections are logged (django-rosetta's signals)
