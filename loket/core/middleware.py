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

REPORTER_PREFIXES = ("/melden/", "/api/v1/whistle/")
_STRIPPED = ("REMOTE_ADDR", "REMOTE_HOST", "HTTP_USER_AGENT", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP",
             "HTTP_FORWARDED", "HTTP_REFERER", "HTTP_VIA", "HTTP_CLIENT_IP", "HTTP_TRUE_CLIENT_IP",
             "HTTP_CF_CONNECTING_IP")


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
    return path.startswith(REPORTER_PREFIXES)


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
