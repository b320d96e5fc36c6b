"""The numbers the service sets for appointments, overridable in settings (APPOINTMENTS = {...})."""

from django.conf import settings

DEFAULTS = {
    "HOLD_MINUTES": 10,  # a seat is kept this long while the client confirms
    "OFFER_HOURS": 24,  # a freed seat is kept this long for the first waiting client
    "MAX_OPEN_PER_CLIENT": 3,  # open appointments per client, over all services
    "MAX_OPEN_PER_CONTACT": 3,  # open appointments per phone number or e-mail address
    "MAX_CLIENTS_PER_CONTACT": 3,  # different clients one phone number or e-mail address may book for
    "RELEASE_JITTER_SECONDS": 3600,  # new slots appear at a random moment within this window
    "RESCHEDULE_LINK_BASE": "http://127.0.0.1:8000",
}


def get(name: str):
    return getattr(settings, "APPOINTMENTS", {}).get(name, DEFAULTS[name])
