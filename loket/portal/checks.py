"""`loket check --deploy` warns when the DigiD mock would serve a production site: with it,
anyone may sign in as anyone by typing a BSN."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def digid_mock_in_production(app_configs, **kwargs):
    if getattr(settings, "PORTAL_DIGID", "") == "mock" and not settings.DEBUG:
        return [
            checks.Warning(
                "LOKET_DIGID=mock: anyone may sign in as any client by typing a BSN.",
                hint="Use LOKET_DIGID=saml (real DigiD) or off in production.",
                id="loket.portal.W001",
            )
        ]
    return []
