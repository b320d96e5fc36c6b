"""A bound on the size of every request body, by its media type, before anything reads it.

Django bounds ``request.body`` (``DATA_UPLOAD_MAX_MEMORY_SIZE``, 30 MB: DRF reads a JSON body
whole through it, then decodes and parses it, several times that in memory) and the non-file
fields of a form, but not a multipart body as a whole: its files stream to temporary files
however many and however large they are, so one request could fill the disk. Under WSGI a
body is never longer than its declared Content-Length (without one Django reads nothing), so
refusing a declared length above the bound bounds every body without reading a byte of it.
"""

from django.conf import settings
from django.http import HttpResponseBadRequest, JsonResponse

from .safejson import TooLargeError


def body_limit(content_type: str) -> int:
    """The most bytes a body of this media type may have."""
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json" or media_type.endswith("+json"):
        return settings.API_JSON_MAX_BYTES
    if media_type == "multipart/form-data":
        return settings.MAX_REQUEST_BYTES
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE  # read whole into request.body anyway


class RequestSizeMiddleware:
    """A body declared larger than its :func:`body_limit` is a 400 with the reason, in the
    user's language (after ``LocaleMiddleware``), in the API's error shape under ``/api/``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        declared = request.META.get("CONTENT_LENGTH") or ""
        limit = body_limit(request.META.get("CONTENT_TYPE", ""))
        if declared.isdigit() and int(declared) > limit:
            message = str(TooLargeError(limit))
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)
