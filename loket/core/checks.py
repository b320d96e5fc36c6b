"""System checks of Loket's own production settings (``loket check --deploy``)."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secret_key_is_not_the_demo_key(app_configs, **kwargs):
    # Django's own check (security.W009) passes the demo key: it is long and varied enough.
    if settings.SECRET_KEY.startswith("insecure-demo-key"):
        return [
            Error(
                "LOKET_SECRET_KEY is not set: the site runs with the public demo key.",
                hint="Set LOKET_SECRET_KEY to a long random value (scripts/prod makes one).",
                id="loket.E001",
            )
        ]
    return []
