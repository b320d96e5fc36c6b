"""The staff menu: grouped by task, and showing exactly the pages the user may open, read
from the roles each view declares (loket/desk/navigation.py), not from a second list."""

import re

import pytest
from django.urls import resolve, reverse

from loket.core.roles import Role
from loket.desk.navigation import GROUPS, _entries

from .report_fixtures import _cheap_handler_keys, signed_in  # noqa: F401  (fixtures)

STAFF_ROLES = [r for r in Role if r not in (Role.CLIENT, Role.REPRESENTATIVE)]


def menu_links(html: str) -> list[str]:
    nav = re.search(r'<nav class="loket-nav loket-staff-nav"[^>]*>(.*?)</nav>', html, re.S).group(1)
    return re.findall(r'<a class="utrecht-link" href="([^"]+)"', nav)


def every_menu_url() -> list[str]:
    return [reverse(url_name) for _label, url_name, _group, _roles in _entries()]


def test_every_menu_entry_is_read_from_its_views_roles():
    for url in every_menu_url():
        view = resolve(url).func
        assert getattr(view, "required_roles", None), f"{url}: the view declares no roles (roles_required)"


@pytest.mark.parametrize("role", STAFF_ROLES, ids=str)
def test_the_menu_shows_exactly_the_pages_the_role_may_open(role, make_user, org, signed_in):
    client = signed_in(make_user(role, unit=org["team"]))
    shown = menu_links(client.get("/desk/").content.decode())
    assert len(shown) == len(set(shown))
    for url in every_menu_url():
        status = client.get(url).status_code
        if url in shown:
            assert status == 200, f"{role}: the menu links to {url}, which answers {status}"
        else:
            assert status == 403, f"{role}: {url} opens ({status}) but the menu hides it"


def test_the_menu_is_grouped_by_task(make_user, org, signed_in):
    client = signed_in(make_user(Role.TEAM_LEAD, unit=org["team"]))
    client.cookies.pop("django_language", None)
    html = client.get("/desk/").content.decode()
    summaries = re.findall(r'<summary class="loket-menu__summary[^"]*">([^<]+)</summary>', html)
    assert summaries == ["Vragen en contact", "Cliënten", "Zaken en besluiten", "Overzichten", "Integriteit"]
    contact = html[html.index(">Vragen en contact<") : html.index(">Cliënten<")]
    assert 'href="/desk/contact/"' in contact and 'href="/desk/contact/calls/new/"' in contact
    assert 'href="/desk/cases/"' not in contact  # cases sit in their own group
    assert set(GROUPS) >= {"contact", "clients", "cases", "oversight", "integrity"}


def test_the_current_page_is_marked_in_the_menu_and_nested_pages_get_breadcrumbs(make_user, org, signed_in):
    client = signed_in(make_user(Role.TEAM_LEAD, unit=org["team"]))
    client.cookies.pop("django_language", None)
    html = client.get("/desk/cases/late/").content.decode()
    assert '<a class="utrecht-link" href="/desk/cases/late/" aria-current="page">' in html
    html = client.get("/desk/rules/HEAR-01/").content.decode()  # a rule, in the rule catalogue
    crumbs = re.search(r'aria-label="Kruimelpad">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'href="([^"]+)">([^<]+)<', crumbs) == [("/desk/", "Start"), ("/desk/rules/", "Regelcatalogus")]
    assert "Kruimelpad" not in client.get("/desk/").content.decode()
    # A page of the menu does not nest under the entry whose address starts its own.
    html = client.get("/desk/contact/dashboard/").content.decode()
    crumbs = re.search(r'aria-label="Kruimelpad">(.*?)</nav>', html, re.S).group(1)
    assert re.findall(r'href="([^"]+)">([^<]+)<', crumbs) == [("/desk/", "Start")]


def test_a_user_without_roles_gets_no_menu_and_is_told_so(make_user):
    from django.test import Client

    client = Client()
    client.force_login(make_user())
    html = client.get("/desk/").content.decode()
    assert menu_links(html) == []
    assert "Uw rollen geven u op deze site nog geen werk." in html
