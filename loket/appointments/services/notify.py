"""Messages about an appointment, in the client's language, by e-mail (with an .ics) and
SMS, sent by the task queue. Every message is stored with a unique key, so a task run
twice (a retry, two workers) sends it once.

SMS goes through the class named by ``settings.APPOINTMENTS_SMS_BACKEND`` (a gateway's
client in production); the default only stores the message, which the tests read.
"""

from __future__ import annotations

from datetime import timedelta

import icalendar
from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .. import policy
from ..choices import MessageChannel
from ..models import Booking, Message, WaitingEntry


def enqueue(booking_id: int, what: str) -> None:
    from ..tasks import send_booking_message

    send_booking_message.enqueue(booking_id, what)


def enqueue_offer(entry_id: int) -> None:
    from ..tasks import send_offer

    send_offer.enqueue(entry_id)


def ics(booking: Booking) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Loket//appointments//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{booking.reference}@loket")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", booking.slot.starts_at)
    event.add("dtend", booking.slot.ends_at)
    event.add("summary", f"{booking.service.local_name} ({booking.reference})")
    event.add("location", f"{booking.location.name}, {booking.location.address}")
    event.add("sequence", int(timezone.now().timestamp()))
    if booking.status == "cancelled":
        event.add("status", "CANCELLED")
    cal.add_component(event)
    return cal.to_ical()


def link(name: str, reference: str) -> str:
    return policy.get("RESCHEDULE_LINK_BASE").rstrip("/") + reverse(name, args=[reference])


def texts(booking: Booking, what: str) -> tuple[str, str, str]:
    """(subject, e-mail body, SMS) in the active language."""
    when = timezone.localtime(booking.slot.starts_at)
    facts = {
        "service": booking.service.local_name,
        "place": f"{booking.location.name}, {booking.location.address}",
        "date": when.strftime("%d-%m-%Y"),
        "time": when.strftime("%H:%M"),
        "ref": booking.reference,
    }
    heads = {
        "booked": _("Your appointment is booked"),
        "rescheduled": _("Your appointment has changed"),
        "cancelled": _("Your appointment is cancelled"),
        "reminder": _("Reminder: your appointment"),
        "no_show": _("You missed your appointment"),
    }
    subject = f"{heads.get(what, heads['reminder'])} ({booking.reference})"
    line = _("%(service)s on %(date)s at %(time)s, %(place)s. Reference: %(ref)s.") % facts
    if what == "cancelled":
        body = line + "\n\n" + _("You can book a new appointment on the website.")
    elif what == "no_show":
        body = (
            line
            + "\n\n"
            + _("You did not come. To book a new appointment, go to the website and choose Make an appointment.")
        )
    else:
        body = (
            line
            + "\n\n"
            + _("Bring your identity document. The appointment is only for you.")
            + "\n"
            + _("Change the appointment: %(url)s") % {"url": link("appointments_portal:reschedule", booking.reference)}
            + "\n"
            + _("Cancel the appointment: %(url)s") % {"url": link("appointments_portal:cancel", booking.reference)}
        )
    return subject, body, f"{subject}: {line}"


def _store(*, key: str, booking=None, waiting=None, kind, channel, to, language, subject, body) -> bool:
    try:
        with transaction.atomic():
            Message.objects.create(
                key=key[:200],
                booking=booking,
                waiting=waiting,
                kind=kind,
                channel=channel,
                to=to,
                language=language,
                subject=subject[:300],
                body=body,
            )
        return True
    except IntegrityError:
        return False  # sent before


def sms_backend():
    return import_string(
        getattr(settings, "APPOINTMENTS_SMS_BACKEND", "loket.appointments.services.notify.StoredSms")
    )()


class StoredSms:
    """The default SMS 'gateway': the message is only stored (Message rows)."""

    def send(self, to: str, text: str) -> None:
        return None


def send(booking_id: int, what: str, *, slot_key: str = "") -> int:
    """Send one message about a booking on every channel it has; the number sent now."""
    booking = Booking.objects.select_related("slot", "service", "location", "client").get(pk=booking_id)
    language = booking.language or "nl"
    sent = 0
    with translation.override(language):
        subject, body, sms = texts(booking, what)
        base = f"{booking.pk}:{what}:{slot_key or booking.slot_id}:{booking.status}"
        if booking.email and _store(
            key=f"{base}:email",
            booking=booking,
            kind=what,
            channel=MessageChannel.EMAIL,
            to=booking.email,
            language=language,
            subject=subject,
            body=body,
        ):
            mail = EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [booking.email])
            if what != "no_show":
                mail.attach(f"{booking.reference}.ics", ics(booking), "text/calendar")
            mail.send()
            sent += 1
        if booking.phone and _store(
            key=f"{base}:sms",
            booking=booking,
            kind=what,
            channel=MessageChannel.SMS,
            to=booking.phone,
            language=language,
            subject="",
            body=sms,
        ):
            sms_backend().send(booking.phone, sms)
            sent += 1
    return sent


def send_offer(entry_id: int) -> int:
    entry = WaitingEntry.objects.select_related("location", "service").get(pk=entry_id)
    language, sent = entry.language or "nl", 0
    with translation.override(language):
        subject = _("A place is free for your appointment")
        body = _(
            "A place is free for %(service)s at %(place)s. We keep it for you until %(until)s. Accept it on the website."
        ) % {
            "service": entry.service.local_name,
            "place": entry.location.name,
            "until": timezone.localtime(entry.offered_at + timedelta(hours=policy.get("OFFER_HOURS"))).strftime(
                "%d-%m-%Y %H:%M"
            ),
        }
    for channel, to in ((MessageChannel.EMAIL, entry.email), (MessageChannel.SMS, entry.phone)):
        if to and _store(
            key=f"offer:{entry.pk}:{entry.offered_at.isoformat()}:{channel}",
            waiting=entry,
            kind="offer",
            channel=channel,
            to=to,
            language=language,
            subject=subject,
            body=body,
        ):
            if channel == MessageChannel.EMAIL:
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to]).send()
            else:
                sms_backend().send(to, body)
            sent += 1
    return sent
