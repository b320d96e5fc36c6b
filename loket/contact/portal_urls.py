"""The client's web form, mounted at /contact/ in loket/urls.py."""

from django.urls import path

from . import portal_views

app_name = "contact_portal"
urlpatterns = [
    path("", portal_views.ask, name="ask"),
    path("thanks/", portal_views.thanks, name="thanks"),
]
