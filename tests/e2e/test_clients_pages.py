"""Browser test of the clients pages: an agent finds a client by another spelling, opens the
file, and places a doubtful contact from the review queue, by keyboard; axe-core finds no
serious violation on any of the pages."""

import re

import pytest

from loket.clients.services import ContactIdentity, link_contact, register_client
from loket.core.roles import Role


@pytest.mark.django_db(transaction=True)
def test_agent_searches_opens_and_decides(page, sign_in, make_user, assert_accessible):
    ahmed = register_client(
        identity=ContactIdentity(name="أحمد الحسن", birth_date="1988-03-14", v_number="1234567890"), actor="counter"
    )
    register_client(identity=ContactIdentity(name="Ahmed Al-Hassan", birth_date="1990"), actor="counter")
    item = link_contact(identity=ContactIdentity(name="Achmed Alhassan", email="a@example.org"), actor="mail").review
    sign_in(make_user(Role.CONTACT_AGENT))

    page.goto("/desk/clients/")
    assert_accessible(page)
    page.focus("#id_q")
    page.keyboard.type("Achmed Alhassan")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"q=Achmed"))
    assert_accessible(page)
    page.get_by_role("link", name=re.compile("أحمد الحسن")).click()
    page.wait_for_url(f"**/desk/clients/{ahmed.pk}/")
    assert page.locator("h1").inner_text().startswith("أحمد الحسن")
    assert_accessible(page)

    page.goto("/desk/clients/review/")
    assert_accessible(page)
    page.locator(f"#id_r{item.pk}-decision_0").focus()
    page.keyboard.press("Space")
    page.locator(f"form[action$='/review/{item.pk}/'] button[type=submit]").focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "now belongs to client" in page.content() or "hoort nu bij cliënt" in page.content()
    item.refresh_from_db()
    assert item.client is not None and item.status == "linked"
    assert_accessible(page)
