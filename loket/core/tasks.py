"""Background tasks of the core: the audit log's hourly signed checkpoint.

A cron line (``0 * * * * loket audit checkpoint``) or a scheduler enqueueing this task on
the database-backed worker writes it; the result is plain JSON, as the queue stores it.
"""

from django_tasks import task

from . import audit_checkpoints


@task()
def write_audit_checkpoint_task() -> dict:
    """Sign the audit log's state outside the database, and mail it to the integrity officers."""
    cp = audit_checkpoints.write()
    return {"seq": cp.seq, "count": cp.count, "at": cp.at.isoformat()}
