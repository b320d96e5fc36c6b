"""``loket check --deploy``: the audit log's keys must not be the generated demo keys."""

import os

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def audit_keys_given(app_configs, **kwargs):
    if not settings.AUDIT_DEMO_KEYS or os.environ.get("LOKET_AUDIT_KEY"):
        return []
    return [
        Warning(
            "The audit log may run on generated demo keys.",
            hint="Give LOKET_AUDIT_KEY and LOKET_AUDIT_SIGNING_KEY (or key files in LOKET_AUDIT_KEY_DIR on a "
            'protected volume) and set LOKET_AUDIT_DEMO_KEYS=0; see README, "The audit log\'s key and checkpoints".',
            id="loket.audit.W001",
        )
    ]
