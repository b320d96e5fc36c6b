"""The service's own details for the page shell: its name, phone, address and opening hours.

They come from settings only (``LOKET_SERVICE_NAME``, ``LOKET_CONTACT_PHONE``,
``LOKET_CONTACT_ADDRESS``, ``LOKET_OPENING_HOURS``), never from the database, so that the
error page of a broken database can still show them.
"""

from django.conf import settings
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext as _

DEFAULTS = {
    "LOKET_SERVICE_NAME": "Loket",
    "LOKET_CONTACT_PHONE": "088 123 45 67",
    "LOKET_CONTACT_ADDRESS": "Postbus 1234\n1000 AB Amsterdam",
    # (first weekday, last weekday, opens, closes); Monday is 0.
    "LOKET_OPENING_HOURS": [(0, 4, "09:00", "17:00")],
}


def _setting(name):
    return getattr(settings, name, DEFAULTS[name])


def _days(first: int, last: int) -> str:
    if first == last:
        return str(WEEKDAYS[first])
    # Translators: client (the footer's opening hours, e.g. "Monday to Friday")
    return _("%(first)s to %(last)s") % {"first": WEEKDAYS[first], "last": WEEKDAYS[last]}


def service_info() -> dict:
    """Name, phone (as shown and as a tel: address), address lines and opening hours, in the
    current language."""
    phone = str(_setting("LOKET_CONTACT_PHONE"))
    return {
        "name": _setting("LOKET_SERVICE_NAME"),
        "phone": phone,
        "phone_href": "tel:" + "".join(c for c in phone if c.isdigit() or c == "+"),
        "address": [line for line in str(_setting("LOKET_CONTACT_ADDRESS")).splitlines() if line.strip()],
        "opening_hours": [
            {"days": _days(first, last), "hours": f"{opens}–{closes}"}
            for first, last, opens, closes in _setting("LOKET_OPENING_HOURS")
        ],
    }
