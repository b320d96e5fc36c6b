"""Where and why data is read or changed: the origin (the page or API operation) and the
purpose of a request (BIO2 8.15.01; the Logboek Dataverwerkingen standard).

Set once per request by :class:`AccessContextMiddleware`, read by
:func:`loket.core.audit.record`, so that every audit entry written while a request runs
carries them without each view passing them on. A view or service that knows a narrower
purpose (breaking the glass, an integrity investigation) says so with :func:`purpose`.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

_origin: ContextVar[str] = ContextVar("loket_audit_origin", default="")
_purpose: ContextVar[str] = ContextVar("loket_audit_purpose", default="")

#: The purpose of the work done through a part of the site, by URL namespace (the first match wins).
PURPOSES = (
    ("desk:cases", "case handling"),
    ("desk:decisions", "case handling"),
    ("desk:integrity_access", "integrity oversight"),
    ("desk:integrity", "integrity oversight"),
    ("desk:reports", "reporting channel"),
    ("desk:clients", "client file"),
    ("desk:contact", "client contact"),
    ("desk", "staff work"),
    ("api", "partner system"),
    ("portal", "client service"),
)


def current() -> dict[str, str]:
    """The origin and purpose in force ({} outside a request, a command or a task)."""
    found = {}
    if origin := _origin.get():
        found["origin"] = origin
    if purpose_ := _purpose.get():
        found["purpose"] = purpose_
    return found


@contextmanager
def purpose(text: str):
    """Work done inside this block has ``text`` as its purpose."""
    token = _purpose.set(text)
    try:
        yield
    finally:
        _purpose.reset(token)


@contextmanager
def origin(text: str, purpose_text: str = ""):
    """Work done inside this block comes from ``text`` (a command, a task)."""
    tokens = (_origin.set(text), _purpose.set(purpose_text or _purpose.get()))
    try:
        yield
    finally:
        _origin.reset(tokens[0])
        _purpose.reset(tokens[1])


def purpose_of(view_name: str) -> str:
    for prefix, text in PURPOSES:
        if view_name == prefix or view_name.startswith(prefix + ":"):
            return text
    return ""


class AccessContextMiddleware:
    """Names the page or API operation of every request, for the audit entries it writes."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tokens = (_origin.set(""), _purpose.set(""))
        try:
            return self.get_response(request)
        finally:
            _origin.reset(tokens[0])
            _purpose.reset(tokens[1])

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        name = (match.view_name if match else "") or getattr(view_func, "__name__", "")
        kind = "api" if request.path_info.startswith("/api/") else "page"
        _origin.set(f"{kind}:{name} {request.method}")
        _purpose.set(purpose_of("api" if kind == "api" else name))
        return None
