"""Background work of the appointments app, for the database-backed task queue."""

from django_tasks import task

from .services import notify, reminders, waiting


@task()
def send_booking_message(booking_id: int, what: str) -> int:
    """Confirmation, change or cancellation, by e-mail (with .ics) and SMS."""
    return notify.send(booking_id, what)


@task()
def send_offer(entry_id: int) -> int:
    return notify.send_offer(entry_id)


@task()
def send_reminders() -> dict:
    """Reminders due now, no-shows of the day, and lapsed waiting-list offers passed on."""
    return {
        "reminders": reminders.send_due(),
        "no_shows": reminders.mark_no_shows(),
        "offers_passed": waiting.expire_offers(),
    }
