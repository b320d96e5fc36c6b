"""The staff site's menu, built from what each app offers and the user's roles.

An app adds entries by defining ``desk_nav`` on its AppConfig: a list of
``(label, url name, roles)``; an empty roles tuple means every member of staff.
"""

from django.apps import apps
from django.urls import NoReverseMatch, reverse

from ..core.roles import has_role


def menu_for(user) -> list[dict]:
    items = []
    for config in apps.get_app_configs():
        for label, url_name, roles in getattr(config, "desk_nav", ()):
            if roles and not has_role(user, *roles):
                continue
            try:
                url = reverse(url_name)
            except NoReverseMatch:
                continue
            items.append({"label": label, "url": url})
    return items
