"""Keeps the reporter's metadata out of every part of the system.

For requests to the reporting channel's public side (the portal's report pages and the
reporter's API) the client address, user agent and forwarding headers are removed from
the request before any other middleware, view or logger can see them.
"""
REPORTER_PREFIXES = ("/melden/", "/api/v1/whistle/")
_STRIPPED = ("REMOTE_ADDR", "REMOTE_HOST", "HTTP_USER_AGENT", "HTTP_X_FORWARDED_FOR", "HTTP_X_REAL_IP",
             "HTTP_FORWARDED", "HTTP_REFERER", "HTTP_VIA", "HTTP_CLIENT_IP", "HTTP_TRUE_CLIENT_IP",
             "HTTP_CF_CONNECTING_IP")


def is_reporter_path(path: str) -> bool:
    return path.startswith(REPORTER_PREFIXES)


class ReporterPrivacyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if is_reporter_path(request.path_info):
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
