"""The staff menu works out its URLs and views once, not on every staff page; who sees an
entry is still decided per user."""

import pytest

from loket.core.roles import Role
from loket.desk import navigation

pytestmark = pytest.mark.django_db


def test_the_menu_reverses_and_resolves_its_urls_once(make_user, org, monkeypatch):
    lead = make_user(Role.TEAM_LEAD, unit=org["team"])
    agent = make_user(Role.CONTACT_AGENT, unit=org["team"])
    lead_menu, agent_menu = navigation.menu_for(lead), navigation.menu_for(agent)

    def not_again(*args, **kwargs):
        raise AssertionError("the menu reversed or resolved a URL again")

    monkeypatch.setattr(navigation, "reverse", not_again)
    monkeypatch.setattr(navigation, "resolve", not_again)
    assert navigation.menu_for(lead) == lead_menu
    assert navigation.menu_for(agent) == agent_menu
    lead_urls, agent_urls = {i["url"] for i in lead_menu}, {i["url"] for i in agent_menu}
    assert "/desk/cases/" in lead_urls and "/desk/cases/" not in agent_urls
    assert "/desk/contact/" in agent_urls
