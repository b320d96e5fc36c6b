"""The daily run of the signals on the task queue (``loket worker``); a cron line or a
scheduler enqueues :func:`run_signals_task` once a day, and the dashboard can enqueue it."""

from django_tasks import task

from . import services


@task()
def run_signals_task() -> dict:
    run = services.run_signals(actor="system")
    return {"run": run.pk, "signals": run.count, "new": run.new}
