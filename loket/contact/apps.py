from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContactConfig(AppConfig):
    name = "loket.contact"
    label = "contact"
    verbose_name = _("Contact on every channel and client questions")
    desk_nav = [
        # Who sees each link is read from its view (loket/desk/navigation.py).
        (_("Work queue"), "desk:contact:queue", "contact"),
        (_("Record a call"), "desk:contact:record_call", "contact"),
        (_("Record a counter visit"), "desk:contact:record_visit", "contact"),
        (_("Register a letter"), "desk:contact:register_letter", "contact"),
        (_("Tasks"), "desk:contact:tasks", "contact"),
        (_("Reachability dashboard"), "desk:contact:dashboard", "oversight"),
    ]

    def ready(self):
        from loket.clients.hooks import CLIENT_TIMELINE
        from loket.clients.signals import clients_merged, review_decided

        from .selectors import timeline_for
        from .signals import on_clients_merged, on_review_decided

        CLIENT_TIMELINE.provide(timeline_for)

        review_decided.connect(on_review_decided, dispatch_uid="contact.review_decided")
        clients_merged.connect(on_clients_merged, dispatch_uid="contact.clients_merged")
