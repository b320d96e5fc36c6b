from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Pages without inline script or style (the Content-Security-Policy allows none).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema", template_name="api/swagger_ui.html"),
         name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html"),
         name="api-redoc"),
    path("whistle/", include("loket.whistle.api_urls")),
    path("clients/", include("loket.clients.api_urls")),
    path("contact/", include("loket.contact.api_urls")),
    path("cases/", include("loket.cases.api_urls")),
    path("rules/", include("loket.rules.api_urls")),
    path("decisions/", include("loket.decisions.api_urls")),
]
