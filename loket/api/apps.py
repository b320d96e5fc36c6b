from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "loket.api"
    label = "api"

    def ready(self):
        from . import authentication  # noqa: F401  (registers the token scheme with drf-spectacular)
