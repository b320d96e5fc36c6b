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
        from loket.clients.hooks import CLIENT_TIMELINE, CONTACT_IDENTITIES
        from loket.clients.signals import clients_merged, merge_undone, review_decided

        from .selectors import sender_identities, timeline_for
        from .signals import on_clients_merged, on_merge_undone, on_review_decided

        CLIENT_TIMELINE.provide(timeline_for)
        CONTACT_IDENTITIES.provide(sender_identities)

        review_decided.connect(on_review_decided, dispatch_uid="contact.review_decided")
        clients_merged.connect(on_clients_merged, dispatch_uid="contact.clients_merged")
        merge_undone.connect(on_merge_undone, dispatch_uid="contact.merge_undone")
