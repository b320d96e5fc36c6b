"""Structured logs without personal data: one JSON line per request, and nothing else that
could carry a name, V-number, receipt or e-mail address.

A request is logged by its route (``desk/cases/<str:reference>/``) and the view's name,
never by its path or query string, which hold ids and search terms; no address, user or
body is logged. Django's own records (``Not Found: /path``) lose the path, and a traceback
keeps its frames and exception type but not the exception's message, which may quote a
value. Health probes and the reporting channel's requests are not logged.
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
        # The reporting channel's requests are not logged at all: a time to the millisecond
        # could tie a report to a person (the channel keeps no time beyond its minute window).
        if request.path_info not in UNLOGGED_PATHS and not getattr(request, "reporter_request", False):
            match = getattr(request, "resolver_match", None)
            logger.info(
                "request",
                extra={
                    "request_id": request.request_id,
                    "method": request.method if request.method in _METHODS else "OTHER",
                    "route": match.route if match else None,
                    "view": match.view_name if match else None,
                    "status": response.status_code,
                    "duration_ms": round((time.perf_counter() - start) * 1000, 1),
                },
            )
        return response


_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}


class WithholdPathFilter(logging.Filter):
    """Django's request records name the path (``Not Found: %s``): it is replaced by the route."""

    def filter(self, record):
        request = getattr(record, "request", None)
        if request is not None:
            paths = {request.path, request.path_info, request.get_full_path()}
            if isinstance(record.args, tuple):
                record.args = tuple(WITHHELD if isinstance(arg, str) and arg in paths else arg for arg in record.args)
            match = getattr(request, "resolver_match", None)
            record.route = match.route if match else None
            record.request_id = getattr(request, "request_id", None)
            del record.request  # the request object itself must not be serialised
        return True


WITHHELD = "[path withheld]"


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
