from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "loket.contact"
    label = "contact"
    verbose_name = "Contact on every channel and client questions"
