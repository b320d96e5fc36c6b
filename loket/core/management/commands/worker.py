"""``loket worker``: a background worker for the database-backed task queue."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker


class Command(DatabaseWorker):
    help = "Run background tasks from the database queue (set LOKET_TASKS_BACKEND=django_tasks_db.DatabaseBackend)."
