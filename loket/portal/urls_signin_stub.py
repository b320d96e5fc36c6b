"""TEMPORARY (i-mylok): stand-ins for the sign-in pages that the DigiD branch provides, so that
``client_required`` can redirect in this branch. The lead drops this file at merge."""

from django.http import HttpResponse
from django.urls import path


def _stub(request):
    return HttpResponse("sign-in stub", content_type="text/plain")


urlpatterns = [
    path("inloggen/", _stub, name="sign_in"),
    path("inloggen/kies/", _stub, name="choose_client"),
]
