"""Errors under /api/ are JSON, in the API's one error shape, like every other answer of the
API: an address that names no endpoint, and the errors Django itself answers (400, 403,
500) when a request never reaches a DRF view or breaks it. Elsewhere they are the site's
own pages (loket/core/errors.py)."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from loket.core import errors

API_PREFIX = "/api/"


def _is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


@csrf_exempt  # a POST to a wrong address is a 404, not Django's HTML page for a missing CSRF cookie
def not_found(request, *args, **kwargs):
    """The last route under /api/v1/: no HTML page for a path that is not in the schema."""
    return JsonResponse({"detail": _("There is no API endpoint at this address.")}, status=404)


def bad_request(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("The request could not be read.")}, status=400)
    return errors.render_error(request, 400)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("You may not do this.")}, status=403)
    return errors.render_error(request, 403, errors.permission_denied_context(exception))


def page_not_found(request, exception=None):
    if _is_api(request):
        return not_found(request)
    return errors.render_error(request, 404)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": _("Something went wrong on our side.")}, status=500)
    return errors.server_error_page(request)
