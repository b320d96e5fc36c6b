"""``/healthz``: whether this node can serve, for load balancers and scripts/prod.

It answers JSON without signing in and says nothing about anyone: whether the database
answers, whether every migration is applied, and how long the oldest task that is due has
waited in the queue. It reads no case, client or report, so it writes no audit entry, and
the request log leaves it out. 200 when the node can serve (``ok``, or ``degraded`` when
the task queue lags), 503 when it cannot.
"""

import os

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Migrations are not undone while the site runs: once all are applied, a process stops asking.
_migrated = False


def _migrations_pending() -> int:
    global _migrated
    if _migrated:
        return 0
    executor = MigrationExecutor(connection)
    pending = len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    _migrated = pending == 0
    return pending


def _oldest_due_task_age() -> float | None:
    from django_tasks_db.models import DBTaskResult

    enqueued = DBTaskResult.objects.ready().order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
    return None if enqueued is None else round((timezone.now() - enqueued).total_seconds(), 1)


@never_cache
@require_safe
def healthz(request):
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
        pending = _migrations_pending()
        checks["migrations"] = "ok" if pending == 0 else f"{pending} pending"
        checks["task_backlog_seconds"] = _oldest_due_task_age()
    except DatabaseError as exc:
        checks["database"] = f"unreachable ({type(exc).__name__})"
    if checks["database"] != "ok" or checks.get("migrations") != "ok":
        status, code = "fail", 503
    else:
        limit = float(os.environ.get("LOKET_HEALTH_MAX_TASK_WAIT", "900"))
        age = checks["task_backlog_seconds"]
        status, code = ("degraded" if age is not None and age > limit else "ok"), 200
    return JsonResponse({"status": status, "checks": checks}, status=code)
