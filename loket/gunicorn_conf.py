"""gunicorn's settings for scripts/prod: its own log lines are JSON lines like Loket's.

Its access log stays off: it would write each request's raw path and query string, which
hold V-numbers and names; Loket's request log (loket.core.request_log) writes the route.
"""

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "loket.core.request_log.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "stream": "ext://sys.stderr"}},
    "root": {"level": "WARNING", "handlers": ["console"]},
    "loggers": {
        "gunicorn.error": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "gunicorn.access": {"handlers": [], "level": "CRITICAL", "propagate": False},
    },
}


def post_worker_init(worker):
    """Move what the worker loaded (Django, the apps, their modules) out of the garbage
    collector's sight: those objects live as long as the worker, yet every full collection
    walked all of them, a pause of about 150 ms every few hundred requests
    (bench/RESULTS.md, My Loket). Objects made while serving are collected as before."""
    import gc

    gc.freeze()
