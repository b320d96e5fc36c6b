from django.apps import AppConfig


class ClientsConfig(AppConfig):
    name = "loket.clients"
    label = "clients"
    verbose_name = "Clients: identity, matching, merging"
