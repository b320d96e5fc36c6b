"""Background work of the clients app, for the database-backed worker.

The relink runs nightly: a cron line or a scheduler enqueues ``relink_task`` (``loket clients
relink`` does the same by hand). The result is plain JSON, as the queue stores it.
"""

from django_tasks import task

from .services.estimation import estimate_weights
from .services.relink import relink


@task()
def relink_task() -> dict:
    """Learn the weights again from the register, then re-cluster it."""
    estimate = estimate_weights()
    report = relink()
    return {
        "estimate": estimate.pk if estimate else None,
        "clients": report.clients,
        "merged": len(report.merged),
        "parted": len(report.parted),
        "ambiguous": report.ambiguous,
    }
