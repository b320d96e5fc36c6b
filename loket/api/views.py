"""Errors under /api/ are JSON, in the API's one error shape, like every other answer of the
API: an address that names no endpoint, and the errors Django itself answers (400, 403,
500) when a request never reaches a DRF view or breaks it."""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import csrf_exempt

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
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if _is_api(request):
        return JsonResponse({"detail": _("You may not do this.")}, status=403)
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception=None):
    if _is_api(request):
        return not_found(request)
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _is_api(request):
        return JsonResponse({"detail": _("Something went wrong on our side.")}, status=500)
    return defaults.server_error(request)
