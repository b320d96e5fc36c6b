"""Staff and client roles (DESIGN.md, cross-cutting rules).

Roles are Django groups named by the codes below, so an administrator can grant them in
the admin and a user can hold several. Permissions are checked in services with
:func:`require_role`, never in views alone.
A view states the roles it needs once, with :func:`roles_required`; the staff menu reads
them from the view (:func:`view_allows`), so it never shows a link its user cannot open.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    CLIENT = "client", _("client")
    REPRESENTATIVE = "representative", _("representative (gemachtigde)")
    CONTACT_AGENT = "contact_agent", _("contact agent")
    COUNTER_AGENT = "counter_agent", _("counter agent")
    DECISION_OFFICER = "decision_officer", _("decision officer")
    OBJECTION_OFFICER = "objection_officer", _("objection officer")
    SECOND_READER = "second_reader", _("second reader")
    TEAM_LEAD = "team_lead", _("team lead")
    INTEGRITY_OFFICER = "integrity_officer", _("integrity officer")
    REPORT_HANDLER = "report_handler", _("reporting-channel handler")
    INVESTIGATOR = "investigator", _("investigator")
    ADMINISTRATOR = "administrator", _("administrator")
    TRANSLATOR = "translator", _("translator")


#: Roles that may read reports of the reporting channel; they sign in with a second factor.
REPORT_READER_ROLES = frozenset({Role.REPORT_HANDLER, Role.INVESTIGATOR, Role.INTEGRITY_OFFICER})


def user_roles(user) -> frozenset[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return frozenset()
    cached = getattr(user, "_loket_roles", None)
    if cached is None:
        cached = frozenset(user.groups.values_list("name", flat=True))
        user._loket_roles = cached
    return cached


def has_role(user, *roles: str) -> bool:
    return bool(user_roles(user) & {str(r) for r in roles})


def can_translate(user) -> bool:
    """Who may correct the client texts in the translators' catalogues (django-rosetta)."""
    return has_role(user, Role.TRANSLATOR)


class RoleRequired(PermissionDenied):
    """A PermissionDenied that names the roles the page or action needs, so that the 403 page
    can tell the user which role to ask for."""

    def __init__(self, roles):
        self.roles = tuple(str(r) for r in roles)
        super().__init__(
            _("This action needs one of these roles: %(roles)s.") % {"roles": ", ".join(role_labels(self.roles))}
        )


def role_labels(roles) -> list[str]:
    """The roles' names in the current language; a code that is no role is shown as it is."""
    labels = dict(Role.choices)
    return [str(labels.get(str(r), r)) for r in roles]


def require_role(user, *roles: str) -> None:
    """Raise RoleRequired (a PermissionDenied) unless ``user`` holds one of ``roles``."""
    if not has_role(user, *roles):
        raise RoleRequired(roles)


def roles_required(*roles: str):
    """Decorate a view that needs one of ``roles``: checked on every request (403 otherwise)
    and kept on the view as ``required_roles``, where the menus read it."""

    def decorate(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        wrapped.required_roles = frozenset(str(r) for r in roles)
        return wrapped

    return decorate


def view_allows(view, user) -> bool | None:
    """Whether ``user`` may open ``view`` by its declared roles; None when it declares none."""
    roles = getattr(view, "required_roles", None)
    if roles is None:
        return None
    return has_role(user, *roles)
