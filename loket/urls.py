from django.contrib import admin
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView

from loket.api import views as api_views
from loket.core.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico whatever the page links; the icon itself is a static file.
    path("favicon.ico", RedirectView.as_view(url=static("loket/favicon.ico"), permanent=True)),
    path("i18n/", include("django.conf.urls.i18n")),
    path("account/", include("loket.core.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", include("loket.api.urls")),
    re_path(r"^api/", api_views.not_found),  # under /api/ even a wrong address is answered in JSON
    path("desk/translations/", include("rosetta.urls")),  # translators only (loket/core/translations.py)
    path("desk/", include("loket.desk.urls")),
    path("contact/", include("loket.contact.portal_urls")),
    path("", include("loket.portal.digid_urls")),  # DigiD (the mock in the demo), README "Clients sign in"
    path("desk/appointments/", include("loket.appointments.urls")),
    path("appointments/", include("loket.appointments.portal_urls")),
    path("", include("loket.portal.urls")),
]

# Under /api/ these answer in JSON (loket/api/views.py), elsewhere as Django does.
handler400 = "loket.api.views.bad_request"
handler403 = "loket.api.views.permission_denied"
handler404 = "loket.api.views.page_not_found"
handler500 = "loket.api.views.server_error"
