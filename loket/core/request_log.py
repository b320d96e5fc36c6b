"""Structured logs without personal data: one JSON line per request, and nothing else that
could carry a name, V-number, receipt or e-mail address.

A request is logged by its route (``desk/cases/<str:reference>/``) and the view's name,
never by its path or query string, which hold ids and search terms; no address, user or
body is logged. Django's own records (``Not Found: /path``) lose the path, and a traceback
keeps its frames and exception type but not the exception's message, which may quote a
value. Health probes are not logged.
"""
import logging
import re
import time
import traceback
import uuid
from datetime import UTC, datetime

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

logger = logging.getLogger("loket.request")
# A request id from the proxy is kept only if it looks like one (it is echoed to logs).
_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
UNLOGGED_PATHS = ("/healthz",)


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.META.get("HTTP_X_REQUEST_ID", "")
        request.request_id = given if _REQUEST_ID.match(given) else uuid.uuid4().hex
        start = time.perf_counter()
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        if request.path_info not in UNLOGGED_PATHS:
            match = getattr(request, "resolver_match", None)
            logger.info("request", extra={
                "request_id": request.request_id,
                "method": request.method if request.method in _METHODS else "OTHER",
                "route": match.route if match else None,
                "view": match.view_name if match else None,
                "status": response.status_code,
                "duration_ms": round((time.perf_counter() - start) * 1000, 1),
            })
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class WithholdPathFilter(logging.Filter):
    """Django's request records say ``<reason>: <path>``; keep the reason and the status."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None:
            reason = record.args[0] if isinstance(record.args, tuple) and record.args else record.msg
            record.msg, record.args = "%s", (str(reason),)
            match = getattr(request, "resolver_match", None)
            record.route = match.route if match else None
            record.request_id = getattr(request, "request_id", None)
            del record.request  # the request object itself must not be serialised
        return True


class JsonFormatter(_JsonFormatter):
    """One JSON object per line: time, level, logger, message and the record's extras."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("fmt", "{asctime}{levelname}{name}{message}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault("rename_fields", {"asctime": "time", "levelname": "level", "name": "logger"})
        super().__init__(*args, **kwargs)

    def formatTime(self, record, datefmt=None):
        return datetime.fromtimestamp(record.created, tz=UTC).isoformat(timespec="milliseconds")

    def formatException(self, exc_info):
        # Where it failed and with what type, not the message (it may quote personal data).
        exc_type, _exc, tb = exc_info
        frames = "".join(traceback.format_tb(tb))
        return f"Traceback (most recent call last):\n{frames}{exc_type.__module__}.{exc_type.__qualname__}"

    def formatStack(self, stack_info):
        return stack_info
