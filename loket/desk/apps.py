from django.apps import AppConfig


class DeskConfig(AppConfig):
    name = "loket.desk"
    label = "desk"
