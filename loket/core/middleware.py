"""Keeps the reporter's metadata out of every part of the system.

For requests to the reporting channel's public side (the portal's report pages and the
reporter's API) the client address, user agent and forwarding headers are removed from
the request before any other middleware, view or logger can see them. What is left is
``request.reporter_client``: a keyed hash of the address (its /64 for IPv6) whose key is
random, held in this process's memory only and replaced every window, so that a rate
limit can tell clients apart within a minute and nothing can link them afterwards.
"""

import hashlib
import ipaddress
import secrets
import threading
import time

from django.conf import settings
from django.http import HttpResponsePermanentRedirect
from django.middleware.common import CommonMiddleware as DjangoCommonMiddleware
from django.utils.http import escape_leading_slashes

REPORTER_PREFIXES = ("/melden/", "/api/v1/whistle/")
# The same paths without their slash: a request there is redirected, but is the reporter's too.
REPORTER_ROOTS = ("/melden", "/api/v1/whistle")
_STRIPPED = (
    "REMOTE_ADDR",
    "REMOTE_HOST",
    "HTTP_USER_AGENT",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_REAL_IP",
    "HTTP_FORWARDED",
    "HTTP_REFERER",
    "HTTP_VIA",
    "HTTP_CLIENT_IP",
    "HTTP_TRUE_CLIENT_IP",
    "HTTP_CF_CONNECTING_IP",
)


_tag_lock = threading.Lock()
_tag_key: tuple[int, bytes] = (-1, b"")


def _window() -> int:
    return int(time.time()) // getattr(settings, "WHISTLE_RECEIPT_WINDOW_SECONDS", 60)


def client_address(meta) -> str:
    """The client's address; behind a trusted proxy, the last one it was forwarded for."""
    addr = meta.get("REMOTE_ADDR", "")
    trusted = getattr(settings, "REPORTER_TRUSTED_PROXIES", [])
    if addr in trusted:
        hops = [h.strip() for h in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        while hops and hops[-1] in trusted:
            hops.pop()
        addr = hops[-1] if hops else addr
    return addr


def client_tag(addr: str) -> str:
    """A keyed hash of the address under this window's random key ("" without one)."""
    global _tag_key
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return ""
    network = ipaddress.ip_network(f"{ip}/64", strict=False) if ip.version == 6 else ip
    window = _window()
    with _tag_lock:
        if _tag_key[0] != window:
            _tag_key = (window, secrets.token_bytes(32))
        key = _tag_key[1]
    return f"{window}:" + hashlib.blake2b(str(network).encode(), key=key, digest_size=16).hexdigest()


def is_reporter_path(path: str) -> bool:
    return path.startswith(REPORTER_PREFIXES) or path in REPORTER_ROOTS


class ReporterPrivacyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_reporter_path(request.path_info):
            request.reporter_client = client_tag(client_address(request.META))
            for key in _STRIPPED:
                request.META.pop(key, None)
            request.META["REMOTE_ADDR"] = "0.0.0.0"
            request.reporter_request = True
        else:
            request.reporter_request = False
        response = self.get_response(request)
        if request.reporter_request:
            response["Referrer-Policy"] = "no-referrer"
            response["Cache-Control"] = "no-store"
        return response


class PermanentRedirectKeepingMethod(HttpResponsePermanentRedirect):
    """308: like 301, but the browser repeats the same method with the same body."""

    status_code = 308


class CommonMiddleware(DjangoCommonMiddleware):
    """Django's CommonMiddleware, with APPEND_SLASH for every method.

    Django answers ``POST /melden`` (no slash) with a 301, which turns the POST into a GET
    and loses what was typed, or, under DEBUG, with a RuntimeError (a 500). A 308 sends
    the same POST on to ``/melden/``, where CSRF and the view check it as usual.
    """

    def get_full_path_with_slash(self, request):
        return escape_leading_slashes(request.get_full_path(force_append_slash=True))

    def process_response(self, request, response):
        if (
            response.status_code == 404
            and request.method not in ("GET", "HEAD")
            and self.should_redirect_with_slash(request)
        ):
            return PermanentRedirectKeepingMethod(self.get_full_path_with_slash(request))
        return super().process_response(request, response)
