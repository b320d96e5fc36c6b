"""The staff site's menu, built from what each app offers and the roles its views need.

An app adds entries by defining ``desk_nav`` on its AppConfig: a list of
``(label, url name, group)``, where group is one of :data:`GROUPS` (the task the page
serves). Who sees an entry is not written here: the menu asks the view behind the URL
which roles it needs (``loket.core.roles.roles_required``), so a link is shown exactly
to the users the page lets in. An older entry ``(label, url name, roles)`` still works
for a view that declares no roles.
"""

import functools

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, Resolver404, get_script_prefix, get_urlconf, resolve, reverse
from django.utils.translation import gettext_lazy as _

from ..core.roles import has_role, view_allows

#: The staff site's tasks, in menu order; an entry with an unknown group goes under "More".
GROUPS = {
    "contact": _("Questions and contact"),
    "clients": _("Clients"),
    "cases": _("Cases and decisions"),
    "oversight": _("Dashboards"),
    "integrity": _("Integrity"),
    "other": _("More"),
}


def _entries():
    for config in apps.get_app_configs():
        for label, url_name, *rest in getattr(config, "desk_nav", ()):
            group, roles = "other", None
            for extra in rest:
                if isinstance(extra, str):
                    group = extra if extra in GROUPS else "other"
                else:
                    roles = tuple(extra)
            yield label, url_name, group, roles


def may_open(user, url: str, fallback_roles=None) -> bool:
    """Whether the view at ``url`` lets ``user`` in, by the roles the view declares."""
    try:
        view = resolve(url).func
    except Resolver404:
        return False
    allowed = view_allows(view, user)
    if allowed is None:  # a view that declares no roles: only an explicit list can show it
        return bool(fallback_roles) and has_role(user, *fallback_roles)
    return allowed


@functools.lru_cache(maxsize=16)
def _resolved(urlconf, root_urlconf, prefix) -> tuple:
    """Every entry with its URL and the view behind it, worked out once per process (and URL
    configuration): reversing and resolving some 25 URLs on every staff page cost more than
    the rest of the menu. Who may open them is still asked per user, per request."""
    found = []
    for label, url_name, group, roles in _entries():
        try:
            url = reverse(url_name)
            view = resolve(url).func
        except (NoReverseMatch, Resolver404):
            continue
        found.append((label, url, group, roles, view))
    return tuple(found)


def menu_for(user) -> list[dict]:
    items = []
    for label, url, group, roles, view in _resolved(get_urlconf(), settings.ROOT_URLCONF, get_script_prefix()):
        allowed = view_allows(view, user)
        if allowed is None:  # as may_open: a view that declares no roles needs an explicit list
            allowed = bool(roles) and has_role(user, *roles)
        if allowed:
            items.append({"label": label, "url": url, "group": group})
    return items


def grouped_menu_for(user) -> list[dict]:
    """The menu as task groups: ``[{"key", "label", "items"}]``, empty groups left out."""
    items = menu_for(user)
    return [
        {"key": key, "label": label, "items": [i for i in items if i["group"] == key]}
        for key, label in GROUPS.items()
        if any(i["group"] == key for i in items)
    ]
