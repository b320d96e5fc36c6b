"""The staff site (/desk/). Each part of it keeps its own URL module."""

from django.urls import include, path

from . import views

app_name = "desk"
urlpatterns = [
    path("", views.home, name="home"),
    path("reports/", include("loket.desk.urls_reports")),
    path("integrity/access/", include("loket.integrity.urls")),
    path("integrity/", include("loket.desk.urls_integrity")),
    path("clients/", include("loket.clients.urls")),
    path("contact/", include("loket.contact.urls")),
    path("cases/", include("loket.cases.urls")),
    path("rules/", include("loket.rules.urls")),
    path("decisions/", include("loket.decisions.urls")),
    path("signals/", include("loket.integrity.signals.urls")),
]
