from django.contrib import admin
from django.urls import include, path

from loket.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("loket.core.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("loket.api.urls")),
    path("desk/", include("loket.desk.urls")),
    path("contact/", include("loket.contact.portal_urls")),
    path("", include("loket.portal.urls")),
]
