from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # A page without inline script or style (the Content-Security-Policy allows none). Redoc
    # is gone: it asks a CDN for its logo and runs its search in a blob worker.
    path(
        "docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
        name="api-docs",
    ),
    path("whistle/", include("loket.whistle.api_urls")),
    path("clients/", include("loket.clients.api_urls")),
    path("contact/", include("loket.contact.api_urls")),
    path("cases/", include("loket.cases.api_urls")),
    path("rules/", include("loket.rules.api_urls")),
    path("decisions/", include("loket.decisions.api_urls")),
    path("portal/", include("loket.portal.api_urls")),
    path("appointments/", include("loket.appointments.api_urls")),
]
