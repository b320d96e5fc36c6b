"""The URLs of DigiD, in the names the library uses ("digid", "digid-mock"), pointing at
Loket's subclasses (loket/portal/digid.py)."""

from digid_eherkenning.mock.idp.views.digid import DigiDMockIDPLoginView
from digid_eherkenning.models import DigidConfiguration
from digid_eherkenning.saml2.digid import generate_digid_metadata
from digid_eherkenning.views.metadata import MetadataView
from django.conf import settings
from django.urls import include, path

from . import digid

if settings.PORTAL_DIGID == "mock":
    digid_patterns = [
        path("login/", digid.MockLoginView.as_view(), name="login"),
        path("acs/", digid.MockACSView.as_view(), name="acs"),
    ]
    idp_patterns = [
        path("inloggen/", DigiDMockIDPLoginView.as_view(), name="login"),
        path("inloggen_bsn/", digid.MockIdPBSNView.as_view(), name="bsn"),
    ]
else:
    digid_patterns = [
        path("login/", digid.SamlLoginView.as_view(), name="login"),
        path("acs/", digid.SamlACSView.as_view(), name="acs"),
        # The service provider's metadata, for DigiD's registration (public by nature).
        path(
            "metadata/",
            MetadataView.as_view(
                config_model=DigidConfiguration,
                metadata_generator=generate_digid_metadata,
                filename="digid-metadata.xml",
            ),
            name="metadata",
        ),
    ]
    idp_patterns = []

urlpatterns = [path("digid/", include((digid_patterns, "digid")))]
if idp_patterns:
    urlpatterns.append(path("digid-mock/", include((idp_patterns, "digid-mock"))))
