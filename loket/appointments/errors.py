"""The appointments app's own error: a booking refused for a reason the caller can act on.

``code`` is stable (the API's ``reason``); the message is in the user's language.
"""

from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "slot_full": _("This time is fully booked. Choose another time."),
    "already_booked": _("You already have an appointment for this service. Change or cancel that one first."),
    "slot_past": _("This time has passed. Choose a time in the future."),
    "closed": _("The office is closed on this day. Choose another day."),
    "wrong_service": _("This time is for another service. Choose a time for the same service."),
    "hold_expired": _("The time we kept for you has run out. Choose a time again."),
    "not_released": _("This time cannot be booked yet."),
    "not_open": _("This appointment is no longer open."),
    "limit_reached": _("You have reached the maximum number of appointments."),
    "contact_reused": _("This phone number or e-mail address is already used for appointments of too many people."),
    "key_reused": _("This Idempotency-Key was used before for another request."),
    "client_unclear": _("We cannot tell for certain who the client is. Give the V-number."),
    "identity_mismatch": _("The identity document does not match the appointment. An appointment is personal."),
    "no_offer": _("This offer is no longer open."),
}


class BookingError(Exception):
    def __init__(self, code: str):
        self.code = code
        super().__init__(str(MESSAGES[code]))

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code])
