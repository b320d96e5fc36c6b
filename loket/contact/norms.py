"""Service norms (servicenormen) and the due date of a question.

The norm is the service's own promise per channel and topic, kept in the database and
edited in the admin; when no row fits, the defaults below hold. The due date always
comes from ``loket.core.deadlines.add_working_days``: nothing here counts days itself.
"""

from __future__ import annotations

from datetime import date, datetime

from django.utils import timezone

from ..core.deadlines import add_working_days

#: Working days per channel when the norm table has no row (issue 3: e-mail 5, call-back 2).
DEFAULT_DAYS = {"email": 5, "phone": 2, "web": 5, "counter": 5, "letter": 10}


class NormTable:
    """All norms, read once: an import asks for thousands of due dates."""

    def __init__(self, rows: dict[tuple[str, str], int]):
        self.rows = rows
        self._due: dict[tuple[int, date], date] = {}  # an import asks for the same few days again and again

    @classmethod
    def load(cls) -> NormTable:
        from .models import ServiceNorm

        return cls({(n.channel, n.topic): n.working_days for n in ServiceNorm.objects.all()})

    def days(self, channel: str, topic: str) -> int:
        return self.rows.get((channel, topic)) or self.rows.get((channel, "")) or DEFAULT_DAYS.get(channel, 5)

    def due(self, channel: str, topic: str, received_at: datetime) -> tuple[int, date]:
        days, day = self.days(channel, topic), local_day(received_at)
        if (days, day) not in self._due:
            self._due[days, day] = add_working_days(day, days)
        return days, self._due[days, day]


def local_day(moment: datetime) -> date:
    """The day in the service's time zone (``TIME_ZONE``, Europe/Amsterdam) on which
    something arrived, whatever zone a request may have activated. (Named, the zone is not
    looked up per call: an import asks for a hundred thousand days.)"""
    return timezone.localtime(moment, timezone.get_default_timezone()).date()
