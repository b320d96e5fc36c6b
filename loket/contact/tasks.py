"""Background work of the contact app, for the database-backed worker.

The question window is learned again nightly, as the register grows: a cron line or a
scheduler enqueues ``estimate_window_task`` (``loket contact estimate-window`` does the same
by hand). The result is plain JSON, as the queue stores it.
"""

from django_tasks import task

from .services.question_window import estimate_window
from .services.questions import finish_regroups


@task()
def estimate_window_task() -> dict:
    """Learn how long a question stays open from the e-mail replies on file."""
    estimate = estimate_window()
    return {"estimate": estimate.pk if estimate else None, "days": estimate.days if estimate else None}


@task()
def regroup_task() -> dict:
    """Join the open questions of clients whose merge was cut short before its regrouping
    (a process killed between the two; see ``signals.on_clients_merged``). Not while an
    import runs: the clients it merges are on the same list until it ends, and it regroups
    them itself."""
    return {"questions_joined": finish_regroups(actor="regroup", reason="clients merged before an interruption")}
