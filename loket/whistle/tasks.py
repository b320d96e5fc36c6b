"""Background tasks of the reporting channel, for the database-backed worker.

Both run once a day (a cron line or a scheduler enqueues them; ``loket whistle
check-deadlines`` and ``loket whistle retention`` do the same by hand). Arguments and
results are plain JSON, as the task queue stores them.
"""

from __future__ import annotations

from datetime import date

from django_tasks import task

from .services import carry_out_retention, check_deadlines


def _day(today: str | None) -> date | None:
    return date.fromisoformat(today) if today else None


@task()
def check_deadlines_task(today: str | None = None) -> dict:
    """The deadline watch (termijnbewaking): remind before a deadline, escalate one that passed."""
    result = check_deadlines(today=_day(today))
    return {
        "checked": result.checked,
        "reminders": result.reminders,
        "breaches": result.breaches,
        "escalated_to": result.escalated_to,
    }


@task()
def carry_out_retention_task(today: str | None = None) -> dict:
    """Carry out the retention decisions (bewaartermijn) that have come due."""
    done = carry_out_retention(today=_day(today))
    return {"deleted": done}
